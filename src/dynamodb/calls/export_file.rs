//! Export files that appear whole or not at all: data goes to a temp file in the target's
//! directory (so the final rename stays on one file system) and is renamed over the target
//! only when complete. Dropping a [`PendingFile`] without committing deletes the temp file.
//!
//! Local file IO rather than AWS, kept in this layer because it is IO and the model is pure.

use std::fs::File;
use std::io::{self, BufWriter, Write as _};
use std::path::{Path, PathBuf};

use crate::dynamodb::model::export_format::ExportFormat;

use crate::dynamodb::model::AttrValue;
use crate::dynamodb::model::export_format::write_items;
use crate::dynamodb::model::table_details::KeyAttribute;
use crate::shared::model::ErrorKind;
use crate::shared::model::ServiceError;

/// The operation name export errors carry.
pub const EXPORT: &str = "Export";

/// A file error as the UI shows every error: naming the operation and the path.
pub fn file_error(path: &Path, error: &io::Error) -> ServiceError {
    ServiceError::new(
        EXPORT,
        ErrorKind::Other,
        format!("{}: {error}", path.display()),
    )
}

/// The directory a temp file for `path` goes in.
fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// A temp file that becomes `target` on [`commit`](Self::commit).
pub struct PendingFile {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl PendingFile {
    /// Creates a hidden temp file beside `target`.
    pub fn create(target: &Path) -> Result<Self, ServiceError> {
        let temp = tempfile::Builder::new()
            .prefix(".stratus-export-")
            .suffix(".part")
            .tempfile_in(directory_of(target))
            .map_err(|e| file_error(target, &e))?;
        Ok(Self {
            temp,
            target: target.to_owned(),
        })
    }

    /// A buffered writer into the temp file.
    pub fn writer(&self) -> Result<BufWriter<File>, ServiceError> {
        let file = self
            .temp
            .as_file()
            .try_clone()
            .map_err(|e| file_error(&self.target, &e))?;
        Ok(BufWriter::with_capacity(1 << 20, file))
    }

    /// Makes the data durable, then renames it over the target.
    pub fn commit(self) -> Result<(), ServiceError> {
        self.temp
            .as_file()
            .sync_all()
            .map_err(|e| file_error(&self.target, &e))?;
        let target = self.target;
        self.temp
            .persist(&target)
            .map_err(|e| file_error(&target, &e.error))?;
        Ok(())
    }

    pub fn target(&self) -> &Path {
        &self.target
    }
}

/// An anonymous scratch file beside `target`, deleted by the system when closed.
pub fn scratch_file(target: &Path) -> Result<File, ServiceError> {
    tempfile::tempfile_in(directory_of(target)).map_err(|e| file_error(target, &e))
}

/// Writes already-loaded items to `path` and returns how many were written. Synchronous:
/// call it from a blocking task. `items` is walked twice for CSV (see
/// [`write_items`]), e.g. `(0..store.len()).map(|i| store.named_attributes(i))`.
pub fn export_items<'a, I, A>(
    items: I,
    format: ExportFormat,
    key_schema: &[KeyAttribute],
    path: &Path,
) -> Result<usize, ServiceError>
where
    I: IntoIterator<Item = A> + Clone,
    A: IntoIterator<Item = (&'a str, &'a AttrValue)>,
{
    let pending = PendingFile::create(path)?;
    let mut out = pending.writer()?;
    let count = write_items(&mut out, items, format, key_schema)
        .and_then(|count| out.flush().map(|()| count))
        .map_err(|e| file_error(path, &e))?;
    drop(out);
    pending.commit()?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("read dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".stratus-export-"))
            .collect()
    }

    #[test]
    fn export_items_writes_the_whole_file_and_no_temp_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("items.csv");
        std::fs::write(&path, "old content").expect("old file");
        let value = AttrValue::s("");
        let items = [vec![("note", &value)]];
        let count = export_items(
            items.iter().map(|i| i.iter().copied()),
            ExportFormat::Csv,
            &[],
            &path,
        )
        .expect("export");
        assert_eq!(count, 1);
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "note (S)\n\"\"\n"
        );
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn an_abandoned_file_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("never.jsonl");
        let pending = PendingFile::create(&path).expect("create");
        let mut out = pending.writer().expect("writer");
        out.write_all(b"half").expect("write");
        drop(out);
        assert_eq!(leftovers(dir.path()).len(), 1);
        drop(pending);
        assert!(leftovers(dir.path()).is_empty());
        assert!(!path.exists());
    }

    #[test]
    fn an_unwritable_directory_is_an_error_naming_the_path() {
        let path = Path::new("/nonexistent-stratus-dir/items.jsonl");
        let error = export_items(
            Vec::<Vec<(&str, &AttrValue)>>::new()
                .iter()
                .map(|i| i.iter().copied()),
            ExportFormat::JsonLines,
            &[],
            path,
        )
        .expect_err("no such directory");
        assert!(
            error.message.contains("/nonexistent-stratus-dir"),
            "{error}"
        );
    }
}
