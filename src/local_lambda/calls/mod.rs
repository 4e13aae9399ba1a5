//! Local runs: the Runtime API server, the instances (child processes), and the pool that
//! hands each invocation to an idle instance or starts a new one.

pub mod runner;

pub use runner::LocalRunner;
