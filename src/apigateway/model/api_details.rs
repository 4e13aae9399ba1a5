//! An API Gateway v2 API's settings, as GetApi reports them.

/// Everything the API view shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiDetails {
    pub id: String,
    pub name: String,
    /// `HTTP` or `WEBSOCKET`.
    pub protocol: String,
    pub endpoint: Option<String>,
    pub description: Option<String>,
    /// RFC 3339, UTC.
    pub created: Option<String>,
    pub route_selection_expression: Option<String>,
    pub default_endpoint_disabled: bool,
    /// CORS settings as `name: value` lines, empty when CORS is not configured.
    pub cors: Vec<(String, String)>,
    /// Tags sorted by key.
    pub tags: Vec<(String, String)>,
}
