//! Requests as code, run: the boto3 (emulator virtualenv) and JavaScript v3 (npm's
//! `@aws-sdk/client-dynamodb` and `@aws-sdk/lib-dynamodb`) code Stratus writes for a query with
//! a filter and projection, a scan, a put, an update and a delete, pointed at DynamoDB Local,
//! returns or writes exactly what Stratus's own request does.

use crate::support;

// Beside this file: parsing the generated code with each language's own parser.
mod syntax;

use std::path::Path;
use std::process::Command;

use aws_sdk_dynamodb::types::ScalarAttributeType;
use stratus::connection::calls::AwsClients;
use stratus::dynamodb::calls::items::{execute_statement, fetch_page};
use stratus::dynamodb::calls::writes::{get_item, put_item, save_item};
use stratus::dynamodb::model::attribute_json::{JsonStyle, item_to_json};
use stratus::dynamodb::model::expression::{
    FilterSpec, ItemsRequest, ItemsRequestSpec, Operation, ScalarKind, TypedInput,
};
use stratus::dynamodb::model::item_edit::{Condition, Item, SaveOutcome, SaveRequest};
use stratus::dynamodb::model::request_code::{
    RequestCode, delete_code, items_code, partiql_code, render, save_code,
};
use stratus::dynamodb::model::table_details::pk_sk_keys;
use stratus::dynamodb::model::{AttrValue, RawItem};
use stratus::shared::model::request_code::{CodeLanguage, CodeTarget};
use support::{Emulator, create_table, emulators_dir, runtime};

const TABLE: &str = "Orders";
const BIG: &str = "12345678901234567890123456789012345678";
const NASTY: &str = "it's \"q\" \\ ${x} `t`\nline ☂ 山田 🚀";
/// Where the harness finds the items in a program's output.
const MARK: &str = "@@ITEMS@@";

fn item(pairs: Vec<(&str, AttrValue)>) -> Item {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

fn n(text: &str) -> AttrValue {
    AttrValue::N(text.into())
}

/// Every type, at the edges: 38 digits, every byte value, sets, nesting, hostile text.
fn hostile(pk: &str, sk: &str) -> Item {
    item(vec![
        ("pk", AttrValue::s(pk)),
        ("sk", n(sk)),
        ("status", AttrValue::s("open")),
        ("big", n(BIG)),
        ("tiny", n("-0.00000000000000000000000000000000000001")),
        ("plain", n("1.50")),
        ("bin", AttrValue::B((0..=255).collect::<Vec<u8>>().into())),
        ("odd.name", AttrValue::s(NASTY)),
        ("__proto__", AttrValue::Bool(true)),
        ("tags", AttrValue::Ss(vec!["β".into(), NASTY.into()].into())),
        ("nums", AttrValue::Ns(vec!["1".into(), BIG.into()].into())),
        (
            "small",
            AttrValue::Ns(vec!["1.5".into(), "-2".into()].into()),
        ),
        (
            "blobs",
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
                            AttrValue::L(vec![n("2.50"), AttrValue::M(Box::new([]))].into()),
                        ),
                        ("date".into(), AttrValue::s("")),
                    ]),
                    n("0.000001"),
                ]
                .into(),
            ),
        ),
    ])
}

