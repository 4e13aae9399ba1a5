//! Where reading a page stopped: the item, the attribute path and our own account of the
//! problem, turned into one message.

use std::cell::RefCell;

use serde::de::{self, DeserializeSeed, SeqAccess};

/// Where in the page reading stopped, gathered on the way out of a failure only (so reading
/// a good page costs nothing extra).
#[derive(Default)]
pub(super) struct Trail {
    /// 1-based index of the item in `Items`.
    pub(super) item: Option<usize>,
    /// Attribute names and list positions, innermost first.
    pub(super) steps: Vec<Step>,
    /// Our own account of the problem, when it was ours rather than the JSON reader's.
    pub(super) problem: Option<String>,
}

/// One step of the path to the attribute where reading stopped.
pub(super) enum Step {
    Name(String),
    Index(usize),
}

impl Trail {
    /// `item 2, attribute m.list[3]: `NaN` is not a number`.
    pub(super) fn describe(self, error: &serde_json::Error) -> String {
        let problem = self.problem.unwrap_or_else(|| {
            // serde's own "at line L column C" means nothing to the user; the item does.
            let text = error.to_string();
            let position = format!(" at line {} column {}", error.line(), error.column());
            text.strip_suffix(&position).unwrap_or(&text).to_owned()
        });
        let mut path = String::new();
        for step in self.steps.iter().rev() {
            match step {
                Step::Name(name) if path.is_empty() => path.push_str(name),
                Step::Name(name) => {
                    path.push('.');
                    path.push_str(name);
                }
                Step::Index(index) => path.push_str(&format!("[{index}]")),
            }
        }
        match (self.item, path.is_empty()) {
            (Some(item), false) => format!("item {item}, attribute {path}: {problem}"),
            (Some(item), true) => format!("item {item}: {problem}"),
            (None, _) => format!("the page is not a readable Scan or Query answer: {problem}"),
        }
    }
}

/// At most 40 characters of `text`, for quoting wire data in a message.
pub(super) fn clip(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Records our own description of a problem and returns the error that carries it out.
pub(super) fn problem<E: de::Error>(trail: &RefCell<Trail>, message: String) -> E {
    let error = E::custom(&message);
    trail.borrow_mut().problem = Some(message);
    error
}

/// Reads every element of a sequence, each with a fresh `seed()`. On a failure, `failed_after`
/// hears how many elements were read before it, so the trail can name the one that failed.
pub(super) fn read_elements<'de, A, S>(
    mut seq: A,
    capacity: usize,
    seed: impl Fn() -> S,
    failed_after: impl FnOnce(usize),
) -> Result<Vec<S::Value>, A::Error>
where
    A: SeqAccess<'de>,
    S: DeserializeSeed<'de>,
{
    let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(capacity));
    loop {
        match seq.next_element_seed(seed()) {
            Ok(Some(element)) => out.push(element),
            Ok(None) => return Ok(out),
            Err(error) => {
                failed_after(out.len());
                return Err(error);
            }
        }
    }
}
