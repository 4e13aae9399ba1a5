//! Local code beyond the Test tab (issue #15): local-only functions defined in the app, listed
//! as "local", run locally and remembered; *Download code* from an HTTP server serving a zip
//! (and a hostile zip refused, nothing written outside); stream records sent to a function run
//! locally (#16's leftover). Against moto, driving the real app by label where it is UI.

use crate::support;

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use aws_sdk_dynamodb::types::AttributeValue;
use egui_kittest::kittest::Queryable as _;
use stratus::connection::calls::AwsClients;
use stratus::local_lambda::calls::LocalRunner;
use stratus::local_lambda::calls::download::{DownloadProgress, download_code};
use stratus::local_lambda::model::LocalSetup;
use support::fault::{Fault, Operation};
use support::ui::{
    Opened, app_harness, click, has_label, has_label_containing, search_palette, type_into,
    wait_until,
};
use support::{Emulator, runtime};

/// Serves `body` to every request on a loopback port (as a presigned S3 URL would), with
/// `claimed_length` as Content-Length when given (a lying server), until the test ends.
fn serve(body: Vec<u8>, claimed_length: Option<usize>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else {
                return;
            };
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let length = claimed_length.unwrap_or(body.len());
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/zip\r\ncontent-length: \
                 {length}\r\nconnection: close\r\n\r\n"
            );
            let _ = stream.write_all(&body);
        }
    });
    format!("http://127.0.0.1:{port}/snapshots/123/fn-abc?X-Amz-Signature=x")
}

/// A zip of `(name, text, unix mode)` entries, and `(name, target)` links.
fn zip_of(files: &[(&str, &str, Option<u32>)], links: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text, mode) in files {
        let mut options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        if let Some(mode) = mode {
            options = options.unix_permissions(*mode);
        }
        writer.start_file(*name, options).expect("entry");
        writer.write_all(text.as_bytes()).expect("write");
    }
    for (name, target) in links {
        writer
            .add_symlink(*name, *target, zip::write::SimpleFileOptions::default())
            .expect("link");
    }
    writer.finish().expect("zip").into_inner()
}

const ANSWER_HANDLER: &str = "\
def handler(event, context):
    return {\"answer\": 42, \"function\": context.function_name}
";

fn write_handler(dir: &Path, text: &str) {
    std::fs::write(dir.join("app.py"), text).expect("handler");
}

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() && !path.is_symlink() {
                stack.push(path.clone());
            }
            if let Ok(relative) = path.strip_prefix(dir) {
                found.push(relative.display().to_string());
            }
        }
    }
    found.sort();
    found
}

/// Fills the *New local function* form of the only connection and creates it.
fn define_local_function(
    harness: &mut egui_kittest::Harness<'_, stratus::StratusApp>,
    name: &str,
    folder: &Path,
) {
    click(harness, "New local function");
    wait_until(harness, "the form", |h| has_label(h, "Local function name"));
    type_into(harness, "Local function name", name);
    type_into(
        harness,
        "Local function code folder",
        &folder.display().to_string(),
    );
    click(harness, "Create local function");
}

