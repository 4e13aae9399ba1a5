//! Local runs: the Runtime API server, the instances (child processes), and the pool that
//! hands each invocation to an idle instance or starts a new one.

pub mod download;
pub mod environment;
pub mod instance;
pub mod invoke_locally;
pub mod memory;
pub mod output;
pub mod resolve;
pub mod run;
pub mod runner;
pub mod runtime_api;
pub mod shims;

pub use environment::local_environment;
pub use invoke_locally::invoke_locally;
pub use resolve::resolve_function;
pub use runner::{InvokeContext, LocalRunner};
