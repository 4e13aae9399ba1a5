//! Checks on a deployment package before anything of it is written: where each zip entry may
//! go (no zip-slip), how large it may be (Lambda's own limits), and where it is kept.

use std::path::{Component, Path, PathBuf};

/// Lambda refuses a directly uploaded package over 50 MB zipped; so does *Download code*.
pub const MAX_ZIPPED_BYTES: u64 = 50 * 1024 * 1024;
/// Lambda's limit for a function's unzipped code (layers included): 250 MB.
pub const MAX_UNZIPPED_BYTES: u64 = 250 * 1024 * 1024;

/// Whether GetFunction's `Code.Location` is something Stratus can fetch: an HTTP(S) URL (real
/// AWS gives a presigned S3 URL; an emulator may give none or a bucket path).
pub fn is_download_url(location: &str) -> bool {
    let lower = location.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && lower.len() > "https://".len()
}

/// Why *Download code* cannot fetch `location` on this connection, if it cannot. moto
/// answers GetFunction with a real S3 host's URL (`awslambda-REGION-tasks.s3...amazonaws.com`)
/// that it does not serve, so on an emulator connection an AWS host is refused up front.
pub fn download_refusal(location: Option<&str>, emulator: bool) -> Option<&'static str> {
    let Some(location) = location.filter(|l| is_download_url(l)) else {
        return Some("GetFunction gave no HTTP(S) code location to download");
    };
    let after_scheme = location
        .trim()
        .split_once("://")
        .map_or("", |(_, rest)| rest);
    let authority = after_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = host
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    (emulator && (host == "amazonaws.com" || host.ends_with(".amazonaws.com"))).then_some(
        "The emulator's code location points at AWS S3, which does not hold this code: attach \
         a code folder instead",
    )
}

/// The relative path a zip entry is written to, or why it may not be written at all:
/// an absolute path, a drive, `..`, an empty or NUL-holding name would put it (or let a later
/// entry put something) outside the folder. Both `/` and `\` separate (Windows zips).
pub fn entry_path(name: &str) -> Result<PathBuf, String> {
    if name.contains('\0') {
        return Err(format!("the entry {name:?} has a NUL in its name"));
    }
    let unified = name.replace('\\', "/");
    if unified.starts_with('/') {
        return Err(format!("the entry {name:?} is an absolute path"));
    }
    let mut path = PathBuf::new();
    for part in unified.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(format!("the entry {name:?} climbs out of the folder (..)")),
            // `C:` (or `c:x`) names a drive on Windows; refused everywhere alike.
            drive if names_drive(drive) => {
                return Err(format!("the entry {name:?} names a drive"));
            }
            normal => path.push(normal),
        }
    }
    // `Path` may still read a component as special (a prefix); keep only plain names.
    if path.as_os_str().is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_)))
    {
        return Err(format!("the entry {name:?} has no usable path"));
    }
    Ok(path)
}

/// Whether a path component starts with a drive (`C:`), which Windows reads as a root.
fn names_drive(part: &str) -> bool {
    let mut chars = part.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.next() == Some(':')
}

/// Whether a symlink stored at `entry` (relative to the folder) pointing at `target` stays
/// inside the folder, read lexically. Symlinks are made after every file is written, so no
/// write goes through one; this keeps their targets inside too.
pub fn symlink_target_inside(entry: &Path, target: &str) -> Result<(), String> {
    let refused = || {
        format!(
            "the link {} points outside the folder ({target:?})",
            entry.display()
        )
    };
    if target.is_empty() || target.contains('\0') {
        return Err(refused());
    }
    let unified = target.replace('\\', "/");
    if unified.starts_with('/') || unified.split('/').any(names_drive) {
        return Err(refused());
    }
    // The link's folder, as a depth below the code folder, then each step of the target.
    let mut depth = entry.components().count().saturating_sub(1);
    for part in unified.split('/') {
        match part {
            "" | "." => {}
            ".." => depth = depth.checked_sub(1).ok_or_else(refused)?,
            _ => depth += 1,
        }
    }
    Ok(())
}

/// The mode a written file gets: executable when the archive says so, and always for a
/// custom runtime's `bootstrap` (zips made on Windows carry no mode at all).
pub fn file_mode(path: &Path, unix_mode: Option<u32>) -> u32 {
    let executable = unix_mode.is_some_and(|m| m & 0o111 != 0)
        || path.file_name().is_some_and(|n| n == "bootstrap");
    if executable { 0o755 } else { 0o644 }
}

/// A stable short hash (FNV-1a, 64 bits) for folder names: the same text names the same
/// folder in every run and version, unlike std's randomly seeded hasher.
pub fn stable_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// A name safe as one folder name: kept when it is plain, else its hash.
fn folder_safe(text: &str) -> String {
    let plain = !text.is_empty()
        && text.len() <= 128
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        && !text.starts_with('-');
    if plain {
        text.to_owned()
    } else {
        stable_hash(text)
    }
}

