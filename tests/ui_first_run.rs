//! The first minute, through the real UI: with no AWS set-up the connection says once what is
//! wrong and how to fix it (the lists stay quiet), the status line does not claim a
//! connection, the welcome lists what was used last after a restart, and an error of one
//! service (Lambda denied) stays in that service's section.
//!
//! Every test here shares one environment with no AWS keys and an AWS config holding one
//! profile without credentials, set once before any test starts a thread.

mod support;

use std::sync::Once;

use egui_kittest::kittest::Queryable as _;
use stratus::connection::model::ConnectionSpec;
use support::fault::{Fault, Operation};
use support::ui::{
    Opened, add_endpoint_connection, app_harness, app_harness_sized, click, has_label,
    has_label_containing, open_table, wait_until,
};
use support::{Emulator, runtime};

static ENVIRONMENT: Once = Once::new();

/// No keys anywhere, never the EC2 metadata service, and `~/.aws/config` with a profile
/// `dev` that holds no credentials.
fn no_aws_set_up() {
    ENVIRONMENT.call_once(|| {
        let home = std::env::temp_dir().join(format!("stratus-first-run-{}", std::process::id()));
        let aws = home.join(".aws");
        std::fs::create_dir_all(&aws).expect("create .aws");
        std::fs::write(aws.join("config"), "[profile dev]\nregion = eu-west-1\n")
            .expect("write config");
        std::fs::write(aws.join("credentials"), "").expect("write credentials");
        // SAFETY: every test calls this first, and `Once` holds the others until it is done,
        // so no thread of this binary reads the environment meanwhile.
        unsafe {
            support::clear_aws_environment();
            std::env::set_var("HOME", &home);
            std::env::set_var("AWS_CONFIG_FILE", aws.join("config"));
            std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", aws.join("credentials"));
            std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
            std::env::remove_var("AWS_REGION");
        }
    });
}

#[test]
fn no_credentials_are_said_once_at_the_connection_with_the_fixes() {
    no_aws_set_up();
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    // No endpoint, no keys: credentials fail before anything is sent. The `.invalid` host
    // could never be reached anyway.
    let spec = ConnectionSpec {
        region: Some("us-east-1".to_owned()),
        endpoint_url: Some("http://stratus-first-run.invalid".to_owned()),
        max_attempts: Some(1),
        ..Default::default()
    };
    let mut harness = app_harness(&runtime, spec, config.path());
    let headline = "Not connected: no AWS credentials found";
    wait_until(&mut harness, "the connection's message", |h| {
        has_label(h, headline)
    });
    // Let every list call finish, so a duplicate would have had its chance to show.
    wait_until(&mut harness, "the calls to finish", |h| {
        has_label(h, "No requests pending")
    });
    assert_eq!(harness.query_all_by_label(headline).count(), 1);
    for list in ["ListTables", "ListFunctions", "GetApis", "GetRestApis"] {
        assert!(
            !has_label_containing(&harness, &format!("{list} failed")),
            "{list} repeats the connection's error"
        );
        assert!(!has_label(&harness, &format!("Retry {list}")));
    }
    assert!(
        !has_label(&harness, "DynamoDB tables"),
        "the lists stay quiet"
    );
    // The fixes: a profile found in ~/.aws/config, the command, the local emulators.
    assert!(has_label(&harness, "Use profile dev"));
    assert!(has_label(&harness, "Copy the command aws configure"));
    assert!(has_label(
        &harness,
        "Connect to LocalStack (localhost:4566)"
    ));
    assert!(has_label(&harness, "Connect to moto (localhost:5000)"));
    // The status line does not claim a connection.
    assert!(has_label_containing(
        &harness,
        "Not connected to http://stratus-first-run.invalid · us-east-1: no AWS credentials found"
    ));
    assert!(!has_label_containing(&harness, "Connected to"));
    // The connection bar marks it too, and points at the navigator for the rest.
    assert_eq!(harness.query_all_by_label("● Not connected").count(), 1);
    // The welcome sends the user to the navigator instead of repeating the message.
    assert!(has_label_containing(&harness, "Not connected yet"));

    // Picking the profile reconnects with it; it has no keys either, and says so by name.
    click(&mut harness, "Use profile dev");
    wait_until(&mut harness, "the profile's fix", |h| {
        has_label(h, "Copy the command aws configure --profile dev")
    });
    assert_eq!(
        harness
            .query_all_by_label_contains("Not connected: ")
            .count(),
        1
    );

    // The local emulator fix: any keys work there, so the credentials problem goes (whether
    // or not something answers on moto's port on this machine).
    click(&mut harness, "Connect to moto (localhost:5000)");
    wait_until(&mut harness, "the connection to moto's port", |h| {
        has_label_containing(h, "http://localhost:5000")
            && !has_label_containing(h, "Connecting to")
            && has_label(h, "No requests pending")
    });
    assert!(
        !has_label_containing(&harness, "no AWS credentials found"),
        "an emulator on this machine gets stand-in keys"
    );
    harness.check_accessibility();
}

