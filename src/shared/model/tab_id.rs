//! A tab's identity for its whole life: commands, drafts and egui ids name tabs by it, never by
//! their position in the strip (which shifts when a tab closes in the same frame).

/// A tab's stable id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TabId(pub u64);

impl std::fmt::Display for TabId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "tab {}", self.0)
    }
}
