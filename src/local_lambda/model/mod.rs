//! Pure types of local runs: what a function is locally, what one run gave, what an instance is.

pub mod code_package;
pub mod instance;
pub mod local_function;
pub mod local_invocation;
pub mod local_log;
pub mod local_only;
pub mod local_setup;
pub mod local_setups;
pub mod process_env;
pub mod runtime_api;
pub mod setup_draft;

pub use instance::{InstanceSnapshot, InstanceState};
pub use local_function::{
    LocalCredentials, LocalEnvironment, LocalFunction, LocalRuntimeKind, connection_key,
};
pub use local_invocation::LocalInvocation;
pub use local_setup::LocalSetup;
pub use local_setups::LocalSetups;