/// Runs a program with the emulator's keys and no AWS config from this machine; its stdout.
fn run(program: &str, file: &Path, code: &str) -> String {
    std::fs::write(file, code).expect("write the program");
    let output = Command::new(program)
        .arg(file)
        .env("NODE_PATH", emulators_dir().join("node_modules"))
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_CONFIG_FILE", "/nonexistent/stratus-test-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/stratus-test-creds",
        )
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{program} failed:\n{}\n--- code ---\n{code}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The generated code run, with its printed response replaced by the items as JSON (binary as
/// base64, the way DynamoDB JSON writes it).
fn run_capturing_items(
    language: CodeLanguage,
    code: &RequestCode,
    target: &CodeTarget,
) -> Vec<serde_json::Value> {
    let text = render(code, language, target);
    let dir = tempfile::tempdir().expect("temp dir");
    let stdout = match language {
        CodeLanguage::JavaScript | CodeLanguage::JavaScriptDocument => {
            let show = "const __show = (value) => JSON.stringify(value ?? null, function (key, v) {\n  \
                        const raw = this[key];\n  return raw instanceof Uint8Array ? Buffer.from(raw).toString(\"base64\") : v;\n});\n";
            let patched = text.replace(
                "  console.log(response);\n",
                &format!("  console.log(\"{MARK}\" + __show(response.Items));\n"),
            );
            assert_ne!(patched, text, "the JavaScript prints its response");
            run(
                "node",
                &dir.path().join("request.js"),
                &format!("{show}{patched}"),
            )
        }
        CodeLanguage::Python => {
            let patched = format!(
                "{text}\nimport base64 as _b64, json as _json\n\
                 print(\"{MARK}\" + _json.dumps(response.get(\"Items\"), default=lambda o: _b64.b64encode(o).decode()))\n"
            );
            run(
                &emulators_dir().join("venv/bin/python").to_string_lossy(),
                &dir.path().join("request.py"),
                &patched,
            )
        }
        other => panic!("not run here: {other:?}"),
    };
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix(MARK))
        .unwrap_or_else(|| panic!("no items printed:\n{stdout}"));
    let items: serde_json::Value = serde_json::from_str(line).expect("items JSON");
    normalized(items.as_array().expect("an Items array").clone())
}

/// Sets sorted (their order is not part of their value), items sorted.
fn normalized(mut items: Vec<serde_json::Value>) -> Vec<serde_json::Value> {
    fn sort_sets(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, inner) in map.iter_mut() {
                    if let ("SS" | "NS" | "BS", serde_json::Value::Array(members)) =
                        (key.as_str(), &mut *inner)
                    {
                        members.sort_by_key(ToString::to_string);
                    }
                    sort_sets(inner);
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(sort_sets),
            _ => {}
        }
    }
    items.iter_mut().for_each(sort_sets);
    items.sort_by_key(ToString::to_string);
    items
}

fn as_json(items: &[RawItem]) -> Vec<serde_json::Value> {
    normalized(
        items
            .iter()
            .map(|item| {
                let text = item_to_json(
                    item.iter().map(|(k, v)| (k.as_str(), v)),
                    JsonStyle::DynamoDb,
                    false,
                );
                serde_json::from_str(&text).expect("item JSON")
            })
            .collect(),
    )
}

fn without_proto(items: &[serde_json::Value]) -> Vec<serde_json::Value> {
    items
        .iter()
        .map(|item| {
            let mut item = item.clone();
            if let Some(map) = item.as_object_mut() {
                map.remove("__proto__");
            }
            item
        })
        .collect()
}

async fn stratus_items(clients: &AwsClients, request: &ItemsRequest) -> Vec<serde_json::Value> {
    let page = fetch_page(clients, request, None, None)
        .await
        .expect("Stratus's own page");
    assert!(page.last_key.is_none(), "one page holds them all");
    as_json(&page.items)
}

async fn seed(clients: &AwsClients) {
    create_table(clients, TABLE, Some(ScalarAttributeType::N)).await;
    for i in 0..12 {
        let mut seeded = hostile(if i % 2 == 0 { "C#1" } else { "C#2" }, &i.to_string());
        if i % 3 == 0 {
            seeded.insert("status".into(), AttrValue::s("closed"));
        }
        put_item(clients, TABLE, &seeded, &Condition::default())
            .await
            .expect("seed");
    }
}

