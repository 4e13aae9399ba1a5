//! A table tab's state: its items, its writes and its transfers.

pub mod item_writes;
pub mod items_state;
pub mod transfer_state;
