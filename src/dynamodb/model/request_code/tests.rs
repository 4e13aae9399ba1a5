//! Every language against hostile values: 38-digit numbers, every byte value, sets, deep
//! nesting, strings with quotes, backslashes, newlines, unicode and `${`, reserved and
//! prototype-polluting names. (tests/request_code.rs runs the JavaScript and Python against
//! DynamoDB Local.)

use super::*;
use crate::dynamodb::model::attribute_json::{JsonStyle, item_to_json, value_to_json};
use crate::dynamodb::model::expression::{FilterSpec, ItemsRequestSpec, ScalarKind, TypedInput};
use crate::dynamodb::model::item_edit::{Item, SaveRequest};
use crate::dynamodb::model::table_details::pk_sk_keys;

const BIG: &str = "12345678901234567890123456789012345678";
const NASTY: &str = "it's \"quoted\" \\ back\nnew\tline ☂ 山田 🚀 ${injected} `tick` \u{2028}";

fn all_bytes() -> Vec<u8> {
    (0..=255).collect()
}

fn hostile_item() -> Item {
    let n = |t: &str| AttrValue::N(t.into());
    [
        ("pk", AttrValue::s(NASTY)),
        ("sk", n("-0.00000000000000000000000000000000000001")),
        ("status", n(BIG)),
        ("name", AttrValue::s("")),
        ("__proto__", AttrValue::Bool(true)),
        ("bin", AttrValue::B(all_bytes().into())),
        ("ss", AttrValue::Ss(vec!["β".into(), NASTY.into()].into())),
        ("ns", AttrValue::Ns(vec!["1".into(), BIG.into()].into())),
        (
            "small",
            AttrValue::Ns(vec!["1.5".into(), "-2".into()].into()),
        ),
        (
            "bs",
            AttrValue::Bs(vec![vec![0x80u8].into(), vec![0u8, 1].into()].into()),
        ),
        ("nothing", AttrValue::Null),
        (
            "deep",
            AttrValue::L(
                vec![
                    AttrValue::map(vec![
                        (
                            "a.b".into(),
                            AttrValue::L(vec![n("1.50"), AttrValue::M(Box::new([]))].into()),
                        ),
                        ("date".into(), AttrValue::L(Box::new([]))),
                    ]),
                    n("0.000001"),
                ]
                .into(),
            ),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn target() -> CodeTarget {
    CodeTarget::new(Some("eu-west-1"), Some("http://localhost:8000"))
}

fn put() -> RequestCode {
    save_code(&SaveRequest {
        table: "Orders \"2\"".into(),
        loaded: None,
        edited: hostile_item(),
        key_schema: pk_sk_keys(),
        version_attribute: None,
    })
    .expect("put")
}

/// Brackets balance outside double-quoted literals, and no literal holds a raw line break.
fn assert_balanced(code: &str) {
    let mut stack = Vec::new();
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => loop {
                match chars.next() {
                    Some('\\') => {
                        chars.next();
                    }
                    Some('"') => break,
                    Some('\n' | '\r' | '\u{2028}') => {
                        panic!("raw line break in a literal:\n{code}")
                    }
                    Some(_) => {}
                    None => panic!("unterminated literal:\n{code}"),
                }
            },
            '(' | '[' | '{' => stack.push(c),
            ')' | ']' | '}' => {
                let open = stack.pop();
                let expected = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                assert_eq!(open, Some(expected), "unbalanced {c}:\n{code}");
            }
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}:\n{code}");
}

/// Comment lines dropped, so the checks see code only.
fn code_lines(code: &str, comment: &str) -> String {
    code.lines()
        .filter(|line| !line.trim_start().starts_with(comment))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[test]
fn every_language_keeps_every_value_exact() {
    let code = put();
    let base64_all = crate::shared::model::request_code::literals::base64_text(&all_bytes());
    for language in CodeLanguage::ALL {
        let text = render(&code, language, &target());
        if language != CodeLanguage::AwsCli {
            assert_balanced(&code_lines(&text, language.comment()));
        }
        assert!(text.contains("eu-west-1") && text.contains("http://localhost:8000"));
        assert!(text.contains(BIG), "{language:?}: {text}");
        assert!(text.contains("${injected}"), "{language:?}");
    }
    let js = render(&code, CodeLanguage::JavaScript, &target());
    assert!(js.contains("PutItemCommand"), "{js}");
    assert!(js.contains(&format!("{{ N: \"{BIG}\" }}")), "{js}");
    assert!(js.contains(&format!(
        "\"bin\": {{ B: Buffer.from(\"{base64_all}\", \"base64\") }}"
    )));
    assert!(js.contains("[\"__proto__\"]: { BOOL: true }"), "{js}");
    assert!(
        js.contains("\"a.b\": { L: [{ N: \"1.50\" }, { M: {} }] }"),
        "{js}"
    );
    assert!(js.contains("\\n") && js.contains("\\u2028"));

    // lib-dynamodb would lose an attribute named `__proto__`: the low-level client instead.
    let doc = render(&code, CodeLanguage::JavaScriptDocument, &target());
    assert!(doc.starts_with("// The document client would drop") && doc.contains("PutItemCommand"));
    let mut plain_item = hostile_item();
    plain_item.remove("__proto__");
    let plain_put = save_code(&SaveRequest {
        table: "T".into(),
        loaded: None,
        edited: plain_item,
        key_schema: pk_sk_keys(),
        version_attribute: None,
    })
    .expect("put");
    let doc = render(&plain_put, CodeLanguage::JavaScriptDocument, &target());
    assert!(doc.contains("PutCommand, NumberValue }"), "{doc}");
    assert!(
        doc.contains(&format!("\"status\": new NumberValue(\"{BIG}\")")),
        "{doc}"
    );
    assert!(doc.contains("\"sk\": new NumberValue(\"-0.00000000000000000000000000000000000001\")"));
    let ns = doc.split("\"ns\": new Set([").nth(1).expect("ns is a Set");
    let ns = &ns[..ns.find("])").expect("closed")];
    assert!(
        ns.contains("new NumberValue(\"1\")")
            && ns.contains(&format!("new NumberValue(\"{BIG}\")"))
    );
    assert!(doc.contains("\"small\": new Set([1.5, -2])"), "{doc}");
    assert!(doc.contains("\"nothing\": null") && doc.contains("\"name\": \"\""));
    assert!(
        doc.contains("[new NumberValue(\"1.50\"), {}]") && doc.contains(", 0.000001]"),
        "{doc}"
    );
    assert!(doc.contains("wrapNumbers: true"));

    let py = render(&code, CodeLanguage::Python, &target());
    assert!(py.starts_with("import base64\n\nimport boto3\n"), "{py}");
    assert!(py.contains("response = client.put_item(\n    TableName=\"Orders \\\"2\\\"\",\n"));
    assert!(py.contains(&format!("\"B\": base64.b64decode(\"{base64_all}\")")));
    assert!(py.contains("\"__proto__\": {\"BOOL\": True}") && py.contains("{\"NULL\": True}"));
    assert!(py.contains(&format!("\"NS\": [\"1\", \"{BIG}\"]")), "{py}");

    let go = render(&code, CodeLanguage::Go, &target());
    assert!(go.contains("&dynamodb.PutItemInput{"), "{go}");
    assert!(go.contains("&types.AttributeValueMemberB{Value: []byte(\"\\x00\\x01"));
    assert!(go.contains(&format!(
        "&types.AttributeValueMemberNS{{Value: []string{{\"1\", \"{BIG}\"}}}}"
    )));
    assert!(go.contains("&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{}}"));
    assert!(go.contains("o.BaseEndpoint = aws.String(\"http://localhost:8000\")"));

    let rust = render(&code, CodeLanguage::Rust, &target());
    assert!(
        rust.contains("use aws_sdk_dynamodb::primitives::Blob;"),
        "{rust}"
    );
    assert!(rust.contains("use aws_sdk_dynamodb::types::AttributeValue;"));
    assert!(rust.contains("AttributeValue::B(Blob::new(b\"\\x00\\x01\\x02"));
    assert!(
        rust.contains("AttributeValue::M(HashMap::new())")
            && rust.contains("use std::collections::HashMap;")
    );
    assert!(rust.contains(&format!("AttributeValue::N(\"{BIG}\".to_string())")));

    let java = render(&code, CodeLanguage::Java, &target());
    assert!(
        java.contains("import software.amazon.awssdk.core.SdkBytes;"),
        "{java}"
    );
    assert!(
        java.contains("AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(")
    );
    assert!(java.contains(&format!("AttributeValue.fromNs(List.of(\"1\", \"{BIG}\"))")));
    assert!(
        java.contains("AttributeValue.fromM(Map.of())")
            && java.contains("AttributeValue.fromNul(true)")
    );
    assert!(
        java.contains("var response = client.putItem(PutItemRequest.builder()"),
        "{java}"
    );
    assert!(
        !java.contains(",\n            )") && !java.contains(",\n)"),
        "no trailing commas: {java}"
    );
}

/// Splits a POSIX shell command line the way `sh` would for single quotes and `\` newlines.
fn shell_words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = command.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    w.push(q);
                }
            }
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(other) => word.get_or_insert_with(String::new).push(other),
                None => {}
            },
            ' ' | '\n' => words.extend(word.take()),
            other => word.get_or_insert_with(String::new).push(other),
        }
    }
    words.extend(word);
    words
}

