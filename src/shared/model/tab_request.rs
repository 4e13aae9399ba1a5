//! What a service's view asks of the shell about its own tab: the shell owns the tabs, so a
//! view says "refresh me" or "open this linked resource beside me" instead of doing it.

use super::ResourceRef;

/// A request from inside a tab to the shell.
#[derive(Clone, Debug, PartialEq)]
pub enum TabRequest {
    /// Reload everything the tab shows.
    Refresh,
    /// Open a resource of the same connection (a link between views).
    OpenLinked(ResourceRef),
    /// Open a REST API of the same connection on one of its methods (from a function's routes).
    OpenRestMethod {
        api_id: String,
        api_name: String,
        resource_id: String,
        http_method: String,
    },
}
