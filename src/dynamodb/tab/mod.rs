//! A table tab's state: its items, its writes and its transfers.

pub mod command;
pub mod item_writes;
pub mod items_state;
pub mod schema_state;
pub mod stream_local;
pub mod stream_state;
pub mod table_tab;
pub mod transfer_calls;
pub mod transfer_state;
pub mod write_calls;

pub use command::TableCommand;
pub use stream_local::LocalSend;
pub use stream_state::StreamCommand;
pub use table_tab::{TableContext, TableTab};
