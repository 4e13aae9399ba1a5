//! Invoke locally in the function view, driven through the real app by accessible labels:
//! attaching a code folder, the handler's own answer (not moto's echo) with its REPORT, warm
//! reuse, the local runs in the Logs view, stopping an instance, the setup remembered across a
//! restart, a bad folder refused at its field, the credentials rule on a read-only connection,
//! and `--code` folders.

use crate::support;

use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stratus::connection::model::ConnectionSpec;
use stratus::{AppOptions, StratusApp};
use support::Emulator;
use support::process::{process_alive, wait_gone};
use support::runtime;
use support::ui::{
    app_harness, app_harness_sized, click, has_label, has_label_containing, is_disabled, type_into,
    wait_until,
};

/// The seeded `orders-get` runs `orders_handler.get_order` (python3.12). This one answers with
/// what moto's echo never could: a counter kept in module state (warm reuse), the context's
/// function name, and whether the process was given credentials.
const HANDLER: &str = r#"
import os

COUNT = 0


def get_order(event, context):
    global COUNT
    COUNT += 1
    print("local handler saw", event.get("id"))
    return {
        "answeredBy": "local handler",
        "id": event.get("id"),
        "count": COUNT,
        "function": context.function_name,
        "hasKey": bool(os.environ.get("AWS_ACCESS_KEY_ID")),
    }
"#;

const ALLOW: &str = "Give the handler this connection's credentials for this run";

/// A temp folder holding the handler.
fn code_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("code dir");
    std::fs::write(dir.path().join("orders_handler.py"), HANDLER).expect("write handler");
    dir
}

/// The app with `--code`-style folders, as `main` builds it.
fn harness_with_code(
    runtime: &tokio::runtime::Runtime,
    connection: ConnectionSpec,
    config_dir: &Path,
    code_folders: Vec<(String, std::path::PathBuf)>,
) -> Harness<'static, StratusApp> {
    let handle = runtime.handle().clone();
    let options = AppOptions {
        connection,
        config_dir: Some(config_dir.to_owned()),
        startup_report: None,
        code_folders,
    };
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_step_dt(1.0 / 30.0)
        .allow_missing_glyphs()
        .build_eframe(move |cc| StratusApp::new(&cc.egui_ctx, handle, options))
}

fn open_function(harness: &mut Harness<'_, StratusApp>) {
    wait_until(harness, "orders-get", |h| has_label(h, "orders-get"));
    click(harness, "orders-get");
    wait_until(harness, "the test form", |h| has_label(h, "Event payload"));
}

/// The local-functions file's text (written off the UI thread), or "" before it exists.
fn setups_file(config: &Path) -> String {
    std::fs::read_to_string(config.join("local-functions.json")).unwrap_or_default()
}

/// Invokes locally and waits for the `n`th history entry.
fn invoke_locally(harness: &mut Harness<'_, StratusApp>, n: usize) {
    click(harness, "Invoke locally");
    let history = format!("History ({n} invocations)");
    wait_until(harness, &history, |h| has_label_containing(h, &history));
}

/// The first label containing `part`.
fn label_containing(harness: &Harness<'_, StratusApp>, part: &str) -> String {
    harness
        .query_all_by_label_contains(part)
        .find_map(|node| node.accesskit_node().label())
        .unwrap_or_default()
}