#[test]
fn a_local_only_function_is_defined_listed_run_remembered_and_deleted() {
    let moto = Emulator::moto();
    moto.seed_demo(1);
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    let code = tempfile::tempdir().expect("code dir");
    write_handler(code.path(), ANSWER_HANDLER);
    let mut harness = app_harness(&runtime, moto.connection(), config.path());
    wait_until(&mut harness, "the deployed functions", |h| {
        has_label(h, "orders-get")
    });

    // Bad names are refused at the field, and nothing is created.
    define_local_function(&mut harness, "bad name", code.path());
    wait_until(&mut harness, "the name's error", |h| {
        has_label(h, "' ' is not allowed: use letters, digits, - and _")
    });
    harness.check_accessibility();
    type_into(&mut harness, "Local function name", &"x".repeat(65));
    click(&mut harness, "Create local function");
    wait_until(&mut harness, "the length error", |h| {
        has_label(h, "At most 64 characters")
    });
    type_into(&mut harness, "Local function name", "orders-get");
    click(&mut harness, "Create local function");
    wait_until(&mut harness, "the clash", |h| {
        has_label_containing(h, "A deployed function is named orders-get")
    });
    type_into(&mut harness, "Local function name", "hello-local");
    type_into(
        &mut harness,
        "Local function code folder",
        "/no/such/folder",
    );
    click(&mut harness, "Create local function");
    wait_until(&mut harness, "the folder error", |h| {
        has_label(h, "No folder at /no/such/folder")
    });
    assert!(!config.path().join("local-functions.json").exists());

    type_into(
        &mut harness,
        "Local function code folder",
        &code.path().display().to_string(),
    );
    click(&mut harness, "Create local function");
    // Listed beside the deployed ones, marked local; its view shows the local configuration.
    wait_until(&mut harness, "the local function listed", |h| {
        has_label(h, "Local functions (1)") && has_label(h, "local")
    });
    click(&mut harness, "Configuration");
    wait_until(&mut harness, "the local configuration", |h| {
        has_label_containing(h, "Local-only function: its code is in") && has_label(h, "python3.12")
    });
    click(&mut harness, "Test");
    click(&mut harness, "Invoke locally");
    wait_until(&mut harness, "the handler's answer", |h| {
        has_label_containing(h, "\"answer\": 42")
    });
    assert!(has_label_containing(
        &harness,
        "\"function\": \"hello-local\""
    ));
    // Deployed Invoke has nothing to invoke: disabled, saying why.
    assert!(support::ui::is_disabled(&harness, "Invoke"));
    assert!(has_label(
        &harness,
        "Local-only function: nothing is deployed to Invoke"
    ));

    // The palette finds it.
    search_palette(&mut harness, "hello-local");
    wait_until(&mut harness, "the palette entry", |h| {
        has_label_containing(h, "Function · hello-local (local)")
    });
    harness.key_press(egui::Key::Escape);
    harness.step();

    // Remembered: a new app on the same config folder lists it again.
    let file = config.path().join("local-functions.json");
    wait_until(&mut harness, "the setups written", |_| {
        std::fs::read_to_string(&file).is_ok_and(|t| t.contains("hello-local"))
    });
    drop(harness);
    let mut harness = app_harness(&runtime, moto.connection(), config.path());
    wait_until(&mut harness, "the local function again", |h| {
        has_label(h, "Local functions (1)") && has_label(h, "hello-local")
    });

    // Deleting it forgets the setup (the folder stays).
    // The workspace reopens its tab; opened from the navigator otherwise.
    if !has_label(&harness, "Close tab hello-local") {
        click(&mut harness, "hello-local");
    }
    click(&mut harness, "Local code");
    click(&mut harness, "Delete local function");
    wait_until(&mut harness, "it is gone", |h| {
        !has_label(h, "Local functions (1)") && !has_label(h, "hello-local")
    });
    wait_until(&mut harness, "the setups rewritten", |_| {
        std::fs::read_to_string(&file).is_ok_and(|t| !t.contains("hello-local"))
    });
    assert!(code.path().join("app.py").exists());
}

