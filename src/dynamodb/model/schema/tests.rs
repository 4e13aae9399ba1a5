//! Inference and exports on hostile mixes of items.

use super::*;
use crate::dynamodb::model::attribute::{AttrType, AttrValue};
use crate::dynamodb::model::item_edit::Item;
use crate::dynamodb::model::table_details::{IndexDetails, KeyAttribute, KeyRole, TableDetails};

fn n(text: &str) -> AttrValue {
    AttrValue::N(text.into())
}

fn s(text: &str) -> AttrValue {
    AttrValue::s(text)
}

fn map(entries: &[(&str, AttrValue)]) -> AttrValue {
    AttrValue::map(
        entries
            .iter()
            .map(|(k, v)| ((*k).into(), v.clone()))
            .collect(),
    )
}

fn item(entries: &[(&str, AttrValue)]) -> Item {
    entries
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn infer(items: &[Item]) -> InferredSchema {
    InferredSchema::of(
        items.iter().map(|i| i.iter().map(|(k, v)| (k.as_str(), v))),
        &["pk", "sk"],
    )
}

fn path(text: &[Option<&str>]) -> SchemaPath {
    SchemaPath(
        text.iter()
            .map(|s| match s {
                Some(k) => Segment::Key((*k).to_owned()),
                None => Segment::Element,
            })
            .collect(),
    )
}

fn attr<'a>(schema: &'a InferredSchema, p: &[Option<&str>]) -> &'a AttributeSchema {
    schema.get(&path(p)).expect("path in the schema")
}

/// Items with everything at once: three types at one path, sparse attributes, deep nesting,
/// sets, unicode and dotted and spaced names, 38-digit numbers, binary.
fn hostile() -> Vec<Item> {
    let big = "12345678901234567890123456789012345678";
    let mut deep = s("bottom");
    for i in 0..40 {
        deep = map(&[(if i % 2 == 0 { "d" } else { "e" }, deep)]);
    }
    vec![
        item(&[
            ("pk", s("USER#1")),
            ("sk", s("PROFILE")),
            ("mixed", s("text")),
            ("a.b", s("dotted")),
            ("first name", s("Ada")),
            ("名前", s("エイダ")),
            ("big", n(big)),
            ("bin", AttrValue::B(vec![0xDE, 0xAD, 0xBE, 0xEF].into())),
            ("tags", AttrValue::Ss(vec!["x".into(), "y".into()].into())),
            ("deep", deep),
        ]),
        item(&[
            ("pk", s("USER#2")),
            ("sk", s("PROFILE")),
            ("mixed", n("7")),
            ("scores", AttrValue::Ns(vec!["1".into(), big.into()].into())),
            ("blobs", AttrValue::Bs(vec![vec![1u8].into()].into())),
        ]),
        item(&[
            ("pk", s("USER#3")),
            ("sk", s("ORDER#2024-05-01#7")),
            ("mixed", AttrValue::Bool(true)),
            (
                "lines",
                AttrValue::L(
                    vec![
                        map(&[("qty", n("1")), ("sku", s("A"))]),
                        map(&[("qty", n("2"))]),
                        AttrValue::Null,
                    ]
                    .into(),
                ),
            ),
            ("empty", AttrValue::L(Vec::new().into())),
        ]),
    ]
}

#[test]
fn an_attribute_with_three_types_counts_each() {
    let schema = infer(&hostile());
    let mixed = attr(&schema, &[Some("mixed")]);
    assert_eq!(
        mixed.types,
        [(AttrType::S, 1), (AttrType::N, 1), (AttrType::Bool, 1)]
    );
    assert!(mixed.required());
    assert_eq!(mixed.presence_percent(), 100.0);
}

#[test]
fn sparse_attributes_have_their_share() {
    let schema = infer(&hostile());
    let tags = attr(&schema, &[Some("tags")]);
    assert_eq!((tags.items, schema.items), (1, 3));
    assert!(!tags.required());
    assert!((tags.presence_percent() - 100.0 / 3.0).abs() < 1e-9);
    assert_eq!(tags.types, [(AttrType::Ss, 1)]);
}

