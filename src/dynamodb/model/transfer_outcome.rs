//! How an export or an import ended, row by row, and the file name an export suggests.
//! Pure data: the SDK layer fills it in, the UI shows it.

use std::path::PathBuf;

use crate::dynamodb::model::export_format::ExportFormat;
use crate::shared::model::ServiceError;

/// How an export ended when nothing went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportOutcome {
    /// The file is complete at its path.
    Written { items: usize },
    /// Stopped on request; no file was written and no temp file is left.
    Cancelled,
}

/// One row an import did not write, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportFailure {
    pub line: usize,
    pub message: String,
}

/// Why an import stopped before its last row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportStop {
    Cancelled,
    /// An error every later write would hit too (unreachable, access denied, no table).
    Failed(ServiceError),
}

/// What an import did with every row: `written + failed + not_attempted` is the row count.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub written: usize,
    /// Rows the table refused or that stayed unprocessed after retries, each with why.
    pub failed: Vec<ImportFailure>,
    pub stopped: Option<ImportStop>,
    /// Lines of rows never sent because the import stopped, in file order.
    pub not_attempted: Vec<usize>,
}

/// A file name for an export of `table` in `format`, for the save dialog.
pub fn default_file_name(table: &str, format: ExportFormat) -> PathBuf {
    let safe: String = table
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    PathBuf::from(format!("{safe}.{}", format.extension()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_file_names_are_safe() {
        assert_eq!(
            default_file_name("Orders", ExportFormat::JsonLines),
            PathBuf::from("Orders.jsonl")
        );
        assert_eq!(
            default_file_name("a/b\\c:d", ExportFormat::Csv),
            PathBuf::from("a_b_c_d.csv")
        );
    }
}