#[test]
fn generated_queries_and_scans_return_what_stratus_returns() {
    let ddb = Emulator::dynamodb_local();
    let target = CodeTarget::new(Some("us-east-1"), Some(&ddb.endpoint));
    runtime().block_on(async {
        let clients = AwsClients::connect(ddb.connection()).await;
        seed(&clients).await;
        let query = ItemsRequestSpec {
            operation: Operation::Query,
            table: TABLE.into(),
            index: None,
            partition: Some(("pk".into(), TypedInput::new(ScalarKind::S, "C#1"))),
            sort: None,
            filters: vec![FilterSpec {
                path: "status".into(),
                value: TypedInput::new(ScalarKind::S, "open"),
                ..Default::default()
            }],
            projection: "sk, status, `odd.name`, big, bin, tags, nums, deep".into(),
            page_size: Some(100),
            ascending: false,
        }
        .build()
        .expect("query");
        let scan = ItemsRequestSpec::scan(TABLE, 100).build().expect("scan");
        for request in [&query, &scan] {
            let expected = stratus_items(&clients, request).await;
            let wanted = if request.operation == Operation::Query {
                4
            } else {
                12
            };
            assert_eq!(expected.len(), wanted, "{:?}", request.operation);
            for language in [CodeLanguage::JavaScript, CodeLanguage::Python] {
                let got = run_capturing_items(language, &items_code(request, None), &target);
                // The JavaScript SDK itself reads an attribute named `__proto__` into the
                // object's prototype (its own deserializer, not the request): compared without it.
                let expected = match language {
                    CodeLanguage::JavaScript => without_proto(&expected),
                    _ => expected.clone(),
                };
                assert_eq!(got, expected, "{language:?} {:?}", request.operation);
            }
        }
        // A PartiQL statement with a parameter.
        let statement = "SELECT * FROM \"Orders\" WHERE pk = ? AND status = 'open'";
        let parameters = [AttrValue::s("C#2")];
        let page = execute_statement(&clients, statement, &parameters, None)
            .await
            .expect("Stratus's own statement");
        let expected = as_json(&page.items);
        assert_eq!(expected.len(), 4);
        let code = partiql_code(statement, &parameters);
        for language in [CodeLanguage::JavaScript, CodeLanguage::Python] {
            let got = run_capturing_items(language, &code, &target);
            let expected = match language {
                CodeLanguage::JavaScript => without_proto(&expected),
                _ => expected.clone(),
            };
            assert_eq!(got, expected, "{language:?} ExecuteStatement");
        }
    });
}

/// A save's code run for `key`'s item, and what the table holds there after (without `pk`).
async fn stored_without_pk(clients: &AwsClients, pk: &str) -> Option<Item> {
    let key = item(vec![("pk", AttrValue::s(pk)), ("sk", n("1"))]);
    get_item(clients, TABLE, &key)
        .await
        .expect("GetItem")
        .map(|mut stored| {
            stored.remove("pk");
            stored
        })
}

fn run_code(language: CodeLanguage, code: &RequestCode, target: &CodeTarget) {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = render(code, language, target);
    match language {
        CodeLanguage::Python => {
            run(
                &emulators_dir().join("venv/bin/python").to_string_lossy(),
                &dir.path().join("w.py"),
                &text,
            );
        }
        _ => {
            run("node", &dir.path().join("w.js"), &text);
        }
    }
}

