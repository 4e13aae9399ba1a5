//! Diagnostic logs: `tracing` events written to a file in the user's data directory, every
//! line passed through [`redact`] first, so no credential, token or signature reaches disk.
//! Writing happens on tracing-appender's own thread: a slow disk never stalls the UI.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::shared::model::redaction::redact;

/// The log file's name in [`log_dir`].
pub const LOG_FILE: &str = "stratus.log";
/// A log larger than this is moved to `stratus.log.1` at start-up (one old file is kept).
const MAX_LOG_BYTES: u64 = 10 * 1024 * 1024;
/// What is logged unless `STRATUS_LOG` says otherwise (an `EnvFilter` directive).
const DEFAULT_FILTER: &str = "stratus=info,aws_config=warn,aws_smithy_runtime=warn,warn";

/// `~/.local/share/stratus/logs` on Linux, the platform's equivalent elsewhere.
pub fn log_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("dev", "stratus", "stratus")
        .map(|dirs| dirs.data_dir().join("logs"))
}

/// A writer that redacts what passes through it. The fmt layer writes one whole event per
/// call, so each call is redacted on its own.
pub struct Redacting<W>(W);

impl<W: Write> Write for Redacting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(redact(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Makes [`Redacting`] writers around another `MakeWriter`.
pub struct RedactingMakeWriter<M>(pub M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for RedactingMakeWriter<M> {
    type Writer = Redacting<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        Redacting(self.0.make_writer())
    }
}

/// Keeps the writer thread alive; logs still queued are written when it drops.
pub type LogGuard = tracing_appender::non_blocking::WorkerGuard;

/// A subscriber writing redacted lines to `dir/stratus.log`, filtered by `filter`.
pub fn file_subscriber(
    dir: &Path,
    filter: &str,
) -> io::Result<(impl tracing::Subscriber + Send + Sync + use<>, LogGuard)> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(LOG_FILE);
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > MAX_LOG_BYTES) {
        std::fs::rename(&path, dir.join(format!("{LOG_FILE}.1")))?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(RedactingMakeWriter(writer))
        .with_ansi(false)
        .with_target(true)
        .finish();
    Ok((subscriber, guard))
}

/// Installs the file log for the whole process (the binary calls this once).
pub fn init(dir: &Path) -> io::Result<LogGuard> {
    let filter = std::env::var("STRATUS_LOG").unwrap_or_else(|_| DEFAULT_FILTER.to_owned());
    let (subscriber, guard) = file_subscriber(dir, &filter)?;
    tracing::subscriber::set_global_default(subscriber).map_err(io::Error::other)?;
    Ok(guard)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_reach_the_file_with_secrets_masked() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (subscriber, guard) = file_subscriber(dir.path(), "trace").expect("subscriber");
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(operation = "ListTables", "connected");
            tracing::debug!("aws_secret_access_key={secret} from profile");
            tracing::warn!(header = %format!("authorization: {secret}"), "request");
        });
        drop(guard);
        let text = std::fs::read_to_string(dir.path().join(LOG_FILE)).expect("log file");
        assert!(text.contains("connected"), "{text}");
        assert!(text.contains("ListTables"), "{text}");
        assert!(!text.contains(secret), "{text}");
        assert_eq!(text.matches("<redacted>").count(), 2, "{text}");
    }

    #[test]
    fn a_large_log_is_moved_aside_at_start() {
        let dir = tempfile::tempdir().expect("temp dir");
        let big = vec![b'x'; (MAX_LOG_BYTES + 1) as usize];
        std::fs::write(dir.path().join(LOG_FILE), big).expect("write");
        let (_subscriber, _guard) = file_subscriber(dir.path(), "info").expect("subscriber");
        assert!(dir.path().join(format!("{LOG_FILE}.1")).exists());
        let fresh = std::fs::metadata(dir.path().join(LOG_FILE)).expect("new log");
        assert_eq!(fresh.len(), 0);
    }
}