#[test]
fn keys_lead_then_names_in_order_with_nesting_after_each() {
    let schema = infer(&hostile());
    let order: Vec<String> = schema
        .attributes
        .iter()
        .map(|a| a.path.to_string())
        .collect();
    assert_eq!(&order[..2], ["pk", "sk"]);
    let lines = order.iter().position(|p| p == "lines").expect("lines");
    assert_eq!(
        &order[lines..lines + 4],
        ["lines", "lines[]", "lines[].qty", "lines[].sku"]
    );
    assert!(order.contains(&"`a.b`".to_owned()));
    assert!(order.contains(&"`first name`".to_owned()));
    assert!(order.contains(&"名前".to_owned()));
}

#[test]
fn nested_presence_is_measured_against_the_maps_holding_it() {
    let schema = infer(&hostile());
    let element = attr(&schema, &[Some("lines"), None]);
    assert_eq!(element.types, [(AttrType::Null, 1), (AttrType::M, 1)]);
    assert_eq!(element.occurrences, 3);
    let qty = attr(&schema, &[Some("lines"), None, Some("qty")]);
    assert!(qty.required(), "every line map has a qty");
    let sku = attr(&schema, &[Some("lines"), None, Some("sku")]);
    assert!(!sku.required());
    assert_eq!(sku.presence_percent(), 50.0);
    // Only empty lists: the list is known, what it holds is not.
    assert!(schema.element(attr(&schema, &[Some("empty")])).is_none());
}

#[test]
fn deep_nesting_stops_at_dynamodbs_limit() {
    let schema = infer(&hostile());
    let deepest = schema
        .attributes
        .iter()
        .filter(|a| a.path.top_attribute() == "deep")
        .map(|a| a.path.depth())
        .max();
    assert_eq!(deepest, Some(32));
}

#[test]
fn numbers_and_binary_stay_exact_in_examples() {
    let schema = infer(&hostile());
    assert_eq!(
        attr(&schema, &[Some("big")]).examples,
        ["12345678901234567890123456789012345678"]
    );
    assert_eq!(attr(&schema, &[Some("bin")]).examples, ["3q2+7w=="]);
    assert_eq!(
        attr(&schema, &[Some("scores")]).examples,
        ["[1, 12345678901234567890123456789012345678]"]
    );
}

#[test]
fn key_templates_show_on_keys() {
    let schema = infer(&hostile());
    let sk = attr(&schema, &[Some("sk")]);
    let templates: Vec<&str> = sk.patterns.iter().map(|p| p.template.as_str()).collect();
    assert_eq!(templates, ["ORDER#<date>#<n>"]);
    let pk = attr(&schema, &[Some("pk")]);
    assert_eq!(pk.patterns[0].template, "USER#<n>");
    assert_eq!(pk.patterns[0].count, 3);
}

#[test]
fn empty_input_is_an_empty_schema() {
    let schema = infer(&[]);
    assert_eq!(schema.items, 0);
    assert!(schema.attributes.is_empty());
    let table = TableDetails {
        name: "Empty".into(),
        ..Default::default()
    };
    for format in SchemaFormat::ALL {
        let text = format.render(&schema, &table, None);
        assert!(!text.is_empty());
    }
    assert!(
        SchemaFormat::TypeScriptInterfaces
            .render(&schema, &table, None)
            .contains("export interface Empty {}")
    );
}

fn table() -> TableDetails {
    let key = |name: &str, role| KeyAttribute {
        name: name.into(),
        role,
        attribute_type: "S".into(),
    };
    TableDetails {
        name: "Single".into(),
        key_schema: vec![key("pk", KeyRole::Partition), key("sk", KeyRole::Sort)],
        indexes: vec![
            IndexDetails {
                name: "byMixed".into(),
                global: true,
                keys: vec![key("gpk", KeyRole::Partition), key("sk", KeyRole::Sort)],
                projection: "INCLUDE (a, b)".into(),
                status: None,
                item_count: None,
                read_capacity: None,
                write_capacity: None,
            },
            IndexDetails {
                name: "byBig".into(),
                global: false,
                keys: vec![key("pk", KeyRole::Partition), key("big", KeyRole::Sort)],
                projection: "KEYS_ONLY".into(),
                status: None,
                item_count: None,
                read_capacity: None,
                write_capacity: None,
            },
        ],
        ..Default::default()
    }
}

