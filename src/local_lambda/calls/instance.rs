//! One local instance (Lambda's execution environment): the runtime's process, its Runtime API
//! server and its output. The process runs in its own process group, which is killed whole.

use std::os::unix::fs::PermissionsExt as _;
use std::os::unix::process::ExitStatusExt as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::watch;

use crate::local_lambda::calls::output::OutputLog;
use crate::local_lambda::calls::runner::OPERATION;
use crate::local_lambda::calls::runtime_api::{Job, RuntimeApi};
use crate::local_lambda::calls::shims;
use crate::local_lambda::model::local_log::{ExitKind, log_stream_name};
use crate::local_lambda::model::process_env::{ProcessPlaces, process_environment};
use crate::local_lambda::model::{
    InstanceState, LocalEnvironment, LocalFunction, LocalRuntimeKind,
};
use crate::shared::model::{ErrorKind, ServiceError};

/// Instances are reused only for the same function configuration and environment.
pub type InstanceKey = (LocalFunction, LocalEnvironment);

/// What an instance is doing, as the pool and the UI see it.
#[derive(Clone, Debug)]
pub struct Status {
    pub state: InstanceState,
    pub invocations: u64,
    pub memory_used_mb: Option<u32>,
}

/// A started instance.
pub struct Instance {
    pub id: u64,
    pub key: InstanceKey,
    pub pid: u32,
    pub started: Instant,
    pub api: Arc<RuntimeApi>,
    pub output: Arc<OutputLog>,
    /// `Some` once the runtime's process has exited.
    pub exit: watch::Receiver<Option<ExitKind>>,
    status: Mutex<Status>,
}

impl Instance {
    pub fn status(&self) -> MutexGuard<'_, Status> {
        self.status
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn has_exited(&self) -> bool {
        self.exit.borrow().is_some()
    }