#[test]
fn the_cli_arguments_are_the_request_exactly() {
    let item = hostile_item();
    let text = render(&put(), CodeLanguage::AwsCli, &target());
    let words = shell_words(&text);
    assert_eq!(&words[..3], ["aws", "dynamodb", "put-item"]);
    let arg = |flag: &str| {
        let at = words.iter().position(|w| w == flag).expect(flag);
        words[at + 1].clone()
    };
    assert_eq!(arg("--table-name"), "Orders \"2\"");
    let sent: serde_json::Value = serde_json::from_str(&arg("--item")).expect("item JSON");
    let expected: serde_json::Value = serde_json::from_str(&item_to_json(
        item.iter().map(|(k, v)| (k.as_str(), v)),
        JsonStyle::DynamoDb,
        false,
    ))
    .expect("json");
    assert_eq!(sent, expected);
    assert_eq!(arg("--condition-expression"), "attribute_not_exists(#npk)");
    assert_eq!(arg("--endpoint-url"), "http://localhost:8000");
    let statement = partiql_code(
        "SELECT * FROM \"T\" WHERE pk = ?\n-- it's",
        &[AttrValue::s(NASTY)],
    );
    let words = shell_words(&render(
        &statement,
        CodeLanguage::AwsCli,
        &CodeTarget::default(),
    ));
    assert_eq!(words[2], "execute-statement");
    assert_eq!(words[4], "SELECT * FROM \"T\" WHERE pk = ?\n-- it's");
    let parameters: serde_json::Value = serde_json::from_str(&words[6]).expect("parameters");
    assert_eq!(parameters[0]["S"], NASTY);
    assert_eq!(
        words.len(),
        7,
        "no region or endpoint when the connection has none"
    );
    let _ = value_to_json;
}

