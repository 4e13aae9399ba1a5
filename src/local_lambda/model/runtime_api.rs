//! The Lambda Runtime API (2018-06-01) as Stratus serves it to a local instance: which call a
//! request is, the headers of a handed-over event, and the documented error answers.

/// Every path starts with the API's version.
pub const VERSION_PREFIX: &str = "/2018-06-01";

pub const HEADER_REQUEST_ID: &str = "Lambda-Runtime-Aws-Request-Id";
pub const HEADER_DEADLINE_MS: &str = "Lambda-Runtime-Deadline-Ms";
pub const HEADER_FUNCTION_ARN: &str = "Lambda-Runtime-Invoked-Function-Arn";
pub const HEADER_TRACE_ID: &str = "Lambda-Runtime-Trace-Id";
pub const HEADER_CLIENT_CONTEXT: &str = "Lambda-Runtime-Client-Context";
pub const HEADER_COGNITO_IDENTITY: &str = "Lambda-Runtime-Cognito-Identity";
pub const HEADER_ERROR_TYPE: &str = "Lambda-Runtime-Function-Error-Type";

/// Ids are uuids; anything far longer is not one of ours and is refused before any lookup.
const MAX_REQUEST_ID_LEN: usize = 128;

/// A call of the Runtime API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuntimeCall {
    /// `GET /runtime/invocation/next`: wait for the next event.
    Next,
    /// `POST /runtime/invocation/{id}/response`.
    Response(String),
    /// `POST /runtime/invocation/{id}/error`.
    Error(String),
    /// `POST /runtime/init/error`.
    InitError,
}

/// Why a request is not a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteRefusal {
    /// 404: no such path.
    NotFound,
    /// 405: the path exists with another method.
    MethodNotAllowed,
    /// 400: the path names an invocation in a way no id can be (empty, too long, odd bytes).
    InvalidRequestId,
}

impl RouteRefusal {
    /// The HTTP status and JSON body to answer with.
    pub fn answer(&self) -> (u16, String) {
        match self {
            Self::NotFound => (404, error_body("InvalidRoute", "Not Found")),
            Self::MethodNotAllowed => (405, error_body("MethodNotAllowed", "Method Not Allowed")),
            Self::InvalidRequestId => (400, invalid_request_id_body()),
        }
    }
}

/// Which call `method` on `path` (with or without a query) is.
pub fn route(method: &str, path: &str) -> Result<RuntimeCall, RouteRefusal> {
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let rest = path
        .strip_prefix(VERSION_PREFIX)
        .and_then(|r| r.strip_prefix("/runtime/"))
        .ok_or(RouteRefusal::NotFound)?;
    let parts: Vec<&str> = rest.split('/').collect();
    let (call, wanted) = match parts.as_slice() {
        ["invocation", "next"] => (RuntimeCall::Next, "GET"),
        ["init", "error"] => (RuntimeCall::InitError, "POST"),
        ["invocation", id, kind @ ("response" | "error")] => {
            let id = valid_request_id(id).ok_or(RouteRefusal::InvalidRequestId)?;
            let call = if *kind == "response" {
                RuntimeCall::Response(id)
            } else {
                RuntimeCall::Error(id)
            };
            (call, "POST")
        }
        _ => return Err(RouteRefusal::NotFound),
    };
    if method == wanted {
        Ok(call)
    } else {
        Err(RouteRefusal::MethodNotAllowed)
    }
}

/// The id as written in a path, if it could be one: printable ASCII of a sane length.
fn valid_request_id(id: &str) -> Option<String> {
    let plausible = !id.is_empty()
        && id.len() <= MAX_REQUEST_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    plausible.then(|| id.to_owned())
}

/// `{"errorMessage": ..., "errorType": ...}`, the shape of every Runtime API error answer.
pub fn error_body(error_type: &str, message: &str) -> String {
    serde_json::json!({ "errorMessage": message, "errorType": error_type }).to_string()
}

/// The answer to a response or error for an invocation that is not (or no longer) running.
pub fn invalid_request_id_body() -> String {
    error_body("InvalidRequestID", "Invalid request ID")
}

/// The 202 answer to an accepted response or error.
pub const ACCEPTED_BODY: &str = r#"{"status":"OK"}"#;

/// The error type a runtime gave in its header, when it is a sane one.
pub fn error_type_header(value: Option<&[u8]>) -> Option<String> {
    let text = std::str::from_utf8(value?).ok()?.trim();
    let sane = !text.is_empty() && text.len() <= 256 && text.chars().all(|c| !c.is_control());
    sane.then(|| text.to_owned())
}