    /// Kills the process group (the runtime and anything it started) and stops the server.
    pub fn kill(&self) {
        if !self.has_exited() {
            kill_group(self.pid);
        }
        self.api.shut_down();
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}

fn kill_group(pid: u32) {
    let Ok(group) = libc::pid_t::try_from(pid) else {
        return;
    };
    if group > 1 {
        // SAFETY: killpg only sends a signal; the group is the one the child leads
        // (process_group(0)), so nothing outside the instance is signalled.
        unsafe {
            libc::killpg(group, libc::SIGKILL);
        }
    }
}

fn failed(message: String) -> ServiceError {
    ServiceError::new(OPERATION, ErrorKind::Other, message)
}

/// The program and arguments that start `function`'s runtime.
fn program(
    function: &LocalFunction,
    cache_dir: &Path,
) -> Result<(PathBuf, Vec<PathBuf>), ServiceError> {
    let kind = LocalRuntimeKind::of_runtime(&function.runtime).ok_or_else(|| {
        failed(format!(
            "{} runs on {}; Stratus runs Python, Node.js and provided functions locally",
            function.name, function.runtime
        ))
    })?;
    let interpreter = |default: &str, what: &str| match &function.interpreter {
        Some(path) if is_executable(path) => Ok(path.clone()),
        Some(path) => Err(failed(format!(
            "The interpreter {} is not an executable file: set another for {}'s local runs",
            path.display(),
            function.name
        ))),
        None => find_on_path(default).ok_or_else(|| {
            failed(format!(
                "{default} was not found on PATH: set the interpreter for {}'s local runs ({what})",
                function.name
            ))
        }),
    };
    match kind {
        LocalRuntimeKind::Python => Ok((
            interpreter("python3", "a virtualenv's python")?,
            vec![shims::python_bootstrap(cache_dir)],
        )),
        LocalRuntimeKind::Node => Ok((
            interpreter("node", "a Node version's node")?,
            vec![shims::node_bootstrap(cache_dir)],
        )),
        LocalRuntimeKind::Provided => {
            let bootstrap = function.code_dir.join("bootstrap");
            if !bootstrap.is_file() {
                return Err(failed(format!(
                    "{} has no bootstrap file: a provided runtime runs the folder's bootstrap",
                    function.code_dir.display()
                )));
            }
            if !is_executable(&bootstrap) {
                return Err(failed(format!(
                    "{} is not executable: run chmod +x on it",
                    bootstrap.display()
                )));
            }
            Ok((bootstrap, Vec::new()))
        }
    }
}

fn is_executable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

fn epoch_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Starts an instance of `key`'s function with `first` queued for it. `on_exit` runs once the
/// process has exited (the pool forgets the instance).
pub async fn start(
    id: u64,
    key: InstanceKey,
    cache_dir: &Path,
    first: Job,
    random: u128,
    on_exit: impl FnOnce() + Send + 'static,
) -> Result<Arc<Instance>, ServiceError> {
    let (function, environment) = &key;
    if !function.code_dir.is_dir() {
        return Err(failed(format!(
            "The code folder {} does not exist",
            function.code_dir.display()
        )));
    }
    shims::install(cache_dir).map_err(|e| {
        failed(format!(
            "Could not write the runtime shims into {}: {e}",
            cache_dir.display()
        ))
    })?;
    let (program, args) = program(function, cache_dir)?;
    let output = Arc::new(OutputLog::default());
    let api = RuntimeApi::start(Arc::clone(&output))
        .await
        .map_err(|e| failed(format!("Could not open the Runtime API's port: {e}")))?;
    let runtime_api = format!("127.0.0.1:{}", api.port());
    let stream = log_stream_name(epoch_ms(), &function.version, random);
    let host_path =
        std::env::var("PATH").unwrap_or_else(|_| "/usr/local/bin:/usr/bin:/bin".to_owned());
    let runtime_dir = shims::runtime_dir(cache_dir);
    let home = shims::scratch_home(cache_dir);
    let bytecode_cache = shims::bytecode_cache(cache_dir);
    let places = ProcessPlaces {
        runtime_api: &runtime_api,
        log_stream: &stream,
        runtime_dir: &runtime_dir,
        home: &home,
        bytecode_cache: &bytecode_cache,
        path: &host_path,
    };
    let variables = process_environment(function, environment, &places);
    api.queue(first);

    let mut command = tokio::process::Command::new(&program);
    command
        .args(&args)
        .env_clear()
        .envs(variables)
        .current_dir(&function.code_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .process_group(0);
    // SAFETY: the closure runs in the child between fork and exec and only calls prctl, which
    // is async-signal-safe. PDEATHSIG fires when the spawning *thread* exits: instances are
    // spawned from async tasks on the runtime's workers, which live as long as the app.
    #[cfg(target_os = "linux")]
    unsafe {
        command.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let started = Instant::now();
    let mut child = command.spawn().map_err(|e| {
        api.shut_down();
        failed(format!("Could not start {}: {e}", program.display()))
    })?;
    let Some(pid) = child.id() else {
        api.shut_down();
        return Err(failed(format!("{} exited at once", program.display())));
    };
    if let Some(stdout) = child.stdout.take() {
        output.gather(stdout);
    }
    if let Some(stderr) = child.stderr.take() {
        output.gather(stderr);
    }
    let (exited, exit) = watch::channel(None);
    tokio::spawn(async move {
        let kind = match child.wait().await {
            Ok(status) => match (status.code(), status.signal()) {
                (Some(code), _) => ExitKind::Code(code),
                (None, Some(signal)) => ExitKind::Signal(signal),
                (None, None) => ExitKind::Unknown,
            },
            Err(_) => ExitKind::Unknown,
        };
        // Whatever the runtime started dies with it, as in Lambda's sandbox.
        kill_group(pid);
        exited.send_replace(Some(kind));
        on_exit();
    });
    Ok(Arc::new(Instance {
        id,
        key,
        pid,
        started,
        api,
        output,
        exit,
        status: Mutex::new(Status {
            state: InstanceState::Starting,
            invocations: 0,
            memory_used_mb: None,
        }),
    }))
}
