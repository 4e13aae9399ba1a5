//! Secrets stay where the user showed them: a Lambda environment value revealed on one
//! connection stays hidden on another connection's function of the same name. One test in
//! this binary: it sets credentials in the environment for the connection added in the bar.

mod support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stratus::StratusApp;
use support::ui::{
    add_endpoint_connection, app_harness, click, has_label, search_palette, wait_until,
};
use support::{Emulator, runtime, test_keys_in_environment};

#[test]
fn revealing_environment_values_on_one_connection_leaves_the_other_hidden() {
    // SAFETY: the only test of this binary, before any thread that reads the environment. A
    // connection added in the bar reads its keys from here, as a real one would.
    unsafe { test_keys_in_environment() };
    let first = Emulator::moto();
    let second = Emulator::moto();
    first.seed_demo(1);
    second.seed_demo(1);
    let runtime = runtime();
    let config = tempfile::tempdir().expect("config dir");
    let mut harness = app_harness(&runtime, first.connection(), config.path());
    wait_until(&mut harness, "the first connection's function", |h| {
        has_label(h, "orders-get")
    });
    add_endpoint_connection(&mut harness, &second.endpoint);
    let second_heading = format!("Connection {} · us-east-1", second.endpoint);
    wait_until(&mut harness, "both connections' functions", |h| {
        has_label(h, &second_heading) && h.query_all_by_label("orders-get").count() == 2
    });

    // Opens orders-get of `emulator`'s connection from the palette (its entry names the host).
    let open = |harness: &mut Harness<'_, StratusApp>, emulator: &Emulator| {
        let host = emulator.endpoint.trim_start_matches("http://");
        search_palette(harness, "orders-get");
        let entry = format!("Function · orders-get · {host}");
        click(harness, &entry);
        wait_until(harness, "the function tab", |h| {
            has_label(h, "Configuration")
        });
        click(harness, "Configuration");
        wait_until(harness, "the function's variables", |h| {
            has_label(h, "TABLE_NAME")
        });
    };

    open(&mut harness, &first);
    assert!(!has_label(&harness, "demo-secret-not-real"));
    click(&mut harness, "Reveal environment values");
    wait_until(&mut harness, "the revealed value", |h| {
        has_label(h, "demo-secret-not-real")
    });

    // The same function on the other connection: still hidden, with its own Reveal.
    open(&mut harness, &second);
    assert!(
        !has_label(&harness, "demo-secret-not-real"),
        "a value revealed on the first connection shows on the second"
    );
    assert!(has_label(&harness, "Reveal environment values"));

    // Back on the first tab, it is still revealed.
    let first_host = first.endpoint.trim_start_matches("http://");
    click(
        &mut harness,
        &format!("Function · orders-get · {first_host}"),
    );
    wait_until(&mut harness, "the first tab again", |h| {
        has_label(h, "demo-secret-not-real")
    });
    assert!(has_label(&harness, "Hide environment values"));
}
