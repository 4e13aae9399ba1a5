//! The Schema tab against DynamoDB Local: a single-table design (users and orders, sets, maps,
//! lists, binary, a GSI and an LSI) is read through the UI, exported, and the exports are
//! checked by the tools they are for: the `dynamoose` package loads the model and validates
//! the table's own items, `tsc` type-checks the TypeScript, `ajv` validates every item (as
//! Copy as JSON writes it) against the JSON Schema. Then an accepted schema warns in the item
//! editor, and a save goes through once confirmed.

use crate::support;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, GlobalSecondaryIndex, KeySchemaElement,
    KeyType, LocalSecondaryIndex, Projection, ProjectionType, ScalarAttributeType,
};
use egui_kittest::Harness;
use stratus::StratusApp;
use stratus::connection::calls::AwsClients;
use stratus::dynamodb::calls::items::fetch_page;
use stratus::dynamodb::calls::schema_sample::sample_scan;
use stratus::dynamodb::calls::writes::get_item;
use stratus::dynamodb::model::AttrValue;
use stratus::dynamodb::model::attribute_json::{JsonStyle, item_to_json};
use stratus::dynamodb::model::expression::ItemsRequest;
use stratus::dynamodb::model::item_edit::Item;
use support::ui::{
    app_harness, click, has_label, has_label_containing, is_enabled, open_table, type_into,
    wait_until,
};
use support::{Emulator, create_table, emulators_dir, runtime};

const TABLE: &str = "Single";
const USERS: usize = 6;
const ORDERS_PER_USER: usize = 2;

fn s(text: &str) -> AttributeValue {
    AttributeValue::S(text.to_owned())
}

fn n(text: &str) -> AttributeValue {
    AttributeValue::N(text.to_owned())
}

fn key(name: &str, kind: KeyType) -> KeySchemaElement {
    KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(kind)
        .build()
        .expect("key")
}

fn string_attribute(name: &str) -> AttributeDefinition {
    AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(ScalarAttributeType::S)
        .build()
        .expect("definition")
}

async fn create_single_table(clients: &AwsClients) {
    clients
        .dynamodb
        .create_table()
        .table_name(TABLE)
        .billing_mode(BillingMode::PayPerRequest)
        .set_attribute_definitions(Some(
            ["pk", "sk", "type", "created"]
                .into_iter()
                .map(string_attribute)
                .collect(),
        ))
        .key_schema(key("pk", KeyType::Hash))
        .key_schema(key("sk", KeyType::Range))
        .global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name("byType")
                .key_schema(key("type", KeyType::Hash))
                .key_schema(key("sk", KeyType::Range))
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::All)
                        .build(),
                )
                .build()
                .expect("gsi"),
        )
        .local_secondary_indexes(
            LocalSecondaryIndex::builder()
                .index_name("byCreated")
                .key_schema(key("pk", KeyType::Hash))
                .key_schema(key("created", KeyType::Range))
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::KeysOnly)
                        .build(),
                )
                .build()
                .expect("lsi"),
        )
        .send()
        .await
        .expect("CreateTable");
}

/// Users (a string set, a number set, a map, binary, a spaced and a unicode name) and their
/// orders (a list of maps, a 38-digit number, a date), two entities in one table.
fn seed_items() -> Vec<HashMap<String, AttributeValue>> {
    let mut items = Vec::new();
    for u in 1..=USERS {
        let pk = format!("USER#{u}");
        let mut user = HashMap::from([
            ("pk".to_owned(), s(&pk)),
            ("sk".to_owned(), s("PROFILE")),
            ("type".to_owned(), s("User")),
            ("name".to_owned(), s(&format!("User {u}"))),
            ("email".to_owned(), s(&format!("user{u}@example.com"))),
            ("first name".to_owned(), s("Ada")),
            ("名前".to_owned(), s("エイダ")),
            ("tier".to_owned(), s(["gold", "silver"][u % 2])),
            (
                "tags".to_owned(),
                AttributeValue::Ss(vec!["a".into(), format!("t{u}")]),
            ),
            (
                "avatar".to_owned(),
                AttributeValue::B(vec![0xDE, 0xAD, u as u8].into()),
            ),
            (
                "address".to_owned(),
                AttributeValue::M(HashMap::from([
                    ("city".to_owned(), s("Paris")),
                    ("zip".to_owned(), s(&format!("7500{u}"))),
                ])),
            ),
        ]);
        if u % 2 == 0 {
            user.insert(
                "scores".to_owned(),
                AttributeValue::Ns(vec!["1".into(), u.to_string()]),
            );
        }
        items.push(user);
        for o in 1..=ORDERS_PER_USER {
            let created = format!("2024-0{o}-1{u}");
            items.push(HashMap::from([
                ("pk".to_owned(), s(&pk)),
                ("sk".to_owned(), s(&format!("ORDER#{created}#{o}"))),
                ("type".to_owned(), s("Order")),
                ("created".to_owned(), s(&created)),
                (
                    "total".to_owned(),
                    n("12345678901234567890123456789012345678"),
                ),
                ("paid".to_owned(), AttributeValue::Bool(o == 1)),
                ("note".to_owned(), AttributeValue::Null(true)),
                (
                    "lines".to_owned(),
                    AttributeValue::L(vec![AttributeValue::M(HashMap::from([
                        ("sku".to_owned(), s("SKU-1")),
                        ("qty".to_owned(), n(&o.to_string())),
                    ]))]),
                ),
            ]));
        }
    }
    items
}