/// An invocation id in the uuid form Lambda uses, from 128 random bits.
pub fn format_request_id(random: u128) -> String {
    let hex = format!("{random:032x}");
    format!(
        "{}-{}-4{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// An X-Ray trace header as Lambda hands it over: `Root=1-{epoch s hex}-{24 hex};Parent=...`.
pub fn format_trace_id(epoch_s: u64, random: u128) -> String {
    let hex = format!("{random:032x}");
    format!(
        "Root=1-{:08x}-{};Parent={};Sampled=0",
        epoch_s & 0xffff_ffff,
        &hex[0..24],
        &hex[16..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_routed_by_method_and_path() {
        assert_eq!(
            route("GET", "/2018-06-01/runtime/invocation/next"),
            Ok(RuntimeCall::Next)
        );
        assert_eq!(
            route("GET", "/2018-06-01/runtime/invocation/next?x=1"),
            Ok(RuntimeCall::Next)
        );
        assert_eq!(
            route("POST", "/2018-06-01/runtime/invocation/abc-1/response"),
            Ok(RuntimeCall::Response("abc-1".to_owned()))
        );
        assert_eq!(
            route("POST", "/2018-06-01/runtime/invocation/abc-1/error"),
            Ok(RuntimeCall::Error("abc-1".to_owned()))
        );
        assert_eq!(
            route("POST", "/2018-06-01/runtime/init/error"),
            Ok(RuntimeCall::InitError)
        );
    }

    #[test]
    fn wrong_requests_get_the_documented_refusals() {
        let refused = |m, p| route(m, p).expect_err(p);
        assert_eq!(
            refused("POST", "/2018-06-01/runtime/invocation/next"),
            RouteRefusal::MethodNotAllowed
        );
        assert_eq!(
            refused("GET", "/2018-06-01/runtime/invocation/a/response"),
            RouteRefusal::MethodNotAllowed
        );
        for path in [
            "",
            "/",
            "/runtime/invocation/next",
            "/2018-06-02/runtime/invocation/next",
            "/2018-06-01/runtime/invocation/next/",
            "/2018-06-01/runtime/invocation/a/b/response",
            "/2018-06-01/runtime/invocation/a/respond",
            "/2018-06-01//runtime/invocation/next",
            "/2018-06-01/runtime/../runtime/invocation/next",
        ] {
            assert_eq!(refused("GET", path), RouteRefusal::NotFound, "{path:?}");
        }
        for path in [
            "/2018-06-01/runtime/invocation//response",
            "/2018-06-01/runtime/invocation/%00/response",
            "/2018-06-01/runtime/invocation/a b/error",
            "/2018-06-01/runtime/invocation/\u{e9}/error",
        ] {
            assert_eq!(
                refused("POST", path),
                RouteRefusal::InvalidRequestId,
                "{path:?}"
            );
        }
        let long = format!(
            "/2018-06-01/runtime/invocation/{}/response",
            "a".repeat(999)
        );
        assert_eq!(refused("POST", &long), RouteRefusal::InvalidRequestId);
        let (status, body) = RouteRefusal::InvalidRequestId.answer();
        assert_eq!(status, 400);
        let json: serde_json::Value = serde_json::from_str(&body).expect("json");
        assert_eq!(json["errorType"], "InvalidRequestID");
        assert_eq!(json["errorMessage"], "Invalid request ID");
        assert_eq!(RouteRefusal::NotFound.answer().0, 404);
        assert_eq!(RouteRefusal::MethodNotAllowed.answer().0, 405);
    }

    #[test]
    fn error_type_headers_are_taken_only_when_sane() {
        assert_eq!(
            error_type_header(Some(b"Runtime.ImportModuleError")),
            Some("Runtime.ImportModuleError".to_owned())
        );
        assert_eq!(error_type_header(None), None);
        assert_eq!(error_type_header(Some(b"")), None);
        assert_eq!(error_type_header(Some(b"  ")), None);
        assert_eq!(error_type_header(Some(b"\xff\xfe")), None);
        assert_eq!(error_type_header(Some(b"a\nb")), None);
        assert_eq!(error_type_header(Some(&[b'x'; 300])), None);
    }

    #[test]
    fn ids_and_traces_have_lambdas_shapes() {
        let id = format_request_id(u128::MAX);
        assert_eq!(id.len(), 36);
        assert_eq!(id.matches('-').count(), 4);
        assert_eq!(&id[14..15], "4");
        assert_eq!(format_request_id(0), "00000000-0000-4000-0000-000000000000");
        let trace = format_trace_id(0x6543_2100, 0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        assert_eq!(
            trace,
            "Root=1-65432100-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0"
        );
        assert!(format_trace_id(u64::MAX, 0).starts_with("Root=1-ffffffff-"));
    }
}
