//! How much of a query or scan to load: what the builder asks for and the loader does.

/// How much to load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadMode {
    /// One page from the given start.
    OnePage,
    /// Every page. A scan is split into this many parallel segments (1 to 16).
    All { segments: u32 },
}
