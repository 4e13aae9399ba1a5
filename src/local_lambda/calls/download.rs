//! *Download code*: fetch a function's deployment package from GetFunction's `Code.Location`
//! (a presigned S3 URL on real AWS) and unpack it into Stratus's cache, refusing what Lambda
//! would refuse (over 50 MB zipped, 250 MB unzipped) and any entry that would land outside.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use http_body_util::{BodyExt as _, Empty};
use hyper::body::Bytes;

use crate::local_lambda::model::code_package::{
    self, MAX_UNZIPPED_BYTES, MAX_ZIPPED_BYTES, entry_path, file_mode, symlink_target_inside,
};
use crate::shared::calls::http_client::https_client;
use crate::shared::model::{ErrorKind, ServiceError};

/// The operation downloads report under.
pub const OPERATION: &str = "Download code";

/// Longest wait for the answer's headers, and then for each piece of its body.
const STALL_TIMEOUT: Duration = Duration::from_secs(60);

/// How far a download is, shared with the UI; `cancel` stops it at the next piece.
#[derive(Debug, Default)]
pub struct DownloadProgress {
    pub received_bytes: AtomicU64,
    /// From `Content-Length`; 0 when the server did not say.
    pub total_bytes: AtomicU64,
    /// Bytes written while unpacking.
    pub unpacked_bytes: AtomicU64,
    pub cancel: AtomicBool,
}

fn failed(kind: ErrorKind, message: impl Into<String>) -> ServiceError {
    ServiceError::new(OPERATION, kind, message)
}

fn cancelled() -> ServiceError {
    failed(ErrorKind::Other, "cancelled")
}

/// Fetches `location` and unpacks it into `destination` (made whole or not at all), which is
/// returned. A `destination` already there is the same code (named by its CodeSha256) and is
/// used as it is.
pub async fn download_code(
    location: &str,
    destination: PathBuf,
    progress: Arc<DownloadProgress>,
    repaint: impl Fn() + Send + Sync + 'static,
) -> Result<PathBuf, ServiceError> {
    if !code_package::is_download_url(location) {
        return Err(failed(
            ErrorKind::Other,
            "this function's code location is not an HTTP(S) URL (emulators give none): \
             attach a code folder instead",
        ));
    }
    if tokio::fs::metadata(&destination)
        .await
        .is_ok_and(|m| m.is_dir())
    {
        return Ok(destination);
    }
    let zipped = fetch(location, &progress, &repaint).await?;
    let target = destination.clone();
    let unpack_progress = progress.clone();
    tokio::task::spawn_blocking(move || unpack_into(&zipped, &target, &unpack_progress))
        .await
        .map_err(|e| failed(ErrorKind::Other, format!("unpacking stopped: {e}")))??;
    repaint();
    Ok(destination)
}

/// The whole package in memory (at most 50 MB), checking `cancel` between pieces.
async fn fetch(
    location: &str,
    progress: &DownloadProgress,
    repaint: &(impl Fn() + Send + Sync),
) -> Result<Vec<u8>, ServiceError> {
    let client = https_client::<Empty<Bytes>>(OPERATION)?;
    let request = hyper::Request::get(location.trim())
        .body(Empty::new())
        .map_err(|e| failed(ErrorKind::Other, format!("not a usable URL: {e}")))?;
    let response = tokio::time::timeout(STALL_TIMEOUT, client.request(request))
        .await
        .map_err(|_| failed(ErrorKind::Unreachable, "no answer within 60 s"))?
        .map_err(|e| {
            failed(
                ErrorKind::Unreachable,
                format!("could not fetch the code: {e}"),
            )
        })?;
    let status = response.status();
    if !status.is_success() {
        // A presigned URL lasts 10 minutes: an old one answers 403.
        return Err(failed(
            ErrorKind::Service,
            format!(
                "the code's URL answered {status}; GetFunction's link expires after 10 \
                 minutes: refresh the function and retry"
            ),
        ));
    }
    let declared = response
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(length) = declared {
        if length > MAX_ZIPPED_BYTES {
            return Err(too_large_zipped(length));
        }
        progress.total_bytes.store(length, Ordering::Relaxed);
    }
    let mut body = response.into_body();
    let mut zipped = Vec::new();
    loop {
        if progress.cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        let frame = tokio::time::timeout(STALL_TIMEOUT, body.frame())
            .await
            .map_err(|_| failed(ErrorKind::Unreachable, "the download stalled for 60 s"))?;
        let Some(frame) = frame else {
            break;
        };
        let frame = frame
            .map_err(|e| failed(ErrorKind::Unreachable, format!("download broke off: {e}")))?;
        if let Ok(data) = frame.into_data() {
            let received = zipped.len() as u64 + data.len() as u64;
            if received > MAX_ZIPPED_BYTES {
                return Err(too_large_zipped(received));
            }
            zipped.extend_from_slice(&data);
            progress.received_bytes.store(received, Ordering::Relaxed);
            repaint();
        }
    }
    Ok(zipped)
}

