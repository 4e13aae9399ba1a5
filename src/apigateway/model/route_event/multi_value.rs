//! Pieces every event shape shares: single- and multi-value maps, `null` for nothing, the
//! stage names API Gateway puts in events, and ids shaped like API Gateway's.

use serde_json::{Map, Value};

use crate::dynamodb::model::attribute::base64_encode;

/// The single-value map (the last value of a repeated name wins, as REST APIs do) and the
/// multi-value map (every value, in order) of `pairs`.
pub fn multi_value_maps(
    pairs: impl IntoIterator<Item = (String, String)>,
) -> (Map<String, Value>, Map<String, Value>) {
    let mut single = Map::new();
    let mut multi: Map<String, Value> = Map::new();
    for (name, value) in pairs {
        single.insert(name.clone(), Value::String(value.clone()));
        if let Value::Array(values) = multi
            .entry(name)
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            values.push(Value::String(value));
        }
    }
    (single, multi)
}

/// Header pairs with names merged case-insensitively (HTTP names are case-insensitive): each
/// keeps the spelling it was first sent with; blank names are dropped.
pub fn merged_header_pairs(headers: &[(String, String)]) -> Vec<(String, String)> {
    let mut spellings: Vec<String> = Vec::new();
    headers
        .iter()
        .filter_map(|(name, value)| {
            let name = name.trim();
            if name.is_empty() {
                return None;
            }
            let spelling = match spellings.iter().find(|s| s.eq_ignore_ascii_case(name)) {
                Some(first) => first.clone(),
                None => {
                    spellings.push(name.to_owned());
                    name.to_owned()
                }
            };
            Some((spelling, value.clone()))
        })
        .collect()
}

/// `pairs` with each of `defaults` added after them unless a header of that name (in any
/// case) is already there: what API Gateway adds to every request.
pub fn with_default_headers(
    mut pairs: Vec<(String, String)>,
    defaults: &[(&str, &str)],
) -> Vec<(String, String)> {
    for (name, value) in defaults {
        if !pairs.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            pairs.push(((*name).to_owned(), (*value).to_owned()));
        }
    }
    pairs
}

/// The map, or `null` when it is empty: REST-style events send `null` for "none".
pub fn or_null(map: Map<String, Value>) -> Value {
    if map.is_empty() {
        Value::Null
    } else {
        Value::Object(map)
    }
}

/// `count` bytes drawn from `seed` (splitmix64: a well-mixed stream from any seed, with no
/// crate for randomness).
fn seeded_bytes(seed: u64, count: usize) -> Vec<u8> {
    let mut state = seed;
    let mut bytes = Vec::with_capacity(count + 8);
    while bytes.len() < count {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        bytes.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    bytes.truncate(count);
    bytes
}

/// A 16-character id like API Gateway's request, connection and message ids
/// (`L0SM9cOFvHcCIhw=`): 11 bytes drawn from `seed`, base64-encoded. Different seeds give
/// different ids; the same seed the same id.
pub fn aws_style_id(seed: u64) -> String {
    base64_encode(&seeded_bytes(seed, 11))
}

/// A WebSocket handshake key (16 bytes, base64: 24 characters) drawn from `seed`.
pub fn websocket_key(seed: u64) -> String {
    base64_encode(&seeded_bytes(seed, 16))
}

/// An X-Ray trace header like the one API Gateway adds: `Root=1-{epoch seconds}-{24 hex}`.
pub fn trace_id(seed: u64, epoch_ms: u64) -> String {
    let hex: String = seeded_bytes(seed, 12)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("Root=1-{:08x}-{hex}", epoch_ms / 1000)
}

/// A stable seed from text (FNV-1a), for ids derived from another id.
pub fn seed_of(text: &str) -> u64 {
    text.bytes().fold(0xCBF2_9CE4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn repeated_names_keep_the_last_value_and_every_value() {
        let pairs = [("a", "1"), ("b", ""), ("a", "2"), ("a", "1")]
            .map(|(n, v)| (n.to_owned(), v.to_owned()));
        let (single, multi) = multi_value_maps(pairs);
        assert_eq!(Value::Object(single), json!({"a": "1", "b": ""}));
        assert_eq!(
            Value::Object(multi),
            json!({"a": ["1", "2", "1"], "b": [""]})
        );
        assert_eq!(or_null(Map::new()), Value::Null);
    }

    #[test]
    fn header_names_merge_whatever_their_case() {
        let headers = [
            ("X-Tag", "a"),
            ("x-tag", "b"),
            ("  ", "dropped"),
            ("X-TAG", "c"),
        ]
        .map(|(n, v)| (n.to_owned(), v.to_owned()));
        let merged = merged_header_pairs(&headers);
        assert_eq!(
            merged,
            [("X-Tag", "a"), ("X-Tag", "b"), ("X-Tag", "c")]
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
        );
        let with = with_default_headers(merged, &[("x-tag", "no"), ("Host", "h")]);
        assert_eq!(with.len(), 4);
        assert_eq!(with[3], ("Host".to_owned(), "h".to_owned()));
    }

    #[test]
    fn ids_look_like_api_gateway_ids_and_differ_by_seed() {
        let ids: Vec<String> = (0..1000).map(aws_style_id).collect();
        for id in &ids {
            assert_eq!(id.len(), 16, "{id}");
            assert!(id.ends_with('='), "{id}");
            assert_eq!(id.matches('=').count(), 1, "{id}");
        }
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
        assert_eq!(aws_style_id(7), aws_style_id(7));
        assert_ne!(seed_of("req-1"), seed_of("req-2"));
        let key = websocket_key(3);
        assert_eq!((key.len(), key.ends_with("==")), (24, true), "{key}");
        assert_eq!(
            trace_id(3, 1_714_557_600_000).len(),
            "Root=1-663212a0-".len() + 24
        );
        assert!(trace_id(3, 1_714_557_600_000).starts_with("Root=1-663212a0-"));
    }
}
