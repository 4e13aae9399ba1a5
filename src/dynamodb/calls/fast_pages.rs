//! Reading Scan and Query pages fast.
//!
//! The SDK parses every item into a `HashMap<String, AttributeValue>` with its own JSON token
//! reader, one allocation per attribute, and does so in series with the network: on a 2-core
//! machine that costs more than the DynamoDB Local server takes to send the page. So the
//! DynamoDB client gets a wrapping HTTP connector: for requests marked with [`PAGE_HEADER`] it
//! parses the body straight into Stratus's compact types (serde), keeps the items for the
//! caller, and hands the SDK the same body without `Items`. Signing, retries, errors and every
//! other call stay the SDK's; when anything here does not apply, the SDK parses as usual.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;

use crate::dynamodb::model::RawItem;
use page_json::split_page;
use trail::clip;

mod page_json;
mod trail;
mod typed_values;

/// The header that marks a request whose page should be read here, and names its slot.
pub const PAGE_HEADER: &str = "x-stratus-page";

/// The largest page body read. DynamoDB sends at most 1 MB of items a page (their JSON a few
/// times that); anything near this is not a page, and must not exhaust memory.
pub const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

/// The items of one page, or why the page could not be read.
pub type PageOutcome = Result<Vec<RawItem>, String>;

/// Pages read by the connector, by page id, until the caller takes them.
#[derive(Clone, Debug, Default)]
pub struct PageStash {
    pages: Arc<Mutex<HashMap<String, PageOutcome>>>,
}

impl PageStash {
    fn put(&self, id: String, page: PageOutcome) {
        if let Ok(mut pages) = self.pages.lock() {
            pages.insert(id, page);
        }
    }

    /// The items the connector read for this page (or why it could not), if it read it.
    pub fn take(&self, id: &str) -> Option<PageOutcome> {
        self.pages.lock().ok()?.remove(id)
    }
}

/// Wraps the SDK's HTTP client.
#[derive(Debug)]
pub struct FastPagesClient {
    inner: SharedHttpClient,
    stash: PageStash,
}

impl FastPagesClient {
    pub fn new(inner: SharedHttpClient, stash: PageStash) -> Self {
        Self { inner, stash }
    }
}

impl HttpClient for FastPagesClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(FastPagesConnector {
            inner: self.inner.http_connector(settings, components),
            stash: self.stash.clone(),
        })
    }
}

struct FastPagesConnector {
    inner: SharedHttpConnector,
    stash: PageStash,
}

impl fmt::Debug for FastPagesConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FastPagesConnector")
    }
}

impl HttpConnector for FastPagesConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let Some(id) = request.headers().get(PAGE_HEADER).map(ToOwned::to_owned) else {
            return self.inner.call(request);
        };
        let (inner, stash) = (self.inner.clone(), self.stash.clone());
        HttpConnectorFuture::new(async move {
            let response = inner.call(request).await?;
            if response.status().as_u16() != 200 {
                return Ok(response);
            }
            let status = response.status();
            let headers = response.headers().clone();
            let declared = headers
                .get("content-length")
                .and_then(|n| n.trim().parse().ok());
            let read = read_capped(response.into_body(), declared, MAX_PAGE_BYTES).await?;
            let page = read.and_then(|bytes| {
                verify_crc32(headers.get("x-amz-crc32"), &bytes)?;
                split_page(&bytes)
            });
            let body = match page {
                Ok((items, rest)) => {
                    stash.put(id, Ok(items));
                    rest
                }
                // The caller reports the problem; the SDK gets an empty page so that its own
                // parser cannot replace that message with a vaguer one.
                Err(problem) => {
                    stash.put(id, Err(problem));
                    b"{}".to_vec()
                }
            };
            let mut rebuilt =
                aws_smithy_runtime_api::http::Response::new(status, SdkBody::from(body));
            for (name, value) in headers.iter() {
                // The body changed, so its length and checksum no longer apply.
                if !name.eq_ignore_ascii_case("content-length")
                    && !name.eq_ignore_ascii_case("x-amz-crc32")
                {
                    rebuilt
                        .headers_mut()
                        .append(name.to_owned(), value.to_owned());
                }
            }
            Ok(rebuilt)
        })
    }
}

/// The body, or why it is refused: no more than `cap` bytes are ever held, whatever
/// `Content-Length` says. A transport failure stays the SDK's (it may retry).
async fn read_capped(
    body: SdkBody,
    declared: Option<u64>,
    cap: usize,
) -> Result<Result<Vec<u8>, String>, ConnectorError> {
    let too_large = || format!("the page is larger than {} MiB", cap / (1024 * 1024));
    if declared.is_some_and(|n| n > cap as u64) {
        return Ok(Err(too_large()));
    }
    let capacity = declared.map_or(0, |n| usize::try_from(n).unwrap_or(cap));
    let mut bytes = Vec::with_capacity(capacity);
    let mut stream = ByteStream::new(body);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ConnectorError::io(Box::new(e)))?;
        if bytes.len() + chunk.len() > cap {
            return Ok(Err(too_large()));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Ok(bytes))
}

/// Checks the CRC32 DynamoDB sends in `x-amz-crc32` (decimal) against the body. The SDK
/// never sees that header for these pages, so this is the only check they get.
fn verify_crc32(header: Option<&str>, body: &[u8]) -> Result<(), String> {
    let Some(header) = header else {
        return Ok(());
    };
    let expected: u32 = header.trim().parse().map_err(|_| {
        format!(
            "the x-amz-crc32 header `{}` is not a checksum",
            clip(header)
        )
    })?;
    let actual = crc32fast::hash(body);
    if actual == expected {
        Ok(())
    } else {
        Err(format!(
            "the page was damaged in transit: its CRC32 is {actual}, the x-amz-crc32 header says \
             {expected}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn the_checksum_must_match_when_sent() {
        let body = br#"{"Items":[],"Count":0}"#;
        let crc = crc32fast::hash(body).to_string();
        assert_eq!(verify_crc32(Some(&crc), body), Ok(()));
        assert_eq!(verify_crc32(None, body), Ok(()));
        let wrong = (crc32fast::hash(body) ^ 1).to_string();
        let problem = verify_crc32(Some(&wrong), body).expect_err("mismatch");
        assert!(problem.contains("damaged in transit"), "{problem}");
        assert!(verify_crc32(Some("abc"), body).is_err());
        // A known value: CRC32 (IEEE) of "123456789".
        assert_eq!(verify_crc32(Some("3421780262"), b"123456789"), Ok(()));
    }

    #[tokio::test]
    async fn a_huge_body_is_refused_without_being_held() {
        let body = vec![b' '; 4096];
        let read = read_capped(SdkBody::from(body.clone()), None, 1024).await;
        assert_eq!(
            read.expect("no transport error"),
            Err("the page is larger than 0 MiB".to_owned())
        );
        let read = read_capped(SdkBody::from(body.clone()), Some(4096), 1024).await;
        assert!(read.expect("no transport error").is_err());
        // A lying Content-Length does not get past the cap either.
        let read = read_capped(SdkBody::from(body.clone()), Some(10), 1024).await;
        assert!(read.expect("no transport error").is_err());
        let read = read_capped(SdkBody::from(body.clone()), Some(4096), 4096).await;
        assert_eq!(read.expect("no transport error"), Ok(body));
        let huge = read_capped(SdkBody::empty(), Some(u64::MAX), MAX_PAGE_BYTES).await;
        assert_eq!(
            huge.expect("no transport error"),
            Err("the page is larger than 64 MiB".to_owned())
        );
    }
}