#[test]
fn downloaded_code_is_unpacked_attached_and_runs_locally() {
    let moto = Emulator::moto();
    let runtime = runtime();
    let cache = tempfile::tempdir().expect("cache");
    let zipped = zip_of(
        &[
            ("app.py", ANSWER_HANDLER, Some(0o644)),
            ("lib/util.py", "X = 1\n", None),
            // No mode at all (a zip made on Windows): bootstrap is made executable anyway.
            ("bootstrap", "#!/bin/sh\n", None),
            ("bin/tool", "#!/bin/sh\n", Some(0o755)),
        ],
        &[("lib/alias.py", "util.py")],
    );
    let url = serve(zipped.clone(), None);
    let destination = cache.path().join("code/conn/fn/sha");
    let progress = Arc::new(DownloadProgress::default());
    let folder = runtime
        .block_on(download_code(
            &url,
            destination.clone(),
            progress.clone(),
            || {},
        ))
        .expect("downloads");
    assert_eq!(folder, destination);
    assert_eq!(
        progress.received_bytes.load(Ordering::Relaxed),
        zipped.len() as u64
    );
    assert_eq!(
        files_under(&folder),
        [
            "app.py",
            "bin",
            "bin/tool",
            "bootstrap",
            "lib",
            "lib/alias.py",
            "lib/util.py"
        ]
    );
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &str| {
            std::fs::metadata(folder.join(p))
                .expect("written")
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode("bootstrap"), 0o755);
        assert_eq!(mode("bin/tool"), 0o755);
        assert_eq!(mode("app.py"), 0o644);
    }
    assert_eq!(
        std::fs::read_link(folder.join("lib/alias.py")).expect("a link"),
        Path::new("util.py")
    );
    // The scratch folder is gone; only the finished one remains.
    let beside: Vec<String> = std::fs::read_dir(destination.parent().expect("parent"))
        .expect("listed")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(beside, ["sha"]);

    // Attached as the code folder of a function with no deployed twin, it runs locally.
    let clients = runtime.block_on(AwsClients::connect(moto.connection()));
    let runner = LocalRunner::new(cache.path().join("runs"));
    let setup = LocalSetup {
        local_only: true,
        runtime: Some("python3.12".to_owned()),
        handler: Some("app.handler".to_owned()),
        ..LocalSetup::with_code_dir(folder)
    };
    let result = runtime
        .block_on(stratus::local_lambda::calls::invoke_locally(
            &clients,
            &runner,
            "downloaded",
            &setup,
            true,
            b"{}".to_vec(),
        ))
        .expect("runs locally");
    assert!(result.ran_locally);
    let answer: serde_json::Value = serde_json::from_slice(&result.payload).expect("JSON");
    assert_eq!(answer["answer"], 42);
    assert_eq!(answer["function"], "downloaded");
    runner.stop_all();

    // A server claiming more than Lambda's 50 MB is refused before anything is read.
    let liar = serve(b"PK".to_vec(), Some(60 * 1024 * 1024));
    let error = runtime
        .block_on(download_code(
            &liar,
            cache.path().join("code/big"),
            Arc::default(),
            || {},
        ))
        .expect_err("too large");
    assert_eq!(error.operation, "Download code");
    assert!(error.message.contains("Lambda's limit is 50 MB"), "{error}");
    assert!(!cache.path().join("code/big").exists());
}

#[test]
fn download_code_in_the_function_view_attaches_the_package_and_runs_it() {
    // moto's Code.Location points at real S3; the fault endpoint points it at a local server
    // serving the package, as a presigned URL would.
    let zipped = zip_of(
        &[(
            "orders_handler.py",
            "def get_order(event, context):\n    return {\"downloaded\": True}\n",
            Some(0o644),
        )],
        &[],
    );
    let url = serve(zipped, None);
    let mut opened = Opened::through_faults(1, move |fault| {
        fault.always(
            Operation::get_function("orders-get"),
            Fault::RewriteJson(Arc::new(move |json| {
                json["Code"]["Location"] = serde_json::json!(url.clone());
            })),
        );
    });
    let harness = &mut opened.harness;
    click(harness, "orders-get");
    click(harness, "Local code");
    click(harness, "Download code");
    wait_until(harness, "the package attached", |h| {
        has_label_containing(h, ": attached as the code folder")
    });
    // Kept in the app's cache under the config folder, and remembered as the code folder.
    let file = opened.config.path().join("local-functions.json");
    wait_until(harness, "the setup written", |_| {
        std::fs::read_to_string(&file).is_ok_and(|t| t.contains("orders-get") && t.contains("code"))
    });
    let setups = std::fs::read_to_string(&file).expect("setups");
    assert!(
        setups.contains(&opened.config.path().display().to_string()),
        "{setups}"
    );
    click(harness, "Test");
    click(harness, "Invoke locally");
    wait_until(harness, "the downloaded handler's answer", |h| {
        has_label_containing(h, "\"downloaded\": true")
    });
}

