//! Items with every attribute type, and reading a table back to compare exactly.

use std::collections::BTreeMap;

use stratus::connection::calls::AwsClients;
use stratus::dynamodb::calls::items::fetch_page;
use stratus::dynamodb::calls::writes::save_item;
use stratus::dynamodb::model::AttrValue;
use stratus::dynamodb::model::expression::ItemsRequest;
use stratus::dynamodb::model::item_edit::Item;
use stratus::dynamodb::model::item_edit::SaveRequest;
use stratus::dynamodb::model::item_edit::diff;

pub use stratus::dynamodb::model::table_details::pk_sk_keys as keys;

/// An item with every attribute type, and the awkward values of each.
pub fn every_type(i: usize) -> Item {
    let n = |t: &str| AttrValue::N(t.into());
    let mut item: Item = [
        ("pk", AttrValue::s(format!("user#{i} ☂, \"quoted\""))),
        ("sk", n(&i.to_string())),
        ("big", n("12345678901234567890123456789012345678")),
        ("tiny", n("-0.00000000000000000000000000000000000001")),
        (
            "bin",
            AttrValue::B(vec![0xFF, 0xFE, 0x00, 0xC3, 0x28, i as u8].into()),
        ),
        (
            "ss",
            AttrValue::Ss(vec!["β".into(), "a,\"b\"".into()].into()),
        ),
        (
            "ns",
            AttrValue::Ns(vec!["1".into(), "99999999999999999999999999999999999999".into()].into()),
        ),
        (
            "bs",
            AttrValue::Bs(vec![vec![0x80u8].into(), vec![0u8, 1].into()].into()),
        ),
        ("empty", AttrValue::s("")),
        ("uni", AttrValue::s("zoë ☂ 山田 🚀\nsecond line\r\n\ttab")),
        ("flag", AttrValue::Bool(i.is_multiple_of(2))),
        ("nothing", AttrValue::Null),
        (
            "deep",
            AttrValue::L(
                vec![
                    AttrValue::map(vec![(
                        "a".into(),
                        AttrValue::L(vec![AttrValue::map(vec![("b".into(), n("1.5"))])].into()),
                    )]),
                    AttrValue::s(""),
                    AttrValue::Ss(vec!["x".into()].into()),
                ]
                .into(),
            ),
        ),
        (
            "map",
            AttrValue::map(vec![
                ("k.with.dots".into(), AttrValue::B(vec![0xFF].into())),
                ("n".into(), AttrValue::Null),
                ("inner".into(), AttrValue::map(vec![("z".into(), n("0"))])),
            ]),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    // Sparse attributes and one attribute with two types, so CSV needs split columns.
    if i.is_multiple_of(3) {
        item.insert("sometimes".into(), AttrValue::s("here"));
        item.insert("mixed".into(), n("7"));
    } else {
        item.insert("mixed".into(), AttrValue::s("seven"));
    }
    item
}

pub const ITEMS: usize = 30;

pub async fn put_all(clients: &AwsClients, table: &str) -> Vec<Item> {
    let mut items = Vec::new();
    for i in 0..ITEMS {
        let item = every_type(i);
        save_item(
            clients,
            &SaveRequest {
                table: table.into(),
                loaded: None,
                edited: item.clone(),
                key_schema: keys(),
                version_attribute: None,
            },
        )
        .await
        .expect("put");
        items.push(item);
    }
    items
}

pub fn scan_request(table: &str, page_size: Option<i32>) -> ItemsRequest {
    ItemsRequest::scan(table, page_size)
}

/// Every item of a table, by (pk, sk).
pub async fn scan_all(clients: &AwsClients, table: &str) -> BTreeMap<String, Item> {
    let request = scan_request(table, None);
    let mut start = None;
    let mut items = BTreeMap::new();
    loop {
        let page = fetch_page(clients, &request, start.as_ref(), None)
            .await
            .expect("scan");
        for raw in page.items {
            let item: Item = raw.into_iter().map(|(k, v)| (k.into_string(), v)).collect();
            items.insert(key_text(&item), item);
        }
        start = page.last_key;
        if start.is_none() {
            return items;
        }
    }
}

pub fn key_text(item: &Item) -> String {
    format!("{:?}/{:?}", item.get("pk"), item.get("sk"))
}

/// Equal as DynamoDB sees it (sets in any order), item by item.
pub fn assert_same_items(expected: &[Item], actual: &BTreeMap<String, Item>, what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: item count");
    for item in expected {
        let Some(found) = actual.get(&key_text(item)) else {
            panic!("{what}: {} is missing", key_text(item));
        };
        assert!(
            diff(item, found).is_empty(),
            "{what}: {:?}",
            diff(item, found)
        );
    }
}