#[test]
fn an_attached_folder_runs_locally_warm_shows_in_logs_stops_and_is_remembered() {
    let moto = Emulator::moto();
    moto.seed_demo(3);
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    let code = code_folder();
    let code_path = code.path().display().to_string();
    {
        // Tall enough that the history under the result is on screen.
        let tall = egui::vec2(1280.0, 1600.0);
        let mut harness = app_harness_sized(&runtime, moto.connection(), config.path(), tall);
        let harness = &mut harness;
        open_function(harness);
        // Without a code folder the button is there, disabled, and says why.
        assert!(is_disabled(harness, "Invoke locally"));
        assert!(has_label(
            harness,
            "Attach this function's code folder to run it locally"
        ));

        click(harness, "Attach code folder");
        wait_until(harness, "the code folder field", |h| {
            has_label(h, "Code folder path")
        });
        type_into(harness, "Code folder path", &code_path);
        // An override: the deployed 256 MB is what runs unless changed here.
        type_into(harness, "Local memory (MB)", "512");
        click(harness, "Save local setup");
        wait_until(harness, "the setup on disk", |_| {
            setups_file(config.path()).contains(&code_path)
        });
        assert!(has_label_containing(
            harness,
            "Invoke locally runs the code in"
        ));

        click(harness, "Test");
        type_into(harness, "Event payload", r#"{"id": "42"}"#);
        invoke_locally(harness, 1);
        wait_until(harness, "the handler's answer", |h| {
            has_label_containing(h, r#""answeredBy": "local handler""#)
        });
        assert!(has_label(harness, "Ran locally"));
        assert!(has_label_containing(harness, "cold start"));
        assert!(has_label_containing(harness, r#""function": "orders-get""#));
        assert!(
            has_label_containing(harness, r#""hasKey": true"#),
            "writable: credentials given"
        );
        assert!(has_label(harness, "Report"));
        assert!(has_label(harness, "Init duration"), "a cold start's REPORT");
        assert!(has_label(harness, "512 MB"), "the memory override's REPORT");
        assert!(
            has_label_containing(harness, "local handler saw 42"),
            "the log tail"
        );
        click(harness, "History (1 invocations)");
        wait_until(harness, "the history says local", |h| {
            has_label_containing(h, "· local run ·")
        });

        // The same instance answers again, its module state intact.
        invoke_locally(harness, 2);
        wait_until(harness, "the warm answer", |h| {
            has_label_containing(h, r#""count": 2"#)
        });
        assert!(has_label_containing(harness, "· warm"));

        // Show in logs opens the run's entry among the local runs (it never reached CloudWatch).
        click(harness, "Show in logs");
        wait_until(harness, "the local runs in the logs", |h| {
            has_label_containing(h, "Local runs (2)")
        });
        wait_until(harness, "the run's log lines", |h| {
            has_label_containing(h, "local handler saw 42") && !has_label(h, "Event payload")
        });
        assert_eq!(harness.query_all_by_label("local").count(), 2);

        click(harness, "Local code");
        wait_until(harness, "the instance", |h| {
            has_label_containing(h, "Stop instance ")
        });
        // The warm instance: idle, with its age and its two invocations.
        assert!(has_label(harness, "idle"), "the warm instance waits");
        // A text label's words are its accesskit value.
        let age = harness.query_all_by_label_contains(" s").any(|node| {
            node.value().is_some_and(|text| {
                text.strip_suffix(" s")
                    .is_some_and(|n| n.parse::<u64>().is_ok())
            })
        });
        assert!(age, "the instance's age in seconds");
        let stop = label_containing(harness, "Stop instance ");
        click(harness, &stop);
        wait_until(harness, "no instance", |h| {
            !has_label_containing(h, "Stop instance ")
        });
        assert!(has_label_containing(harness, "No local instances"));
        harness.check_accessibility();
    }
    // A new app on the same config folder finds the setup.
    let mut harness = app_harness(&runtime, moto.connection(), config.path());
    let harness = &mut harness;
    wait_until(harness, "the restored tab", |h| {
        has_label(h, "Function · orders-get")
    });
    click(harness, "Local code");
    wait_until(harness, "the remembered folder", |h| {
        has_label(h, "Code folder path")
            && h.get_by_label("Code folder path").value().as_deref() == Some(code_path.as_str())
    });
    click(harness, "Detach code folder");
    wait_until(harness, "the setup forgotten", |_| {
        !setups_file(config.path()).contains(&code_path)
    });
}

#[test]
fn a_bad_folder_or_timeout_is_refused_at_its_field_and_nothing_runs() {
    let moto = Emulator::moto();
    moto.seed_demo(3);
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    let mut harness = app_harness(&runtime, moto.connection(), config.path());
    let harness = &mut harness;
    open_function(harness);
    click(harness, "Local code");
    type_into(harness, "Code folder path", "/no/such/folder");
    type_into(harness, "Local timeout (seconds)", "ten");
    click(harness, "Save local setup");
    wait_until(harness, "the folder's error", |h| {
        has_label(h, "No folder at /no/such/folder")
    });
    assert!(has_label_containing(
        harness,
        "Timeout is a whole number of seconds"
    ));
    // The text stays as typed; nothing is written.
    assert_eq!(
        harness
            .get_by_label("Local timeout (seconds)")
            .value()
            .as_deref(),
        Some("ten")
    );
    click(harness, "Test");
    click(harness, "Invoke locally");
    wait_until(harness, "the problem beside the button", |h| {
        has_label(h, "Local code: No folder at /no/such/folder")
    });
    // A payload that is not JSON: said under the editor, the text kept, nothing run.
    type_into(harness, "Event payload", "{not json");
    click(harness, "Invoke locally");
    wait_until(harness, "the payload's error", |h| {
        has_label_containing(h, "Invalid JSON at line 1")
    });
    assert_eq!(
        harness.get_by_label("Event payload").value().as_deref(),
        Some("{not json")
    );
    for _ in 0..20 {
        harness.step();
    }
    assert!(!has_label_containing(harness, "History ("), "nothing ran");
    assert!(!setups_file(config.path()).contains("/no/such/folder"));

    // Fixed, with a handler that raises: the run's error shows as a deployed one's would, and
    // the form's fixed text is what was saved.
    let raising = tempfile::tempdir().expect("code dir");
    std::fs::write(
        raising.path().join("orders_handler.py"),
        "def get_order(event, context):\n    return event['missing']\n",
    )
    .expect("write handler");
    click(harness, "Local code");
    type_into(
        harness,
        "Code folder path",
        &raising.path().display().to_string(),
    );
    type_into(harness, "Local timeout (seconds)", "5");
    click(harness, "Test");
    type_into(harness, "Event payload", "{}");
    invoke_locally(harness, 1);
    wait_until(harness, "the function error", |h| {
        has_label(h, "Function error (Unhandled): KeyError")
    });
    assert!(has_label(harness, "Ran locally"));
    assert!(setups_file(config.path()).contains(r#""timeout_s": 5"#));
}

#[test]
fn code_folders_attach_and_a_read_only_connection_gives_credentials_only_when_allowed() {
    let moto = Emulator::moto();
    moto.seed_demo(3);
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    let code = code_folder();
    let read_only = ConnectionSpec {
        read_only: true,
        ..moto.connection()
    };
    let mut harness = harness_with_code(
        &runtime,
        read_only,
        config.path(),
        vec![("orders-get".to_owned(), code.path().to_owned())],
    );
    let harness = &mut harness;
    open_function(harness);
    // `--code` attached the folder: Invoke locally is enabled on a read-only connection (a
    // local run is not a write), with the note and the per-run checkbox beside it.
    wait_until(harness, "Invoke locally enabled", |h| {
        has_label(h, "Invoke locally") && !is_disabled(h, "Invoke locally")
    });
    assert!(has_label_containing(
        harness,
        "on a read-only connection it gets none unless you allow it for this run"
    ));
    assert!(
        is_disabled(harness, "Invoke"),
        "deployed invokes stay refused"
    );

    // A saved event runs locally as it is invoked: saved, the payload changed, chosen again.
    type_into(harness, "Event payload", r#"{"id": "saved-7"}"#);
    type_into(harness, "Event name", "seven");
    click(harness, "Save event");
    type_into(harness, "Event payload", r#"{"id": "other"}"#);
    click(harness, "Choose a saved event");
    wait_until(harness, "the saved event", |h| has_label(h, "seven"));
    click(harness, "seven");
    invoke_locally(harness, 1);
    wait_until(harness, "the answer", |h| {
        has_label_containing(h, r#""answeredBy": "local handler""#)
    });
    assert!(has_label_containing(harness, r#""id": "saved-7""#));
    assert!(
        has_label_containing(harness, r#""hasKey": false"#),
        "no credentials by default"
    );

    click(harness, ALLOW);
    invoke_locally(harness, 2);
    // Other credentials make another environment: a new instance answers.
    wait_until(harness, "the allowed run", |h| {
        has_label_containing(h, r#""hasKey": true"#)
    });
    assert_eq!(
        harness.get_by_label(ALLOW).accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::False),
        "the permission resets after the run"
    );

    // Without the permission again: the environment changed back, and the runner retires
    // idle instances of another environment, so a new instance answers.
    invoke_locally(harness, 3);
    wait_until(harness, "the third run", |h| {
        has_label_containing(h, r#""hasKey": false"#)
    });
    assert!(has_label_containing(harness, "cold start"));
    assert!(setups_file(config.path()).contains(&code.path().display().to_string()));

    click(harness, "Local code");
    wait_until(harness, "the warm instance", |h| {
        has_label(h, "Stop all local instances")
    });
    click(harness, "Stop all local instances");
    wait_until(harness, "no instances", |h| {
        has_label_containing(h, "No local instances")
    });
}

/// The payload of the open function tab's last invocation, as JSON.
fn last_answer(harness: &Harness<'_, StratusApp>) -> Option<serde_json::Value> {
    let state = harness.state().state();
    let tab = state.active()?;
    let stratus::app::tab::TabContent::Function(function) = &tab.content else {
        return None;
    };
    let result = function.history.last()?.outcome.as_ref().ok()?;
    serde_json::from_slice(&result.payload).ok()
}

#[test]
fn no_local_process_is_left_once_the_app_closes() {
    let moto = Emulator::moto();
    moto.seed_demo(1);
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    // The handler starts a process of its own, as handlers that shell out do.
    let code = tempfile::tempdir().expect("code dir");
    std::fs::write(
        code.path().join("orders_handler.py"),
        "import os, subprocess, time\nCHILD = None\n\ndef get_order(event, context):\n    \
         global CHILD\n    if CHILD is None:\n        CHILD = subprocess.Popen(['sleep', '600'])\n    \
         time.sleep(event.get('sleep', 0))\n    return {'pid': os.getpid(), 'child': CHILD.pid}\n",
    )
    .expect("write handler");
    let mut harness = harness_with_code(
        &runtime,
        moto.connection(),
        config.path(),
        vec![("orders-get".to_owned(), code.path().to_owned())],
    );
    open_function(&mut harness);
    wait_until(&mut harness, "Invoke locally enabled", |h| {
        !is_disabled(h, "Invoke locally")
    });
    invoke_locally(&mut harness, 1);
    wait_until(&mut harness, "the handler's pids", |h| {
        last_answer(h).is_some_and(|a| a["child"].is_u64())
    });
    let answer = last_answer(&harness).expect("answer");
    let pids: Vec<u32> = [&answer["pid"], &answer["child"]]
        .into_iter()
        .map(|v| v.as_u64().and_then(|p| u32::try_from(p).ok()).expect("pid"))
        .collect();
    let runner_pids: Vec<u32> = harness
        .state()
        .state()
        .local_runner
        .instances()
        .iter()
        .filter_map(|i| i.pid)
        .collect();
    assert_eq!(runner_pids.len(), 1, "one instance: {runner_pids:?}");
    assert!(pids.iter().chain(&runner_pids).all(|p| process_alive(*p)));

    // Closed mid-invocation (the seeded timeout is 10 s): the call in flight still holds the
    // runner, and the tokio runtime it runs on lives on, as a host's would.
    type_into(&mut harness, "Event payload", r#"{"sleep": 60}"#);
    click(&mut harness, "Invoke locally");
    wait_until(&mut harness, "the instance busy", |h| {
        h.state()
            .state()
            .local_runner
            .instances()
            .iter()
            .any(|i| i.state == stratus::local_lambda::model::InstanceState::Busy)
    });
    // The instance list says so.
    click(&mut harness, "Local code");
    wait_until(&mut harness, "the running instance", |h| {
        has_label(h, "running")
    });
    drop(harness);
    for pid in pids.iter().chain(&runner_pids) {
        assert!(wait_gone(*pid), "process {pid} outlived the app");
    }
    drop(runtime);
}

mod route_testers;
