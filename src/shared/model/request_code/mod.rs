//! Requests as code: the languages Stratus writes a request in, where the code points (region
//! and endpoint), and the pieces every service's generator shares: string and byte literals
//! escaped per language, and a small layout printer that keeps short values on one line.

pub mod layout;
pub mod literals;

use serde::{Deserialize, Serialize};

/// A language (and SDK) a request can be copied as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CodeLanguage {
    #[default]
    AwsCli,
    JavaScript,
    /// The lib-dynamodb document client: plain values instead of DynamoDB JSON.
    JavaScriptDocument,
    Python,
    Go,
    Rust,
    Java,
}

impl CodeLanguage {
    pub const ALL: [Self; 7] = [
        Self::AwsCli,
        Self::JavaScript,
        Self::JavaScriptDocument,
        Self::Python,
        Self::Go,
        Self::Rust,
        Self::Java,
    ];

    /// The name in the language picker.
    pub fn label(self) -> &'static str {
        match self {
            Self::AwsCli => "AWS CLI",
            Self::JavaScript => "JavaScript v3",
            Self::JavaScriptDocument => "JavaScript v3 (document client)",
            Self::Python => "Python (boto3)",
            Self::Go => "Go",
            Self::Rust => "Rust",
            Self::Java => "Java",
        }
    }

    /// How a line comment starts.
    pub fn comment(self) -> &'static str {
        match self {
            Self::AwsCli | Self::Python => "#",
            Self::JavaScript | Self::JavaScriptDocument | Self::Go | Self::Rust | Self::Java => {
                "//"
            }
        }
    }
}

/// Where the generated code sends the request: the connection's region and endpoint
/// override, when it has them (left out otherwise, so the SDK's defaults apply).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeTarget {
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
}

impl CodeTarget {
    pub fn new(region: Option<&str>, endpoint_url: Option<&str>) -> Self {
        Self {
            region: region.map(str::to_owned),
            endpoint_url: endpoint_url.map(str::to_owned),
        }
    }
}

/// `note` as comment lines of `language`, one per line of the note, each ending in `\n`.
pub fn comment_lines(language: CodeLanguage, note: &str, indent: &str) -> String {
    note.lines()
        .map(|line| format!("{indent}{} {line}\n", language.comment()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_distinct_and_round_trip_through_serde() {
        let labels: std::collections::HashSet<_> =
            CodeLanguage::ALL.iter().map(|l| l.label()).collect();
        assert_eq!(labels.len(), CodeLanguage::ALL.len());
        for language in CodeLanguage::ALL {
            let text = serde_json::to_string(&language).expect("json");
            let back: CodeLanguage = serde_json::from_str(&text).expect("parse");
            assert_eq!(back, language);
        }
        assert_eq!(
            comment_lines(CodeLanguage::Python, "a\nb", "  "),
            "  # a\n  # b\n"
        );
    }
}
