//! Pieces every service uses: errors and resource names, the background bridge, SDK helpers
//! and widgets.

pub mod bridge;
pub mod calls;
pub mod clock;
pub mod model;
pub mod widgets;