/// Runs `program` with the emulators' node modules; panics with its output when it fails.
fn run(program: &str, args: &[&str], dir: &Path) -> String {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("NODE_PATH", emulators_dir().join("node_modules"))
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{program} {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Picks an export format and saves it to `path` through the Schema tab.
fn save_export(harness: &mut Harness<'_, StratusApp>, format: &str, path: &Path) {
    click(harness, "Export format");
    click(harness, format);
    type_into(harness, "Schema file path", &path.display().to_string());
    click(harness, "Save schema to file");
    let saved = format!("Saved to {}", path.display());
    wait_until(harness, "the saved file", |h| has_label(h, &saved));
}

const DYNAMOOSE_CHECK: &str = r#"
const dynamoose = require("dynamoose");
const [modelPath, endpoint] = process.argv.slice(2);
dynamoose.aws.ddb.set(new dynamoose.aws.ddb.DynamoDB({
  endpoint, region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
}));
const exported = require(modelPath);
const Model = Object.values(exported).find((v) => typeof v === "function" && v.scan);
const strict = { validate: true, required: true, enum: true, modifiers: ["set"], saveUnknown: true };
(async () => {
  const items = await Model.scan().all().exec();
  for (const item of items) {
    await item.toDynamo(strict);
  }
  // The model must be able to refuse: a user whose tier is outside its values.
  let refused = false;
  try {
    await new Model({ ...items[0].toJSON(), pk: "X", sk: "Y", tier: "platinum", type: "Nope" }).toDynamo(strict);
  } catch (e) {
    refused = true;
  }
  console.log(JSON.stringify({ items: items.length, refused }));
})().catch((e) => { console.error(e); process.exit(1); });
"#;

const AJV_CHECK: &str = r#"
const Ajv2020 = require("ajv/dist/2020");
const fs = require("fs");
const [schemaPath, itemsPath] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true });
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
const lines = fs.readFileSync(itemsPath, "utf8").split("\n").filter(Boolean);
let valid = 0;
for (const line of lines) {
  if (validate(JSON.parse(line))) valid++;
  else console.error(line, JSON.stringify(validate.errors));
}
const refused = !validate({ pk: 5 });
console.log(JSON.stringify({ items: lines.length, valid, refused }));
"#;

