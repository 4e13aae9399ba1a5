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
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::model::attribute::base64_decode;
use crate::model::{AttrValue, RawItem};

/// The header that marks a request whose page should be read here, and names its slot.
pub const PAGE_HEADER: &str = "x-stratus-page";

/// Items of pages read by the connector, by page id, until the caller takes them.
#[derive(Clone, Debug, Default)]
pub struct PageStash {
    pages: Arc<Mutex<HashMap<String, Vec<RawItem>>>>,
}

impl PageStash {
    fn put(&self, id: String, items: Vec<RawItem>) {
        if let Ok(mut pages) = self.pages.lock() {
            pages.insert(id, items);
        }
    }

    /// The items the connector read for this page, if it did.
    pub fn take(&self, id: &str) -> Option<Vec<RawItem>> {
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
            let body = response.into_body();
            let bytes = match ByteStream::new(body).collect().await {
                Ok(bytes) => bytes.into_bytes(),
                Err(e) => {
                    return Err(aws_smithy_runtime_api::client::result::ConnectorError::io(
                        Box::new(e),
                    ));
                }
            };
            let body = match split_page(&bytes) {
                Some((items, rest)) => {
                    stash.put(id, items);
                    rest
                }
                // Not a page we can read: the SDK gets the body unchanged.
                None => bytes.to_vec(),
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

/// Items of a Scan/Query body, and the body without them for the SDK.
fn split_page(body: &[u8]) -> Option<(Vec<RawItem>, Vec<u8>)> {
    let page: Page = serde_json::from_slice(body).ok()?;
    let rest = serde_json::to_vec(&page.rest).ok()?;
    Some((page.items, rest))
}

/// A page: the items parsed exactly, everything else kept as JSON for the SDK.
struct Page {
    items: Vec<RawItem>,
    rest: serde_json::Map<String, serde_json::Value>,
}

impl<'de> serde::Deserialize<'de> for Page {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PageVisitor;
        impl<'de> Visitor<'de> for PageVisitor {
            type Value = Page;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Scan or Query response")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page, A::Error> {
                let mut page = Page {
                    items: Vec::new(),
                    rest: serde_json::Map::new(),
                };
                while let Some(key) = map.next_key::<String>()? {
                    if key == "Items" {
                        page.items = map
                            .next_value::<Vec<ItemDe>>()?
                            .into_iter()
                            .map(|i| i.0)
                            .collect();
                    } else {
                        page.rest.insert(key, map.next_value()?);
                    }
                }
                Ok(page)
            }
        }
        deserializer.deserialize_map(PageVisitor)
    }
}

/// An item: attribute name to typed value.
struct ItemDe(RawItem);

impl<'de> serde::Deserialize<'de> for ItemDe {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = ItemDe;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an item")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ItemDe, A::Error> {
                let mut item = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(name) = map.next_key::<String>()? {
                    item.push((name, map.next_value::<ValueDe>()?.0));
                }
                Ok(ItemDe(item))
            }
        }
        deserializer.deserialize_map(ItemVisitor)
    }
}

/// A typed value: `{"S": "…"}`, `{"N": "…"}`, …
struct ValueDe(AttrValue);

/// A string sequence (SS, NS, or base64 for BS).
struct Strings(Vec<String>);

impl<'de> serde::Deserialize<'de> for Strings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StringsVisitor;
        impl<'de> Visitor<'de> for StringsVisitor {
            type Value = Strings;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strings, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(4));
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(Strings(out))
            }
        }
        deserializer.deserialize_seq(StringsVisitor)
    }
}

impl<'de> serde::Deserialize<'de> for ValueDe {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = ValueDe;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a DynamoDB typed value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ValueDe, A::Error> {
                let Some(tag) = map.next_key::<String>()? else {
                    return Err(de::Error::custom("empty typed value"));
                };
                let binary = |text: String| {
                    base64_decode(&text)
                        .map(Vec::into_boxed_slice)
                        .map_err(de::Error::custom)
                };
                let value = match tag.as_str() {
                    "S" => AttrValue::S(map.next_value::<String>()?.into_boxed_str()),
                    "N" => AttrValue::N(map.next_value::<String>()?.into_boxed_str()),
                    "B" => AttrValue::B(binary(map.next_value::<String>()?)?),
                    "BOOL" => AttrValue::Bool(map.next_value::<bool>()?),
                    "NULL" => {
                        map.next_value::<bool>()?;
                        AttrValue::Null
                    }
                    "L" => AttrValue::L(
                        map.next_value::<Vec<ValueDe>>()?
                            .into_iter()
                            .map(|v| v.0)
                            .collect(),
                    ),
                    "M" => AttrValue::map(
                        map.next_value::<ItemDe>()?
                            .0
                            .into_iter()
                            .map(|(k, v)| (k.into_boxed_str(), v))
                            .collect(),
                    ),
                    "SS" => AttrValue::Ss(
                        map.next_value::<Strings>()?
                            .0
                            .into_iter()
                            .map(String::into_boxed_str)
                            .collect(),
                    ),
                    "NS" => AttrValue::Ns(
                        map.next_value::<Strings>()?
                            .0
                            .into_iter()
                            .map(String::into_boxed_str)
                            .collect(),
                    ),
                    "BS" => AttrValue::Bs(
                        map.next_value::<Strings>()?
                            .0
                            .into_iter()
                            .map(binary)
                            .collect::<Result<_, _>>()?,
                    ),
                    other => return Err(de::Error::custom(format!("unknown type {other}"))),
                };
                if map.next_key::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::custom("a typed value has one type"));
                }
                Ok(ValueDe(value))
            }
        }
        deserializer.deserialize_map(ValueVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_split_into_exact_items_and_the_rest() {
        let body = br#"{"Count":1,"Items":[{"pk":{"S":"a"},"n":{"N":"12345678901234567890123456789012345678"},"b":{"B":"/wDD"},"t":{"BOOL":true},"z":{"NULL":true},"l":{"L":[{"M":{"x":{"NS":["1","2.5"]}}}]},"ss":{"SS":["a","b"]},"bs":{"BS":["AQ=="]}}],"ScannedCount":3,"LastEvaluatedKey":{"pk":{"S":"a"}}}"#;
        let (items, rest) = split_page(body).expect("a page");
        assert_eq!(items.len(), 1);
        let item = &items[0];
        assert!(item.contains(&(
            "n".to_owned(),
            AttrValue::N("12345678901234567890123456789012345678".into())
        )));
        assert!(item.contains(&("b".to_owned(), AttrValue::B(vec![0xFF, 0x00, 0xC3].into()))));
        assert!(item.contains(&("z".to_owned(), AttrValue::Null)));
        let rest: serde_json::Value = serde_json::from_slice(&rest).expect("json");
        assert!(rest.get("Items").is_none());
        assert_eq!(rest["ScannedCount"], 3);
        assert_eq!(rest["LastEvaluatedKey"]["pk"]["S"], "a");
    }

    #[test]
    fn anything_else_is_left_to_the_sdk() {
        for body in [
            &b"not json"[..],
            br#"{"Items":[{"a":{"Q":1}}]}"#,
            br#"{"Items":[{"a":{}}]}"#,
            b"[]",
        ] {
            assert!(
                split_page(body).is_none(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let (items, _) = split_page(br#"{"Count":0}"#).expect("no items");
        assert!(items.is_empty());
    }
}
