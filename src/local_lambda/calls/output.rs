//! An instance's stdout and stderr, gathered into the log of the invocation they belong to.

use std::os::fd::{AsFd, AsRawFd as _, OwnedFd};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt as _};
use tokio::sync::Notify;

use crate::local_lambda::model::local_log::MAX_LOG_BYTES;

/// Output read but not yet given to an invocation, capped at [`MAX_LOG_BYTES`].
#[derive(Default)]
pub struct OutputLog {
    inner: Mutex<Gathered>,
    /// Pipes that reached their end (2 when the process and its children closed both).
    ended: AtomicUsize,
    ended_changed: Notify,
    /// Copies of the pipes' read ends, to ask the kernel whether output is still unread.
    pipes: Mutex<Vec<OwnedFd>>,
}

#[derive(Default)]
struct Gathered {
    bytes: Vec<u8>,
    truncated: bool,
}

impl OutputLog {
    fn gathered(&self) -> std::sync::MutexGuard<'_, Gathered> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Bytes gathered so far.
    pub fn len(&self) -> usize {
        self.gathered().bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn append(&self, chunk: &[u8]) {
        let mut gathered = self.gathered();
        let room = MAX_LOG_BYTES.saturating_sub(gathered.bytes.len());
        if chunk.len() > room {
            gathered.truncated = true;
        }
        let kept = chunk.len().min(room);
        gathered.bytes.extend_from_slice(&chunk[..kept]);
    }

    /// Everything gathered, and whether some was dropped; the log starts afresh.
    pub fn take(&self) -> (Vec<u8>, bool) {
        let mut gathered = self.gathered();
        let truncated = std::mem::take(&mut gathered.truncated);
        (std::mem::take(&mut gathered.bytes), truncated)
    }

    /// Reads `pipe` into the log until it ends. Keeps a copy of its read end for [`Self::settle`].
    pub fn gather<R>(self: &std::sync::Arc<Self>, pipe: R)
    where
        R: AsyncRead + AsFd + Unpin + Send + 'static,
    {
        if let Ok(copy) = pipe.as_fd().try_clone_to_owned() {
            self.pipes
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(copy);
        }
        let log = std::sync::Arc::clone(self);
        tokio::spawn(async move {
            let mut pipe = pipe;
            let mut buffer = vec![0_u8; 16 * 1024];
            loop {
                match pipe.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => log.append(&buffer[..n]),
                }
            }
            log.ended.fetch_add(1, Ordering::SeqCst);
            log.ended_changed.notify_waiters();
        });
    }

    /// Waits (briefly) until what the process wrote before answering has been read: the
    /// response can reach the server before the reader tasks see the pipe's last bytes.
    pub async fn settle(&self) {
        for _ in 0..50 {
            if self.unread_bytes() == 0 {
                // The reader may hold a chunk it has read but not yet appended.
                tokio::task::yield_now().await;
                return;
            }
            tokio::time::sleep(Duration::from_micros(200)).await;
        }
    }

    /// Waits until both pipes ended (the process and its children are gone), up to `limit`.
    pub async fn wait_for_end(&self, pipes: usize, limit: Duration) {
        let ended = async {
            loop {
                let changed = self.ended_changed.notified();
                if self.ended.load(Ordering::SeqCst) >= pipes {
                    return;
                }
                changed.await;
            }
        };
        let _ = tokio::time::timeout(limit, ended).await;
    }

    fn unread_bytes(&self) -> usize {
        let pipes = self
            .pipes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        pipes
            .iter()
            .map(|fd| {
                let mut unread: libc::c_int = 0;
                // SAFETY: FIONREAD writes one c_int through the pointer, which points at a
                // live local; the fd is owned by `pipes` and open for the whole call.
                let rc = unsafe { libc::ioctl(fd.as_raw_fd(), libc::FIONREAD, &mut unread) };
                if rc == 0 {
                    usize::try_from(unread).unwrap_or(0)
                } else {
                    0
                }
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_capped_and_says_so() {
        let log = OutputLog::default();
        log.append(b"hello ");
        log.append(&vec![b'x'; MAX_LOG_BYTES]);
        let (bytes, truncated) = log.take();
        assert_eq!(bytes.len(), MAX_LOG_BYTES);
        assert!(truncated);
        assert!(log.is_empty());
        assert_eq!(log.take(), (Vec::new(), false));
    }
}