#[test]
fn the_welcome_lists_the_last_connections_and_tabs_after_a_restart() {
    no_aws_set_up();
    let opened = Opened::direct(3);
    let Opened {
        mut harness,
        runtime,
        config,
        moto,
        ..
    } = opened;
    wait_until(&mut harness, "the tables", |h| has_label(h, "Orders"));
    // The summary: counts, and each resource opens from it.
    wait_until(&mut harness, "the summary", |h| {
        has_label_containing(h, " tables · ") && has_label(h, "Open function orders-get")
    });
    wait_until(&mut harness, "the identity", |h| {
        has_label_containing(h, "as account 123456789012")
    });
    assert!(has_label_containing(&harness, "Functions by runtime:"));
    // Who is connected: the ARN from GetCallerIdentity on the status line's hover (the
    // welcome says "connected, account", so this is the status line).
    harness
        .get_by_label_contains("as account 123456789012")
        .hover();
    wait_until(&mut harness, "the identity's ARN", |h| {
        has_label_containing(h, "Identity: arn:aws:")
    });
    // What Stratus does, its shortcuts and the demo, for a first look.
    assert!(has_label(&harness, "Welcome to Stratus"));
    for keys in ["Ctrl+K", "F1"] {
        assert!(has_label(&harness, keys), "the welcome lists {keys}");
    }
    assert!(has_label(&harness, "Copy the command scripts/demo"));
    // The largest tables are described only when asked (a role may not describe them all).
    click(&mut harness, "Find the largest tables");
    wait_until(&mut harness, "the largest tables", |h| {
        has_label(h, "Open large table Orders")
    });
    // Each runtime lists its functions, each of which opens.
    click(&mut harness, "python3.12 (5)");
    click(&mut harness, "Open python3.12 function orders-create");
    wait_until(&mut harness, "the orders-create tab", |h| {
        has_label(h, "Close tab orders-create")
    });
    click(&mut harness, "Close tab orders-create");
    click(&mut harness, "Open table AuditLog");
    wait_until(&mut harness, "the AuditLog tab", |h| {
        has_label(h, "Close tab AuditLog")
    });
    click(&mut harness, "Close tab AuditLog");
    wait_until(&mut harness, "the welcome again", |h| {
        has_label(h, "Open recent Table · AuditLog")
    });
    drop(harness);

    // A restart with nothing asked on the command line: the remembered connection comes back
    // (an emulator on this machine needs no keys), with what was opened on it.
    let mut harness = app_harness(&runtime, ConnectionSpec::default(), config.path());
    let connection = format!("Use connection {} · us-east-1", moto.endpoint);
    wait_until(&mut harness, "the remembered connection", |h| {
        has_label(h, &connection)
    });
    assert!(has_label(&harness, "Open recent Table · AuditLog"));
    wait_until(&mut harness, "the connection to work", |h| {
        has_label(h, "Orders")
    });
    click(&mut harness, "Open recent Table · AuditLog");
    wait_until(&mut harness, "the reopened tab", |h| {
        has_label(h, "Close tab AuditLog") && has_label_containing(h, "items loaded")
    });
}

#[test]
fn a_denied_lambda_shows_in_the_lambda_section_only() {
    no_aws_set_up();
    let mut opened = Opened::through_faults(3, |fault| {
        fault.always(Operation::list_functions(), Fault::AccessDenied);
    });
    let harness = &mut opened.harness;
    wait_until(harness, "the Lambda denial", |h| {
        has_label(h, "ListFunctions failed: access denied")
    });
    wait_until(harness, "the tables and APIs", |h| {
        has_label(h, "Orders") && has_label(h, "orders-api")
    });
    assert_eq!(
        harness
            .query_all_by_label("ListFunctions failed: access denied")
            .count(),
        1
    );
    assert!(has_label(harness, "Retry ListFunctions"));
    assert!(!has_label_containing(harness, "Not connected"));
    wait_until(harness, "who is connected", |h| {
        has_label_containing(h, "as account 123456789012")
    });
    // Once allowed, its Retry lists the functions.
    opened.fault.lift(&Operation::list_functions());
    click(harness, "Retry ListFunctions");
    wait_until(harness, "the functions", |h| has_label(h, "orders-get"));

    // A second connection where nothing answers says so under its own heading and in the
    // bar (which edits it now), once; the first keeps its lists.
    let closed = format!("http://127.0.0.1:{}", support::free_port());
    add_endpoint_connection(harness, &closed);
    let headline = format!("Not connected: nothing answers at {closed}");
    wait_until(harness, "the second connection's message", |h| {
        has_label(h, &headline)
    });
    assert_eq!(harness.query_all_by_label(&headline).count(), 1);
    assert_eq!(harness.query_all_by_label("● Not connected").count(), 2);
    assert!(has_label_containing(
        harness,
        &format!("Not connected to {closed}")
    ));
    assert!(has_label(harness, "orders-get") && has_label(harness, "Orders"));
}

#[test]
fn at_1024_by_640_the_builder_folds_after_a_run_and_the_item_pane_is_a_toggle() {
    no_aws_set_up();
    let moto = Emulator::moto();
    moto.seed_demo(3);
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    let size = egui::vec2(1024.0, 640.0);
    let mut harness = app_harness_sized(&runtime, moto.connection(), config.path(), size);
    open_table(&mut harness, "Orders");
    wait_until(&mut harness, "the first page", |h| {
        has_label_containing(h, "3 items loaded")
    });
    // Too narrow for the grid and the pane side by side: the pane waits behind its toggle.
    let pane = "Select a row to see the whole item.";
    assert!(!has_label(&harness, pane));
    click(&mut harness, "Show the item pane");
    wait_until(&mut harness, "the item pane", |h| has_label(h, pane));

    // A run folds the builder to one line, so the grid keeps the height; the title unfolds it.
    click(&mut harness, "Run scan");
    wait_until(&mut harness, "the folded builder", |h| {
        has_label(h, "folded: unfold to change the query") && !has_label(h, "Run scan")
    });
    wait_until(&mut harness, "the items", |h| {
        has_label_containing(h, "3 items loaded")
    });
    click(&mut harness, "Query and scan");
    wait_until(&mut harness, "the builder again", |h| {
        has_label(h, "Run scan")
    });
    assert!(has_label(&harness, pane), "the pane stays as chosen");
}