#[test]
fn an_edit_is_an_update_and_a_key_change_a_read_then_a_transaction() {
    let loaded = hostile_item();
    let mut edited = loaded.clone();
    edited.insert("status".into(), AttrValue::N("1".into()));
    edited.remove("name");
    let request = SaveRequest {
        table: "T".into(),
        loaded: Some(loaded.clone()),
        edited: edited.clone(),
        key_schema: pk_sk_keys(),
        version_attribute: Some("version".into()),
    };
    let update = save_code(&request).expect("update");
    assert_eq!(update.calls.len(), 1);
    assert_eq!(update.calls[0].op, Op::UpdateItem);
    let go = render(&update, CodeLanguage::Go, &target());
    assert!(go.contains("ReturnValues: types.ReturnValueAllOld"), "{go}");
    let rust = render(&update, CodeLanguage::Rust, &target());
    assert!(
        rust.contains(".return_values(ReturnValue::AllOld)"),
        "{rust}"
    );
    assert!(rust.contains("use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};"));
    assert!(
        rust.contains(".expression_attribute_names(\"#v\", \"version\")"),
        "{rust}"
    );
    let java = render(&update, CodeLanguage::Java, &target());
    assert!(
        java.contains(".returnValues(ReturnValue.ALL_OLD)"),
        "{java}"
    );
    let py = render(&update, CodeLanguage::Python, &target());
    assert!(
        py.contains(
            "UpdateExpression=\"SET #u1 = :u1, #v = if_not_exists(#v, :vzero) + :vone REMOVE #u0\""
        ),
        "{py}"
    );

    let mut moved = edited;
    moved.insert("pk".into(), AttrValue::s("elsewhere"));
    let moving = save_code(&SaveRequest {
        edited: moved,
        ..request
    })
    .expect("move");
    let ops: Vec<Op> = moving.calls.iter().map(|c| c.op).collect();
    assert_eq!(ops, [Op::GetItem, Op::TransactWriteItems]);
    for language in CodeLanguage::ALL {
        let text = render(&moving, language, &target());
        assert!(text.contains("reads the stored item first"), "{language:?}");
        if language != CodeLanguage::AwsCli {
            assert_balanced(&code_lines(&text, language.comment()));
        }
    }
    let js = render(&moving, CodeLanguage::JavaScriptDocument, &target());
    assert!(
        js.contains("GetItemCommand, TransactWriteItemsCommand"),
        "{js}"
    );
    let mut loaded_plain = loaded.clone();
    loaded_plain.remove("__proto__");
    let mut moved_plain = loaded_plain.clone();
    moved_plain.insert("pk".into(), AttrValue::s("elsewhere"));
    let moving_plain = save_code(&SaveRequest {
        table: "T".into(),
        loaded: Some(loaded_plain),
        edited: moved_plain,
        key_schema: pk_sk_keys(),
        version_attribute: None,
    })
    .expect("move");
    let js = render(&moving_plain, CodeLanguage::JavaScriptDocument, &target());
    assert!(js.contains("GetCommand, TransactWriteCommand"), "{js}");
    assert!(js.contains("TransactItems: [") && js.contains("Put: {") && js.contains("Delete: {"));
    let go = render(&moving, CodeLanguage::Go, &target());
    assert!(
        go.contains("{Put: &types.Put{")
            && go.contains("response2, err := client.TransactWriteItems")
    );
    let rust = render(&moving, CodeLanguage::Rust, &target());
    assert!(
        rust.contains("Put::builder()") && rust.contains(".build()?"),
        "{rust}"
    );
    assert!(rust.contains(
        "use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem};"
    ));
    let java = render(&moving, CodeLanguage::Java, &target());
    assert!(
        java.contains(".transactItems(List.of(") && java.contains(".put(Put.builder()"),
        "{java}"
    );
}