#[test]
fn dynamoose_export_has_keys_indexes_sets_and_multi_types() {
    let mut items = hostile();
    items[0].insert("gpk".into(), s("g"));
    let schema = infer(&items);
    let js = SchemaFormat::DynamooseJavaScript.render(&schema, &table(), None);
    for expected in [
        "\"pk\": {\n      \"type\": String,\n      \"required\": true,\n      \"hashKey\": true,",
        "\"rangeKey\": true",
        "\"mixed\": {\n      \"type\": [String, Number, Boolean],\n      \"required\": true,",
        "\"type\": Set,\n      \"schema\": [String]",
        // Numbers past 2^53 arrive in JavaScript as BigInt, which Number refuses.
        "\"scores\": {\n      \"type\": dynamoose.type.ANY",
        "\"big\": {\n      \"type\": dynamoose.type.ANY",
        "\"type\": Set,\n      \"schema\": [Buffer]",
        "\"type\": Buffer",
        "\"index\": [{ \"name\": \"byMixed\", \"type\": \"global\", \"rangeKey\": \"sk\", \"project\": [\"a\", \"b\"] }]",
        "\"index\": [{ \"name\": \"byBig\", \"type\": \"local\", \"project\": false }]",
        "\"a.b\": {",
        "\"first name\": {",
        "\"名前\": {",
        // A list of maps and nulls: several nested types.
        "\"type\": dynamoose.type.ANY",
        "\"empty\": {\n      \"type\": Array,\n      \"schema\": dynamoose.type.ANY",
        "\"create\": false",
        "\"waitForActive\": false",
        "module.exports = { Single, SingleSchema };",
    ] {
        assert!(js.contains(expected), "missing {expected:?} in\n{js}");
    }
    let ts = SchemaFormat::DynamooseTypeScript.render(&schema, &table(), Some("USER"));
    assert!(
        ts.contains("export const User = dynamoose.model<UserItem>(\"USER\""),
        "{ts}"
    );
    assert!(ts.contains("\"tableName\": \"Single\""));
    assert!(ts.contains("mixed: string | number | boolean;"), "{ts}");
    assert!(ts.contains("\"first name\"?: string;"));
    assert!(ts.contains("tags?: Set<string>;"));
    assert!(ts.contains("scores?: Set<number | bigint>;"), "{ts}");
    assert!(ts.contains("big?: number | bigint;"), "{ts}");
    assert!(ts.contains("lines?: Array<null | {"), "{ts}");
}

#[test]
fn json_schema_is_valid_json_with_exact_names() {
    let schema = infer(&hostile());
    let text = SchemaFormat::JsonSchema.render(&schema, &table(), None);
    let parsed: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let properties = &parsed["properties"];
    assert_eq!(properties["a.b"]["type"], "string");
    assert_eq!(properties["名前"]["type"], "string");
    assert_eq!(properties["big"]["type"], "number");
    assert_eq!(properties["bin"]["contentEncoding"], "base64");
    assert_eq!(properties["tags"]["uniqueItems"], true);
    assert_eq!(
        properties["mixed"]["anyOf"].as_array().map(Vec::len),
        Some(3)
    );
    assert_eq!(
        properties["lines"]["items"]["anyOf"][1]["required"],
        serde_json::json!(["qty"])
    );
    assert_eq!(parsed["required"], serde_json::json!(["pk", "sk", "mixed"]));
}