#[test]
fn schema_exports_validate_the_tables_own_items_and_the_editor_warns() {
    let local = Emulator::dynamodb_local();
    let runtime = runtime();
    let clients = runtime.block_on(AwsClients::connect(local.connection()));
    let seeded = seed_items();
    runtime.block_on(async {
        create_single_table(&clients).await;
        for item in &seeded {
            clients
                .dynamodb
                .put_item()
                .table_name(TABLE)
                .set_item(Some(item.clone()))
                .send()
                .await
                .expect("PutItem");
        }
    });
    let config = tempfile::tempdir().expect("config dir");
    let work = tempfile::tempdir().expect("work dir");
    let mut app = app_harness(&runtime, local.connection(), config.path());
    let harness = &mut app;
    open_table(harness, TABLE);
    let loaded = format!("{} items loaded", seeded.len());
    wait_until(harness, "the first page", |h| {
        has_label_containing(h, &loaded)
    });

    // Read the schema of the loaded items in the Schema tab.
    click(harness, "Schema");
    click(harness, "Infer schema from loaded items");
    let read = format!("{} items read from loaded items", seeded.len());
    wait_until(harness, "the inferred schema", |h| {
        has_label_containing(h, &read)
    });
    assert!(has_label(harness, "lines[].qty"));
    assert!(has_label(harness, "`first name`"));
    assert!(has_label(harness, "名前"));
    assert!(has_label_containing(harness, "ORDER#<date>#<n>"));
    assert!(has_label_containing(
        harness,
        "one of: Order (12), User (6)"
    ));

    // Dynamoose (JavaScript) loads against the emulator and validates every item.
    let model = work.path().join("single.model.js");
    save_export(harness, "Dynamoose model (JavaScript)", &model);
    let script = work.path().join("check-dynamoose.js");
    std::fs::write(&script, DYNAMOOSE_CHECK).expect("script");
    let report = run(
        "node",
        &[
            &script.display().to_string(),
            &model.display().to_string(),
            &local.endpoint,
        ],
        work.path(),
    );
    assert_eq!(
        report.trim(),
        format!("{{\"items\":{},\"refused\":true}}", seeded.len())
    );

    // The TypeScript model and interfaces type-check.
    save_export(
        harness,
        "Dynamoose model (TypeScript)",
        &work.path().join("model.ts"),
    );
    save_export(
        harness,
        "TypeScript interfaces",
        &work.path().join("interfaces.ts"),
    );
    // `Buffer` comes from @types/node in a real project; a declaration stands in for it here.
    std::fs::write(
        work.path().join("buffer.d.ts"),
        "declare class Buffer extends Uint8Array {}\n",
    )
    .expect("shim");
    let node_modules = emulators_dir().join("node_modules");
    std::fs::write(
        work.path().join("tsconfig.json"),
        format!(
            r#"{{"compilerOptions": {{"strict": true, "noEmit": true, "skipLibCheck": true,
                "target": "es2020", "module": "commonjs", "moduleResolution": "node",
                "esModuleInterop": true, "types": [], "baseUrl": ".",
                "paths": {{"*": ["{}/*"]}}}},
                "files": ["model.ts", "interfaces.ts", "buffer.d.ts"]}}"#,
            node_modules.display()
        ),
    )
    .expect("tsconfig");
    let tsc = node_modules.join(".bin/tsc");
    run(&tsc.display().to_string(), &["-p", "."], work.path());

    // The JSON Schema validates every item as Copy as JSON writes it.
    let schema_file = work.path().join("single.schema.json");
    save_export(harness, "JSON Schema", &schema_file);
    // Copy puts the same text on the clipboard.
    click(harness, "Copy schema");
    let copied = harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        });
    let saved = std::fs::read_to_string(&schema_file).expect("saved schema");
    assert_eq!(copied.as_deref(), Some(saved.as_str()));
    let page = runtime
        .block_on(fetch_page(
            &clients,
            &ItemsRequest::scan(TABLE, None),
            None,
            None,
        ))
        .expect("scan");
    let lines: Vec<String> = page
        .items
        .iter()
        .map(|item| {
            item_to_json(
                item.iter().map(|(k, v)| (k.as_str(), v)),
                JsonStyle::Plain,
                false,
            )
        })
        .collect();
    let items_file = work.path().join("items.jsonl");
    std::fs::write(&items_file, lines.join("\n")).expect("items");
    let script = work.path().join("check-ajv.js");
    std::fs::write(&script, AJV_CHECK).expect("script");
    let report = run(
        "node",
        &[
            &script.display().to_string(),
            &schema_file.display().to_string(),
            &items_file.display().to_string(),
        ],
        work.path(),
    );
    assert_eq!(
        report.trim(),
        format!(
            "{{\"items\":{0},\"valid\":{0},\"refused\":true}}",
            seeded.len()
        )
    );

    editor_warns_then_saves_once_confirmed(harness, &runtime, &clients);
    entities_and_a_sample(harness);
    runtime.block_on(a_cancelled_sample_keeps_what_it_read(&clients));

    // The accepted schema is remembered with the workspace: it is there after a restart.
    drop(app);
    let mut app = app_harness(&runtime, local.connection(), config.path());
    let harness = &mut app;
    // The tab comes back too.
    click(harness, "Schema");
    wait_until(harness, "the remembered schema", |h| {
        has_label(
            h,
            &format!(
                "The editor checks edits against the schema accepted from {} items.",
                seeded.len()
            ),
        )
    });
}