fn too_large_zipped(bytes: u64) -> ServiceError {
    failed(
        ErrorKind::Other,
        format!(
            "the package is {} MB zipped; Lambda's limit is {} MB",
            bytes.div_ceil(1024 * 1024),
            MAX_ZIPPED_BYTES / (1024 * 1024)
        ),
    )
}

/// Unpacks into a scratch folder beside `destination`, then renames it into place, so a
/// refused or cancelled package leaves nothing behind and a half one is never used.
pub fn unpack_into(
    zipped: &[u8],
    destination: &Path,
    progress: &DownloadProgress,
) -> Result<(), ServiceError> {
    unpack_capped(zipped, destination, progress, MAX_UNZIPPED_BYTES)
}

/// [`unpack_into`] with the unzipped cap as a parameter (tests use a small one).
fn unpack_capped(
    zipped: &[u8],
    destination: &Path,
    progress: &DownloadProgress,
    cap_bytes: u64,
) -> Result<(), ServiceError> {
    /// Tells apart scratch folders of downloads started in the same nanosecond.
    static STAGING: AtomicU64 = AtomicU64::new(0);
    let io = |what: &str, e: std::io::Error| failed(ErrorKind::Other, format!("{what}: {e}"));
    let parent = destination
        .parent()
        .ok_or_else(|| failed(ErrorKind::Other, "the cache folder has no parent"))?;
    std::fs::create_dir_all(parent).map_err(|e| io("could not make the cache folder", e))?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let staging = parent.join(format!(
        ".partial-{}-{nanos}-{}",
        std::process::id(),
        STAGING.fetch_add(1, Ordering::Relaxed)
    ));
    let outcome = unpack(zipped, &staging, progress, cap_bytes);
    if let Err(error) = outcome {
        // Best effort: a leftover scratch folder is never read.
        let _ignored = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    match std::fs::rename(&staging, destination) {
        Ok(()) => Ok(()),
        // Another download of the same code finished first: that one is as good.
        Err(_) if destination.is_dir() => {
            let _ignored = std::fs::remove_dir_all(&staging);
            Ok(())
        }
        Err(e) => {
            let _ignored = std::fs::remove_dir_all(&staging);
            Err(io("could not move the code into place", e))
        }
    }
}

/// Writes every entry under `root`: every name is checked before anything is written, files
/// are created new (never through something already there), links come last.
fn unpack(
    zipped: &[u8],
    root: &Path,
    progress: &DownloadProgress,
    cap_bytes: u64,
) -> Result<(), ServiceError> {
    let refuse = |message: String| failed(ErrorKind::Other, format!("refused: {message}"));
    let broken =
        |e: zip::result::ZipError| failed(ErrorKind::Other, format!("not a usable zip: {e}"));
    let io = |e: std::io::Error| failed(ErrorKind::Other, format!("could not write the code: {e}"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zipped)).map_err(broken)?;
    let mut entries = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(broken)?;
        let name = entry.name().map_err(broken)?;
        let path = entry_path(&name).map_err(refuse)?;
        entries.push((index, path, entry.is_dir(), entry.is_symlink()));
    }
    // Nothing is written through a link: an entry below another entry that is a link could
    // land wherever that link points once made.
    let link_paths: std::collections::HashSet<&Path> = entries
        .iter()
        .filter(|(_, _, _, is_symlink)| *is_symlink)
        .map(|(_, path, _, _)| path.as_path())
        .collect();
    if let Some((_, below, _, _)) = entries
        .iter()
        .find(|(_, path, _, _)| path.ancestors().skip(1).any(|a| link_paths.contains(a)))
    {
        return Err(refuse(format!(
            "the entry {} lies below a link",
            below.display()
        )));
    }
    std::fs::create_dir_all(root).map_err(io)?;
    let mut written: u64 = 0;
    let mut links = Vec::new();
    for (index, relative, is_dir, is_symlink) in entries {
        if progress.cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        let path = root.join(&relative);
        if is_dir {
            std::fs::create_dir_all(&path).map_err(io)?;
            continue;
        }
        let mut entry = archive.by_index(index).map_err(broken)?;
        if is_symlink {
            let mut target = String::new();
            (&mut entry)
                .take(4096)
                .read_to_string(&mut target)
                .map_err(|e| {
                    refuse(format!(
                        "the link {} is unreadable: {e}",
                        relative.display()
                    ))
                })?;
            symlink_target_inside(&relative, &target).map_err(refuse)?;
            links.push((path, target));
            continue;
        }
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(io)?;
        }
        let mut file = std::fs::File::create_new(&path).map_err(io)?;
        // Counted as written, not as the archive claims: a lying header cannot pass the cap.
        let allowed = cap_bytes.saturating_sub(written);
        let copied = std::io::copy(&mut (&mut entry).take(allowed + 1), &mut file)
            .map_err(|e| failed(ErrorKind::Other, format!("could not unpack: {e}")))?;
        written += copied;
        if written > cap_bytes {
            return Err(failed(
                ErrorKind::Other,
                format!(
                    "the package unzips to more than Lambda's {} MB",
                    MAX_UNZIPPED_BYTES / (1024 * 1024)
                ),
            ));
        }
        set_mode(&file, file_mode(&relative, entry.unix_mode())).map_err(io)?;
        progress.unpacked_bytes.store(written, Ordering::Relaxed);
    }
    for (path, target) in links {
        make_link(&target, &path).map_err(io)?;
    }
    Ok(())
}

