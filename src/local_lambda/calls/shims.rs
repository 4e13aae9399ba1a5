//! Stratus's bootstrap shims for Python and Node, written into the cache on first use.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

const PYTHON_BOOTSTRAP: &str = include_str!("../../../assets/runtimes/python_bootstrap.py");
const NODE_BOOTSTRAP: &str = include_str!("../../../assets/runtimes/node_bootstrap.cjs");

/// The shims' folder (`LAMBDA_RUNTIME_DIR`) under `cache_dir`.
pub fn runtime_dir(cache_dir: &Path) -> PathBuf {
    cache_dir.join("runtimes")
}

/// Where the Python shim is.
pub fn python_bootstrap(cache_dir: &Path) -> PathBuf {
    runtime_dir(cache_dir).join("python_bootstrap.py")
}

/// Where the Node shim is.
pub fn node_bootstrap(cache_dir: &Path) -> PathBuf {
    runtime_dir(cache_dir).join("node_bootstrap.cjs")
}

/// Writes both shims (and the scratch home) where they are missing or differ from this build's.
/// Each file is written beside its place and renamed over it, so a running instance never
/// reads half a shim.
pub fn install(cache_dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(runtime_dir(cache_dir))?;
    std::fs::create_dir_all(scratch_home(cache_dir))?;
    for (path, text) in [
        (python_bootstrap(cache_dir), PYTHON_BOOTSTRAP),
        (node_bootstrap(cache_dir), NODE_BOOTSTRAP),
    ] {
        if std::fs::read(&path).is_ok_and(|current| current == text.as_bytes()) {
            continue;
        }
        // A name of its own per write: two instances starting at once never share a half file.
        static WRITES: AtomicU64 = AtomicU64::new(0);
        let temporary = path.with_extension(format!(
            "tmp{}-{}",
            std::process::id(),
            WRITES.fetch_add(1, Ordering::Relaxed)
        ));
        let written =
            std::fs::write(&temporary, text).and_then(|()| std::fs::rename(&temporary, &path));
        if let Err(error) = written {
            let _ = std::fs::remove_file(&temporary);
            return Err(error);
        }
    }
    Ok(())
}

/// `PYTHONPYCACHEPREFIX` of every Python instance: bytecode kept in the cache, not the code folder.
pub fn bytecode_cache(cache_dir: &Path) -> PathBuf {
    cache_dir.join("pycache")
}

/// `HOME` of every local process: empty, so nothing of the user's is found through it.
pub fn scratch_home(cache_dir: &Path) -> PathBuf {
    cache_dir.join("home")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shims_are_written_once_and_rewritten_when_changed() {
        let dir = tempfile::tempdir().expect("temp dir");
        install(dir.path()).expect("installs");
        let python = python_bootstrap(dir.path());
        assert_eq!(
            std::fs::read_to_string(&python).expect("written"),
            PYTHON_BOOTSTRAP
        );
        std::fs::write(&python, "stale").expect("overwrite");
        install(dir.path()).expect("installs again");
        assert_eq!(
            std::fs::read_to_string(&python).expect("rewritten"),
            PYTHON_BOOTSTRAP
        );
        assert!(node_bootstrap(dir.path()).exists());
        assert!(scratch_home(dir.path()).is_dir());
    }
}