/// Groups the items by the proposed `type` attribute and shows one entity; then a sample scan
/// of 5 items reads its own items.
fn entities_and_a_sample(harness: &mut Harness<'_, StratusApp>) {
    click(harness, "Schema");
    click(harness, "Group items by");
    click(harness, "By attribute type");
    click(harness, "Entity");
    click(harness, "User (6)");
    wait_until(harness, "the users' schema", |h| {
        has_label(h, "tier") && !has_label(h, "lines[].qty")
    });
    type_into(harness, "Sample size", "5");
    click(harness, "Scan a sample");
    wait_until(harness, "the sample's schema", |h| {
        has_label_containing(h, "5 items read from a sample scan (up to 5)")
    });
}

/// Accepts the schema, changes `name` from a string to a number in the editor, sees the
/// warning at the field and in the review, and saves after ticking the confirmation.
fn editor_warns_then_saves_once_confirmed(
    harness: &mut Harness<'_, StratusApp>,
    runtime: &tokio::runtime::Runtime,
    clients: &AwsClients,
) {
    click(harness, "Use as the table's schema");
    wait_until(harness, "the accepted schema", |h| {
        has_label_containing(h, "The editor checks edits against the schema accepted")
    });
    click(harness, "Items");
    // The row may be below the fold: the quick filter brings it up.
    type_into(harness, "Filter loaded items", "user1@");
    // The first column: later ones may be past the grid's right edge.
    click(harness, "USER#1");
    wait_until(harness, "the selected row", |h| {
        !has_label(h, "Select a row to see the whole item.")
    });
    click(harness, "Edit item");
    click(harness, "name type");
    click(harness, "N · Number");
    type_into(harness, "name value", "5");
    let warning = "Schema warning: name is N here; the items read hold only S";
    wait_until(harness, "the warning at the field", |h| {
        has_label(h, warning)
    });
    click(harness, "Review changes");
    wait_until(harness, "the confirmation", |h| {
        has_label(h, "Save despite warnings")
    });
    assert!(
        !is_enabled(harness, "Confirm save"),
        "a save with warnings waits for the confirmation"
    );
    click(harness, "Save despite warnings");
    click(harness, "Confirm save");
    let key: Item = [
        ("pk".to_owned(), AttrValue::s("USER#1")),
        ("sk".to_owned(), AttrValue::s("PROFILE")),
    ]
    .into_iter()
    .collect();
    wait_until(harness, "the saved item", |_| {
        runtime
            .block_on(get_item(clients, TABLE, &key))
            .ok()
            .flatten()
            .is_some_and(|item| item.get("name") == Some(&AttrValue::N("5".into())))
    });
}

/// A sample of 1,500 from 1,100 items cancelled after its first page (1,000 items, as the
/// progress says) stops there and keeps those items; uncancelled, it reads the whole table.
async fn a_cancelled_sample_keeps_what_it_read(clients: &AwsClients) {
    use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    const MANY: &str = "Many";
    create_table(clients, MANY, None).await;
    for batch in (0..1100).collect::<Vec<usize>>().chunks(25) {
        let writes = batch
            .iter()
            .map(|i| {
                let item = HashMap::from([("pk".to_owned(), s(&format!("P#{i}")))]);
                let put = PutRequest::builder().set_item(Some(item)).build();
                WriteRequest::builder()
                    .put_request(put.expect("put"))
                    .build()
            })
            .collect();
        clients
            .dynamodb
            .batch_write_item()
            .request_items(MANY, writes)
            .send()
            .await
            .expect("BatchWriteItem");
    }
    let (read, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
    // The user presses Cancel as the first page's progress shows.
    let sample = sample_scan(clients, MANY, 1500, &read, &cancel, || {
        cancel.store(true, Ordering::Relaxed)
    })
    .await
    .expect("sample");
    assert!(sample.cancelled);
    assert_eq!(
        (sample.items.len(), read.load(Ordering::Relaxed)),
        (1000, 1000)
    );
    let (read, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
    let sample = sample_scan(clients, MANY, 1500, &read, &cancel, || {})
        .await
        .expect("sample");
    assert!(!sample.cancelled);
    assert_eq!(
        (sample.items.len(), read.load(Ordering::Relaxed)),
        (1100, 1100)
    );
}