#[test]
fn a_zip_slip_archive_is_refused_and_nothing_is_written_outside() {
    let runtime = runtime();
    let sandbox = tempfile::tempdir().expect("sandbox");
    let cache = sandbox.path().join("cache");
    let hostile = [
        zip_of(
            &[("app.py", "ok", None), ("../escaped.txt", "owned", None)],
            &[],
        ),
        zip_of(
            &[
                ("app.py", "ok", None),
                ("a/../../escaped.txt", "owned", None),
            ],
            &[],
        ),
        zip_of(&[("/tmp/escaped-absolute.txt", "owned", None)], &[]),
        zip_of(&[("app.py", "ok", None)], &[("link", "../../escaped-dir")]),
        zip_of(&[("app.py", "ok", None)], &[("link", "/etc")]),
        // A file below a link would be written wherever the link points.
        zip_of(&[("link/escaped.txt", "owned", None)], &[("link", "sub")]),
    ];
    for (index, zipped) in hostile.into_iter().enumerate() {
        let url = serve(zipped, None);
        let destination = cache.join(format!("code/k/fn/v{index}"));
        let error = runtime
            .block_on(download_code(
                &url,
                destination.clone(),
                Arc::default(),
                || {},
            ))
            .expect_err("refused");
        assert_eq!(error.operation, "Download code");
        assert!(error.message.contains("refused"), "{index}: {error}");
        assert!(!destination.exists(), "{index}: nothing kept");
    }
    // Nothing anywhere but the (empty) cache folders; no scratch folder left behind.
    let everything = files_under(sandbox.path());
    assert!(
        everything
            .iter()
            .all(|f| !f.contains("escaped") && !f.contains(".partial")),
        "{everything:?}"
    );
    assert!(!Path::new("/tmp/escaped-absolute.txt").exists());
    // Not a zip at all: said so, nothing kept.
    let url = serve(b"<html>AccessDenied</html>".to_vec(), None);
    let error = runtime
        .block_on(download_code(
            &url,
            cache.join("code/html"),
            Arc::default(),
            || {},
        ))
        .expect_err("not a zip");
    assert!(error.message.contains("not a usable zip"), "{error}");
}

#[test]
fn stream_records_reach_a_function_run_locally() {
    let mut opened = Opened::direct(5).with_orders_open();
    let code = tempfile::tempdir().expect("code dir");
    write_handler(
        code.path(),
        "def handler(event, context):\n    return len(event[\"Records\"])\n",
    );
    define_local_function(&mut opened.harness, "count-records", code.path());
    wait_until(&mut opened.harness, "the local function", |h| {
        has_label(h, "Local functions (1)")
    });
    // Back to the table's stream.
    click(&mut opened.harness, "Orders");
    click(&mut opened.harness, "Stream");
    click(&mut opened.harness, "Follow stream");
    wait_until(&mut opened.harness, "following", |h| {
        has_label_containing(h, "Following 1 shard")
    });
    let clients = opened.clients.clone();
    opened.runtime.block_on(async {
        for order in ["ORDER#A", "ORDER#B"] {
            clients
                .dynamodb
                .put_item()
                .table_name("Orders")
                .item("customerId", AttributeValue::S("CUST#LOCAL".to_owned()))
                .item("orderId", AttributeValue::S(order.to_owned()))
                .send()
                .await
                .expect("put");
        }
    });
    wait_until(&mut opened.harness, "two records", |h| {
        has_label_containing(h, "2 records received")
    });
    click(&mut opened.harness, "Choose all shown records");
    click(&mut opened.harness, "Function to send to");
    // The name is also in the navigator and the tab strip: the popup's entry comes last.
    wait_until(&mut opened.harness, "the choice", |h| {
        h.query_all_by_label("count-records").count() > 1
    });
    opened
        .harness
        .query_all_by_label("count-records")
        .last()
        .expect("in the list")
        .click();
    opened.harness.step();
    wait_until(&mut opened.harness, "the list closed", |h| {
        h.query_all_by_label("count-records").count() == 1
    });
    click(&mut opened.harness, "Invoke locally with chosen records");
    wait_until(&mut opened.harness, "the local answer", |h| {
        has_label_containing(
            h,
            "Sent 2 records to count-records (run locally): status 200",
        )
    });
    assert!(
        has_label(&opened.harness, "2"),
        "the handler counted two records"
    );
}