/// Where a function's downloaded package is unpacked:
/// `cache/code/<connection hash>/<function>/<CodeSha256, or the location's hash>/`. The same
/// code (same CodeSha256) is never fetched twice.
pub fn code_folder(
    cache_dir: &Path,
    connection_key: &str,
    function: &str,
    code_sha256: Option<&str>,
    location: &str,
) -> PathBuf {
    let version = match code_sha256.map(str::trim).filter(|s| !s.is_empty()) {
        // Base64 holds `/` and `+`: made folder-safe, still one folder per code.
        Some(sha) => sha
            .chars()
            .map(|c| match c {
                '/' => '_',
                '+' => '-',
                '=' => 'e',
                c if c.is_ascii_alphanumeric() => c,
                _ => 'x',
            })
            .take(96)
            .collect(),
        None => stable_hash(location),
    };
    cache_dir
        .join("code")
        .join(stable_hash(connection_key))
        .join(folder_safe(function))
        .join(folder_safe(&version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_entries_inside_the_folder_are_written() {
        assert_eq!(entry_path("app.py"), Ok(PathBuf::from("app.py")));
        assert_eq!(entry_path("./lib//x.py"), Ok(PathBuf::from("lib/x.py")));
        assert_eq!(entry_path("dir\\win.py"), Ok(PathBuf::from("dir/win.py")));
        for hostile in [
            "../x",
            "a/../../x",
            "a/..",
            "/etc/passwd",
            "\\etc\\passwd",
            "C:/windows/x",
            "c:x",
            "",
            ".",
            "./",
            "a\0b",
            "..\\..\\x",
        ] {
            assert!(entry_path(hostile).is_err(), "{hostile:?} accepted");
        }
    }

    #[test]
    fn links_may_point_only_inside() {
        let at = |p: &str, t: &str| symlink_target_inside(Path::new(p), t);
        assert!(at("node_modules/.bin/tool", "../tool/bin/tool.js").is_ok());
        assert!(at("lib", "vendor/lib").is_ok());
        assert!(at("link", "..").is_err());
        assert!(at("a/link", "../../x").is_err());
        assert!(at("link", "/etc/passwd").is_err());
        assert!(at("link", "").is_err());
        assert!(at("link", "C:/x").is_err());
        assert!(at("a/b/link", "../../..").is_err());
        assert!(at("a/b/link", "../..").is_ok());
    }

    #[test]
    fn bootstrap_and_executables_keep_their_bit() {
        assert_eq!(file_mode(Path::new("bootstrap"), None), 0o755);
        assert_eq!(file_mode(Path::new("bin/tool"), Some(0o100_755)), 0o755);
        assert_eq!(file_mode(Path::new("app.py"), Some(0o100_644)), 0o644);
        assert_eq!(file_mode(Path::new("app.py"), None), 0o644);
        // setuid and world-writable bits are never carried over.
        assert_eq!(file_mode(Path::new("x"), Some(0o107_777)), 0o755);
    }

    #[test]
    fn only_http_locations_are_fetched() {
        assert!(is_download_url(
            "https://awslambda.s3.amazonaws.com/x?sig=1"
        ));
        assert!(is_download_url("HTTP://127.0.0.1:9/code.zip"));
        for other in [
            "",
            "https://",
            "s3://bucket/key",
            "file:///etc/passwd",
            "ftp://x",
        ] {
            assert!(!is_download_url(other), "{other:?}");
        }
    }

    #[test]
    fn an_emulator_s_aws_location_is_not_fetched() {
        let moto = "https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/snapshots/x";
        assert!(download_refusal(Some(moto), true).is_some());
        assert_eq!(download_refusal(Some(moto), false), None);
        assert_eq!(
            download_refusal(Some("http://127.0.0.1:9/x.zip"), true),
            None
        );
        assert!(download_refusal(Some("https://evil.com@x.amazonaws.com:443/k"), true).is_some());
        assert_eq!(
            download_refusal(Some("https://amazonaws.com.evil/k"), true),
            None
        );
        assert!(download_refusal(None, false).is_some());
        assert!(download_refusal(Some("s3://bucket/key"), false).is_some());
    }

    #[test]
    fn the_cache_folder_is_stable_and_safe() {
        let root = Path::new("/cache");
        let a = code_folder(
            root,
            "moto|us-east-1",
            "orders",
            Some("ab+/c="),
            "https://x",
        );
        assert_eq!(
            a,
            code_folder(
                root,
                "moto|us-east-1",
                "orders",
                Some("ab+/c="),
                "https://y"
            )
        );
        assert!(a.starts_with("/cache/code"));
        assert!(a.ends_with("orders/ab-_ce"));
        let hostile = code_folder(root, "k", "../../etc", Some("../.."), "u");
        assert!(hostile.starts_with("/cache/code"));
        assert!(!hostile.components().any(|c| c == Component::ParentDir));
        let unsigned = code_folder(root, "k", "f", None, "https://a");
        assert_ne!(unsigned, code_folder(root, "k", "f", None, "https://b"));
        assert_eq!(stable_hash(""), "cbf29ce484222325");
    }
}