#[test]
fn queries_deletes_and_statements_carry_their_fields() {
    let spec = ItemsRequestSpec {
        operation: crate::dynamodb::model::expression::Operation::Query,
        table: "Orders".into(),
        index: None,
        partition: Some(("customerId".into(), TypedInput::new(ScalarKind::S, NASTY))),
        sort: None,
        filters: vec![FilterSpec {
            path: "name".into(),
            value: TypedInput::new(ScalarKind::N, BIG),
            ..Default::default()
        }],
        projection: "status, `a.b`".into(),
        page_size: Some(50),
        ascending: false,
    };
    let request = spec.build().expect("valid");
    let code = items_code(&request, None);
    let js = render(&code, CodeLanguage::JavaScript, &CodeTarget::default());
    assert!(js.contains("new DynamoDBClient({})"), "{js}");
    assert!(js.contains("FilterExpression: \"#n1 = :v1\"") || js.contains("FilterExpression:"));
    assert!(
        js.contains("ScanIndexForward: false") && js.contains("Limit: 50"),
        "{js}"
    );
    let go = render(&code, CodeLanguage::Go, &CodeTarget::default());
    assert!(
        go.contains("Limit: aws.Int32(50)") && go.contains("ScanIndexForward: aws.Bool(false)")
    );
    assert!(
        go.contains("cfg, err := config.LoadDefaultConfig(ctx)\n"),
        "{go}"
    );
    assert!(go.contains("client := dynamodb.NewFromConfig(cfg)\n"));
    let cli = items_code_text(&request, None, CodeLanguage::AwsCli, &target());
    assert_eq!(
        cli,
        request.cli_command(Some("eu-west-1"), Some("http://localhost:8000"))
    );
    let scan = items_code(
        &ItemsRequestSpec::scan("T", 25).build().expect("scan"),
        Some((0, 4)),
    );
    let java = render(&scan, CodeLanguage::Java, &CodeTarget::default());
    assert!(
        java.contains(".segment(0)") && java.contains(".totalSegments(4)"),
        "{java}"
    );
    assert!(
        !java.contains("import software.amazon.awssdk.services.dynamodb.model.AttributeValue;")
    );

    let delete = delete_code("T", &hostile_item(), &pk_sk_keys());
    let py = render(&delete, CodeLanguage::Python, &target());
    assert!(py.contains("client.delete_item(") && py.contains("ReturnValues=\"ALL_OLD\""));
    assert!(
        py.contains("ConditionExpression=\"attribute_exists(#k) AND #o0 = :o0"),
        "{py}"
    );
    let rust = render(&delete, CodeLanguage::Rust, &target());
    assert_balanced(&code_lines(&rust, "//"));

    let statement = partiql_code(
        "SELECT * FROM \"T\" WHERE pk = ?",
        &[AttrValue::B(all_bytes().into())],
    );
    let doc = render(
        &statement,
        CodeLanguage::JavaScriptDocument,
        &CodeTarget::default(),
    );
    assert!(
        doc.contains("ExecuteStatementCommand") && doc.contains("Parameters: [Buffer.from(\"AAEC")
    );
    let rust = render(&statement, CodeLanguage::Rust, &CodeTarget::default());
    assert!(
        rust.contains(".parameters(AttributeValue::B(Blob::new(b\""),
        "{rust}"
    );
    assert!(rust.contains(".statement(\"SELECT * FROM \\\"T\\\" WHERE pk = ?\")"));
}