#[test]
fn enumerations_appear_in_every_export() {
    let items: Vec<Item> = (0..9)
        .map(|i| {
            item(&[
                ("pk", s(&format!("p{i}"))),
                ("status", s(["open", "shipped", "closed"][i % 3])),
            ])
        })
        .collect();
    let schema = infer(&items);
    let status = attr(&schema, &[Some("status")]);
    assert_eq!(status.enumeration.as_ref().map(Vec::len), Some(3));
    let table = TableDetails {
        name: "T".into(),
        ..Default::default()
    };
    let js = SchemaFormat::DynamooseJavaScript.render(&schema, &table, None);
    assert!(
        js.contains("\"enum\": [\"closed\", \"open\", \"shipped\"]"),
        "{js}"
    );
    let ts = SchemaFormat::TypeScriptInterfaces.render(&schema, &table, None);
    assert!(
        ts.contains("status: \"closed\" | \"open\" | \"shipped\";"),
        "{ts}"
    );
    let json = SchemaFormat::JsonSchema.render(&schema, &table, None);
    assert!(json.contains("\"enum\": [\"closed\", \"open\", \"shipped\"]"));

    // Once accepted, a value outside the enumeration warns at its attribute; one inside does not.
    let accepted = AcceptedSchema::whole(&schema);
    assert_eq!(accepted.check(&items[0]), []);
    let outside = item(&[("pk", s("p9")), ("status", s("re\"turned"))]);
    let warnings = accepted.check(&outside);
    let messages: Vec<(&str, &str)> = warnings
        .iter()
        .map(|w| (w.attribute.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [(
            "status",
            "status is \"re\\\"turned\", not one of its values (closed, open, shipped)"
        )]
    );
}

#[test]
fn accepted_schemas_warn_at_the_path_that_deviates() {
    let mut items = hostile();
    for i in 0..6 {
        items.push(item(&[
            ("pk", s(&format!("USER#{}", i + 10))),
            ("sk", s("PROFILE")),
            ("mixed", s("x")),
            ("lines", AttrValue::L(vec![map(&[("qty", n("1"))])].into())),
        ]));
    }
    let schema = infer(&items);
    let accepted = AcceptedSchema::whole(&schema);
    let good = items[3].clone();
    assert_eq!(accepted.check(&good), []);

    let mut wrong = good.clone();
    wrong.insert("mixed".into(), AttrValue::Null);
    wrong.remove("sk");
    wrong.insert(
        "lines".into(),
        AttrValue::L(vec![map(&[("qty", s("one"))]), map(&[])].into()),
    );
    let warnings = accepted.check(&wrong);
    let messages: Vec<(&str, &str)> = warnings
        .iter()
        .map(|w| (w.path.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "lines[].qty",
                "lines[].qty is S here; the items read hold only N"
            ),
            (
                "lines[].qty",
                "lines[].qty is missing: every item read has it"
            ),
            (
                "mixed",
                "mixed is NULL here; the items read hold only S, N, BOOL"
            ),
            ("sk", "sk is missing: every item read has it"),
        ]
    );
    assert_eq!(warnings[0].attribute, "lines");

    // A survivor of the workspace file: it reads back the same.
    let text = serde_json::to_string(&accepted).expect("serialize");
    let back: AcceptedSchema = serde_json::from_str(&text).expect("deserialize");
    assert_eq!(back, accepted);
}

#[test]
fn accepted_entities_check_each_item_against_its_kind() {
    let mut items = Vec::new();
    for i in 0..6 {
        items.push(item(&[("pk", s(&format!("USER#{i}"))), ("name", s("n"))]));
        items.push(item(&[("pk", s(&format!("ORDER#{i}"))), ("total", n("5"))]));
    }
    let discriminator = Discriminator::KeyPrefix("pk".into());
    let mut builder = EntitiesBuilder::new(discriminator.clone());
    for i in &items {
        let attrs: Vec<(&str, &AttrValue)> = i.iter().map(|(k, v)| (k.as_str(), v)).collect();
        builder.add_item(&attrs);
    }
    let accepted = AcceptedSchema::by_entity(discriminator, &builder.finish(&["pk"]));
    let order = item(&[("pk", s("ORDER#9")), ("total", n("1"))]);
    assert_eq!(accepted.check(&order), []);
    let user_without_name = item(&[("pk", s("USER#9"))]);
    assert_eq!(accepted.check(&user_without_name).len(), 1);
    let unknown_kind = item(&[("pk", s("THING#1"))]);
    assert_eq!(accepted.check(&unknown_kind), []);
}
