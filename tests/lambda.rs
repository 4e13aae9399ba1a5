//! Lambda against moto (docker-less: Invoke echoes the payload): views, invoke, canned
//! responses, read-only, and saved events across restarts, driven by label.

use crate::support;

use egui_kittest::kittest::Queryable as _;
use stratus::connection::calls::AwsClients;
use stratus::connection::model::ConnectionSpec;
use stratus::lambda::model::invocation::InvocationType;
use stratus::shared::model::ErrorKind;
use support::ui::{app_harness, click, has_label, has_label_containing, type_into, wait_until};
use support::{Emulator, runtime};

#[test]
fn the_function_view_shows_the_seeded_configuration() {
    let moto = Emulator::moto();
    moto.seed_demo(5);
    runtime().block_on(async {
        let clients = AwsClients::connect(moto.connection()).await;
        let function = stratus::lambda::calls::get_function(&clients, "orders-get")
            .await
            .expect("GetFunction");
        assert_eq!(function.runtime.as_deref(), Some("python3.12"));
        assert_eq!(function.memory_mb, Some(256));
        assert_eq!(function.timeout_s, Some(10));
        assert!(
            function
                .environment
                .contains(&("LOG_LEVEL".into(), "INFO".into()))
        );
        assert!(
            function
                .tags
                .as_ref()
                .expect("tags")
                .contains(&("app".into(), "stratus-demo".into()))
        );
        let versions = function.versions.as_ref().expect("versions");
        assert_eq!(
            versions
                .iter()
                .map(|v| v.version.as_str())
                .collect::<Vec<_>>(),
            ["1"]
        );
        let aliases = function.aliases.as_ref().expect("aliases");
        assert_eq!(aliases.len(), 1);
        assert_eq!(
            (aliases[0].name.as_str(), aliases[0].version.as_str()),
            ("live", "1")
        );
        assert_eq!(function.qualifiers(), ["$LATEST", "1", "live"]);
    });
}

#[test]
fn invoking_echoes_the_payload_and_canned_responses_come_back() {
    let moto = Emulator::moto();
    moto.seed_demo(5);
    runtime().block_on(async {
        let clients = AwsClients::connect(moto.connection()).await;
        let payload = br#"{"pathParameters": {"id": "42"}, "note": "zo\u00eb"}"#;
        let result = stratus::lambda::calls::invoke(
            &clients,
            "orders-get",
            Some("live"),
            InvocationType::RequestResponse,
            payload,
        )
        .await
        .expect("Invoke");
        assert_eq!(result.status_code, 200);
        assert_eq!(result.payload, payload);
        assert!(result.function_error.is_none());

        moto.post_json(
            "/moto-api/static/lambda-simple/response",
            r#"{"region": "us-east-1", "results": ["{\"statusCode\": 201, \"body\": \"created\"}"]}"#,
        );
        let result = stratus::lambda::calls::invoke(
            &clients,
            "orders-create",
            None,
            InvocationType::RequestResponse,
            b"{}",
        )
        .await
        .expect("Invoke");
        assert_eq!(result.payload, br#"{"statusCode": 201, "body": "created"}"#);

        let read_only = AwsClients::connect(ConnectionSpec {
            read_only: true,
            ..moto.connection()
        })
        .await;
        let error = stratus::lambda::calls::invoke(
            &read_only,
            "orders-get",
            None,
            InvocationType::RequestResponse,
            b"{}",
        )
        .await
        .expect_err("read-only");
        assert_eq!(error.kind, ErrorKind::ReadOnly);
        assert!(
            stratus::lambda::calls::invoke(&read_only, "orders-get", None, InvocationType::DryRun, b"{}")
                .await
                .is_ok(),
            "DryRun sends nothing to the function"
        );
    });
}

#[test]
fn the_test_form_invokes_shows_the_response_and_keeps_saved_events_across_restarts() {
    let moto = Emulator::moto();
    moto.seed_demo(5);
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    {
        let mut harness = app_harness(&runtime, moto.connection(), config.path());
        let harness = &mut harness;
        wait_until(harness, "orders-get", |h| has_label(h, "orders-get"));
        // The function table lists runtime, memory, timeout and last change.
        click(harness, "Show all functions as a table");
        wait_until(harness, "the function table", |h| {
            has_label(h, "5 of 5 functions")
        });
        assert_eq!(harness.query_all_by_label("python3.12").count(), 5);
        assert_eq!(harness.query_all_by_label("256").count(), 5);
        type_into(harness, "Filter the function table", "create");
        wait_until(harness, "the filter", |h| has_label(h, "1 of 5 functions"));

        click(harness, "orders-get");
        wait_until(harness, "the test form", |h| has_label(h, "Event payload"));

        // Invalid JSON is refused at the editor, and the text stays.
        type_into(harness, "Event payload", "{\"id\": 42,}");
        click(harness, "Invoke");
        wait_until(harness, "the JSON error", |h| {
            has_label_containing(h, "Invalid JSON at line 1")
        });
        assert_eq!(
            harness.get_by_label("Event payload").value().as_deref(),
            Some("{\"id\": 42,}")
        );

        type_into(harness, "Event payload", "{\"id\": 42}");
        click(harness, "Invoke");
        wait_until(harness, "the response", |h| has_label(h, "Status 200"));
        // moto echoes the payload; the app pretty-prints it.
        assert!(has_label(harness, "{\n  \"id\": 42\n}"));

        // A canned error response shows as a function error with its type and message.
        moto.post_json(
            "/moto-api/static/lambda-simple/response",
            r#"{"region": "us-east-1", "results": ["{\"errorMessage\": \"'id'\", \"errorType\": \"KeyError\", \"stackTrace\": []}"]}"#,
        );
        click(harness, "Invoke");
        wait_until(harness, "the error", |h| {
            has_label(h, "Function error (Handled): KeyError")
                || has_label(h, "Function error (Error): KeyError")
        });
        assert!(has_label(harness, "'id'"));
        assert!(has_label_containing(harness, "History (2 invocations)"));

        type_into(harness, "Event name", "order 42");
        click(harness, "Save event");
        harness.step();
        harness.check_accessibility();
    }
    // A new app on the same config directory reopens the function's tab, with the event.
    let mut harness = app_harness(&runtime, moto.connection(), config.path());
    let harness = &mut harness;
    wait_until(harness, "the restored tab", |h| {
        has_label(h, "Function · orders-get")
    });
    wait_until(harness, "the test form", |h| has_label(h, "Saved events"));
    click(harness, "Choose a saved event");
    wait_until(harness, "the saved event", |h| has_label(h, "order 42"));
    click(harness, "order 42");
    wait_until(harness, "the saved payload", |h| {
        h.get_by_label("Event payload").value().as_deref() == Some("{\"id\": 42}")
    });
}