#[test]
fn generated_puts_updates_and_deletes_write_what_stratus_writes() {
    let ddb = Emulator::dynamodb_local();
    let target = CodeTarget::new(Some("us-east-1"), Some(&ddb.endpoint));
    runtime().block_on(async {
        let clients = AwsClients::connect(ddb.connection()).await;
        create_table(&clients, TABLE, Some(ScalarAttributeType::N)).await;
        let edit = |loaded: Item| {
            let mut edited = loaded.clone();
            edited.insert("big".into(), n("-99999999999999999999999999999999999999"));
            edited.insert("new".into(), AttrValue::Ns(vec![BIG.into()].into()));
            edited.insert("odd.name".into(), AttrValue::s(format!("{NASTY} again")));
            edited.remove("tags");
            SaveRequest {
                table: TABLE.into(),
                loaded: Some(loaded),
                edited,
                key_schema: pk_sk_keys(),
                version_attribute: Some("version".into()),
            }
        };
        let key = |pk: &str| item(vec![("pk", AttrValue::s(pk)), ("sk", n("1"))]);
        // With an attribute named `__proto__` (the document client falls back to the
        // low-level client for it) and without (the document client's own values).
        for with_proto in [true, false] {
            let put = |pk: &str| {
                let mut edited = hostile(pk, "1");
                if !with_proto {
                    edited.remove("__proto__");
                }
                SaveRequest {
                    table: TABLE.into(),
                    loaded: None,
                    edited,
                    key_schema: pk_sk_keys(),
                    version_attribute: Some("version".into()),
                }
            };
            // Stratus's own writes.
            let own = format!("stratus {with_proto}");
            let saved = save_item(&clients, &put(&own))
                .await
                .expect("Stratus's put");
            assert!(matches!(saved, SaveOutcome::Saved { .. }));
            let after_put = stored_without_pk(&clients, &own).await.expect("put");
            let loaded = get_item(&clients, TABLE, &key(&own))
                .await
                .expect("read")
                .expect("item");
            save_item(&clients, &edit(loaded))
                .await
                .expect("Stratus's update");
            let after_update = stored_without_pk(&clients, &own).await.expect("updated");
            assert_ne!(after_update, after_put);
            for language in [
                CodeLanguage::JavaScript,
                CodeLanguage::JavaScriptDocument,
                CodeLanguage::Python,
            ] {
                let pk = format!("{language:?} {with_proto}");
                let code = save_code(&put(&pk)).expect("put code");
                let document_values = render(&code, language, &target).contains("new PutCommand(");
                assert_eq!(
                    document_values,
                    language == CodeLanguage::JavaScriptDocument && !with_proto
                );
                run_code(language, &code, &target);
                assert_eq!(
                    stored_without_pk(&clients, &pk).await.as_ref(),
                    Some(&after_put),
                    "{language:?} put"
                );
                let loaded = get_item(&clients, TABLE, &key(&pk))
                    .await
                    .expect("read")
                    .expect("item");
                run_code(
                    language,
                    &save_code(&edit(loaded)).expect("update code"),
                    &target,
                );
                assert_eq!(
                    stored_without_pk(&clients, &pk).await.as_ref(),
                    Some(&after_update),
                    "{language:?} update"
                );
                let current = get_item(&clients, TABLE, &key(&pk))
                    .await
                    .expect("read")
                    .expect("item");
                run_code(
                    language,
                    &delete_code(TABLE, &current, &pk_sk_keys()),
                    &target,
                );
                assert_eq!(
                    stored_without_pk(&clients, &pk).await,
                    None,
                    "{language:?} delete"
                );
            }
        }
        // The delete's condition is real: code for an item changed since it was read fails
        // and leaves it in place.
        let stale = get_item(&clients, TABLE, &key("stratus true"))
            .await
            .expect("read")
            .expect("item");
        let mut changed = stale.clone();
        changed.insert("status".into(), AttrValue::s("changed meanwhile"));
        put_item(&clients, TABLE, &changed, &Condition::default())
            .await
            .expect("change");
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("stale.py");
        std::fs::write(
            &file,
            render(
                &delete_code(TABLE, &stale, &pk_sk_keys()),
                CodeLanguage::Python,
                &target,
            ),
        )
        .expect("write");
        let output = Command::new(emulators_dir().join("venv/bin/python"))
            .arg(&file)
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .output()
            .expect("python");
        assert!(!output.status.success());
        assert!(String::from_utf8_lossy(&output.stderr).contains("ConditionalCheckFailed"));
        assert!(stored_without_pk(&clients, "stratus true").await.is_some());
    });
}