#[cfg(unix)]
fn set_mode(file: &std::fs::File, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_file: &std::fs::File, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn make_link(target: &str, path: &Path) -> std::io::Result<()> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    std::os::unix::fs::symlink(target, path)
}

/// Elsewhere links are left out: Lambda runs on Linux, and the code runs without most.
#[cfg(not(unix))]
fn make_link(_target: &str, _path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, data) in files {
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            writer.start_file(*name, options).expect("entry");
            writer.write_all(data).expect("write");
        }
        writer.finish().expect("zip").into_inner()
    }

    #[test]
    fn a_package_over_the_unzipped_cap_is_refused_whole() {
        let cache = tempfile::tempdir().expect("cache");
        // Zeros compress to almost nothing: the cap counts what is written, not the archive.
        let bomb = zip_of(&[("a.txt", b"fits"), ("zeros.bin", &[0; 64 * 1024])]);
        assert!(bomb.len() < 2048);
        let destination = cache.path().join("code/fn");
        let error = unpack_capped(&bomb, &destination, &DownloadProgress::default(), 32 * 1024)
            .expect_err("over the cap");
        assert!(error.message.contains("unzips to more than"), "{error}");
        assert!(!destination.exists());
        let left: Vec<_> = std::fs::read_dir(cache.path().join("code"))
            .expect("listed")
            .collect();
        assert!(left.is_empty(), "no scratch folder is left behind");
        unpack_capped(
            &bomb,
            &destination,
            &DownloadProgress::default(),
            128 * 1024,
        )
        .expect("under a larger cap");
        assert!(destination.join("zeros.bin").is_file());
    }

    #[test]
    fn a_cancelled_unpack_keeps_nothing() {
        let cache = tempfile::tempdir().expect("cache");
        let progress = DownloadProgress::default();
        progress.cancel.store(true, Ordering::Relaxed);
        let destination = cache.path().join("fn");
        let error = unpack_into(&zip_of(&[("app.py", b"x")]), &destination, &progress)
            .expect_err("cancelled");
        assert_eq!(error.message, "cancelled");
        assert!(!destination.exists());
    }

    #[test]
    fn what_is_not_a_zip_or_not_a_url_is_said() {
        let cache = tempfile::tempdir().expect("cache");
        let error = unpack_into(
            b"PK\x03\x04 broken",
            &cache.path().join("x"),
            &Default::default(),
        )
        .expect_err("broken");
        assert!(error.message.contains("not a usable zip"), "{error}");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        for location in ["", "s3://bucket/key", "file:///etc/passwd"] {
            let error = runtime
                .block_on(download_code(
                    location,
                    cache.path().join("y"),
                    Arc::default(),
                    || {},
                ))
                .expect_err("not fetched");
            assert_eq!(error.operation, OPERATION);
            assert!(error.message.contains("not an HTTP(S) URL"), "{error}");
        }
    }
}
