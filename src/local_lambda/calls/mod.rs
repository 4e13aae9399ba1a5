//! Local runs: the Runtime API server, the instances (child processes), and the pool that
//! hands each invocation to an idle instance or starts a new one.

pub mod download;
pub mod environment;
pub mod invoke_locally;
pub mod resolve;
pub mod runner;

pub use environment::local_environment;
pub use invoke_locally::invoke_locally;
pub use resolve::resolve_function;
pub use runner::LocalRunner;