/// The builder's request as code: pick a language by its label, the code follows, Copy code is
/// there, and the choice is remembered in the workspace across a restart.
#[test]
fn the_code_language_is_picked_by_label_and_remembered() {
    use support::ui::{
        app_harness_sized, click, has_label, has_label_containing, open_json_face, open_table,
        type_into, wait_until, with_gift_note,
    };
    let moto = Emulator::moto();
    moto.seed_demo(5);
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    // Tall enough that the builder's request and its code are on screen.
    let size = egui::vec2(1280.0, 1600.0);
    let mut harness = app_harness_sized(&runtime, moto.connection(), config.path(), size);
    open_table(&mut harness, "Orders");
    click(&mut harness, "Request and AWS CLI command");
    wait_until(&mut harness, "the code picker", |h| {
        has_label(h, "Code language")
    });
    assert!(has_label(&harness, "Copy code"));
    assert!(
        has_label(&harness, "Copy AWS CLI command"),
        "the old labels stay"
    );
    click(&mut harness, "Code language");
    wait_until(&mut harness, "the languages", |h| {
        has_label(h, "Python (boto3)")
    });
    for language in CodeLanguage::ALL {
        assert!(
            has_label(&harness, language.label()),
            "{}",
            language.label()
        );
    }
    click(&mut harness, "Python (boto3)");
    wait_until(&mut harness, "the scan in Python", |h| {
        has_label_containing(h, "response = client.scan(")
    });
    assert_eq!(harness.state().state().code_language, CodeLanguage::Python);
    let workspace = config.path().join("workspace.json");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let remembered = |path: &Path| {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .is_some_and(|w| w["code_language"] == "Python")
    };
    while !remembered(&workspace) {
        assert!(
            std::time::Instant::now() < deadline,
            "the workspace remembers the language"
        );
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    drop(harness);
    // A restart on the same config directory shows code in Python at once.
    let mut harness = app_harness_sized(&runtime, moto.connection(), config.path(), size);
    assert_eq!(harness.state().state().code_language, CodeLanguage::Python);
    wait_until(&mut harness, "the remembered Orders tab", |h| {
        has_label(h, "Request and AWS CLI command")
    });
    click(&mut harness, "Request and AWS CLI command");
    wait_until(&mut harness, "the scan in Python again", |h| {
        has_label_containing(h, "response = client.scan(")
    });
    // The editor's review: the UpdateItem of the difference, in the same language.
    let json = open_json_face(&mut harness, "CUST#0001");
    type_into(
        &mut harness,
        "Item DynamoDB JSON",
        &with_gift_note(&json, "it's ☂"),
    );
    click(&mut harness, "Review changes");
    click(&mut harness, "Request as code");
    wait_until(&mut harness, "the update in Python", |h| {
        has_label_containing(h, "response = client.update_item(")
    });
    assert!(has_label_containing(&harness, "{\"S\": \"it's ☂\"}"));
    assert!(has_label_containing(&harness, "ReturnValues=\"ALL_OLD\""));
    click(&mut harness, "Confirm save");
    wait_until(&mut harness, "the save", |h| !has_label(h, "Confirm save"));
    // The Lambda Test tab's invocation, in the same language, with the payload typed.
    click(&mut harness, "orders-get");
    wait_until(&mut harness, "the function's Test tab", |h| {
        has_label(h, "Invocation as code")
    });
    click(&mut harness, "Invocation as code");
    wait_until(&mut harness, "the invocation in Python", |h| {
        has_label_containing(
            h,
            "response = client.invoke(\n    FunctionName=\"orders-get\",",
        )
    });
    assert!(has_label_containing(
        &harness,
        "InvocationType=\"RequestResponse\""
    ));
    assert!(has_label_containing(&harness, "Payload=\"{}\".encode()"));
}