#[test]
fn a_400_kb_item_nested_32_deep_renders_in_linear_time() {
    let mut item: Item = (0..2_000)
        .map(|i| (format!("attribute{i}"), AttrValue::s(format!("{i:0>190}"))))
        .collect();
    let mut deep = AttrValue::s("bottom");
    for level in 0..32 {
        deep = AttrValue::map(vec![(format!("level{level}").into(), deep)]);
    }
    item.insert("pk".into(), AttrValue::s("a"));
    item.insert("sk".into(), AttrValue::N("1".into()));
    item.insert("deep".into(), deep);
    let code = save_code(&SaveRequest {
        table: "T".into(),
        loaded: None,
        edited: item,
        key_schema: pk_sk_keys(),
        version_attribute: None,
    })
    .expect("put");
    let started = std::time::Instant::now();
    let mut total_bytes = 0;
    for language in CodeLanguage::ALL {
        let text = render(&code, language, &target());
        assert!(text.contains("bottom") && text.contains("attribute1999"));
        total_bytes += text.len();
    }
    let elapsed = started.elapsed();
    println!("7 languages, {total_bytes} bytes of code: {elapsed:?}");
    // Generous for an unoptimised build; a quadratic layout would take minutes.
    assert!(elapsed < std::time::Duration::from_secs(10), "{elapsed:?}");
}
