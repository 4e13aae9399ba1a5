//! Writes config files on a thread of its own, in the order asked, so the UI thread never
//! waits for the disk. A failed write comes back by file name, to be shown or retried.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use serde::Serialize;

/// One file to write: where, and the text.
struct Job {
    dir: PathBuf,
    name: String,
    text: String,
}

/// The writer thread's handle; dropping it lets the thread finish what is queued and end.
pub struct FileWriter {
    jobs: Option<mpsc::Sender<Job>>,
    failures: mpsc::Receiver<(String, String)>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Default for FileWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl FileWriter {
    pub fn new() -> Self {
        let (jobs, queue) = mpsc::channel::<Job>();
        let (report, failures) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("stratus-config-writer".into())
            .spawn(move || {
                for job in queue {
                    if let Err(error) =
                        crate::app::json_file::write_text(&job.dir, &job.name, &job.text)
                    {
                        // The receiver is gone only while the app shuts down.
                        let _ignored = report.send((job.name, error.to_string()));
                    }
                }
            })
            .ok();
        Self {
            jobs: Some(jobs),
            failures,
            thread,
        }
    }

    /// Queues `value` for `dir/name`. Serialising happens here (small files); the disk work
    /// on the writer thread. Without a thread (it could not start), it writes in place.
    pub fn save<T: Serialize>(&self, dir: &Path, name: &str, value: &T) -> Result<(), String> {
        let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
        let job = Job {
            dir: dir.to_owned(),
            name: name.to_owned(),
            text,
        };
        match &self.jobs {
            Some(jobs) if self.thread.is_some() => jobs.send(job).map_err(|e| {
                let job = e.0;
                crate::app::json_file::write_text(&job.dir, &job.name, &job.text)
                    .map_err(|e| e.to_string())
                    .err()
                    .unwrap_or_default()
            }),
            _ => crate::app::json_file::write_text(&job.dir, &job.name, &job.text)
                .map_err(|e| e.to_string()),
        }
    }

    /// Writes that failed since the last call: (file name, error).
    pub fn failures(&self) -> Vec<(String, String)> {
        self.failures.try_iter().collect()
    }
}

impl Drop for FileWriter {
    fn drop(&mut self) {
        // Close the queue, then wait for what is queued: settings are not lost on exit.
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ignored = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_land_in_order_and_failures_come_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let writer = FileWriter::new();
        for i in 0..50_u32 {
            writer.save(dir.path(), "n.json", &i).expect("queued");
        }
        // A file where a folder should be: the write fails and says so.
        let blocked = dir.path().join("blocked");
        std::fs::write(&blocked, "a file").expect("write");
        writer
            .save(&blocked.join("below"), "x.json", &1)
            .expect("queued");
        drop(writer);
        let text = std::fs::read_to_string(dir.path().join("n.json")).expect("read");
        assert_eq!(text, "49", "the last write wins");

        let writer = FileWriter::new();
        writer
            .save(&blocked.join("below"), "x.json", &1)
            .expect("queued");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let failures = loop {
            let failures = writer.failures();
            if !failures.is_empty() || std::time::Instant::now() > deadline {
                break failures;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        };
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].0, "x.json");
    }
}
