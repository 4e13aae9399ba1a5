//! Least privilege and unhealthy servers, through the real UI against moto behind the fault
//! endpoint: a view needs only its main read (DescribeTable and Scan, GetFunction, GetRoutes);
//! every other call may be denied, throttled or broken, and then only its own section says so,
//! with a Retry that works once the fault is gone.

use crate::support;

use egui_kittest::Harness;
use stratus::StratusApp;
use support::fault::{Fault, FaultEndpoint, Operation};
use support::runtime;
use support::ui::{
    Opened, click, has_label, has_label_containing, is_enabled, open_table, wait_until,
};

/// Orders seeded into moto; the first page holds them all.
const ORDERS: usize = 10;

/// The app on a seeded moto reached through a fault endpoint whose rules `rules` sets before
/// the app's first call.
fn open(rules: impl FnOnce(&FaultEndpoint)) -> Opened<FaultEndpoint> {
    Opened::through_faults(ORDERS, rules)
}

/// Steps a few frames, so a spinner that would stay has had its chance to show.
fn settle(harness: &mut Harness<'static, StratusApp>) {
    for _ in 0..10 {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_denied_describe_time_to_live_shows_only_in_the_ttl_section() {
    let ttl = Operation::dynamodb("DescribeTimeToLive");
    let scan = Operation::dynamodb("Scan");
    let mut opened = open(|fault| fault.always(ttl.clone(), Fault::AccessDenied));
    let harness = &mut opened.harness;
    open_table(harness, "Orders");
    wait_until(harness, "the first page", |h| {
        has_label_containing(h, &format!("{ORDERS} items loaded"))
    });
    // The builder is there and runs, although the TTL could not be read.
    wait_until(harness, "the query builder", |h| has_label(h, "Query"));
    assert!(!has_label(harness, "Reading the key schema…"));
    assert!(is_enabled(harness, "Run scan"));
    let scans = opened.fault.count(&scan);
    click(harness, "Run scan");
    wait_until(harness, "the second scan", |_| {
        opened.fault.count(&scan) > scans
    });
    wait_until(harness, "its page", |h| {
        has_label_containing(h, &format!("{ORDERS} items loaded"))
    });
    // The overview shows the table, and the denial only where the TTL goes.
    click(harness, "Overview");
    wait_until(harness, "the TTL denial", |h| {
        has_label(h, "DescribeTimeToLive failed: access denied")
    });
    assert!(has_label(harness, "Retry DescribeTimeToLive"));
    assert!(has_label(harness, "PAY_PER_REQUEST"), "the overview shows");
    assert!(has_label(harness, "customerId (S)"), "the key schema shows");
    assert!(!has_label_containing(harness, "DescribeTable failed"));
    // Once allowed, Retry reads it.
    opened.fault.lift(&ttl);
    click(harness, "Retry DescribeTimeToLive");
    wait_until(harness, "the TTL setting", |h| {
        has_label_containing(h, "Now: ENABLED on “expiresAt”")
    });
    assert!(!has_label(
        harness,
        "DescribeTimeToLive failed: access denied"
    ));
}

#[test]
fn a_denied_describe_table_says_so_with_a_retry_that_works() {
    let describe = Operation::dynamodb("DescribeTable");
    let mut opened = open(|fault| fault.always(describe.clone(), Fault::AccessDenied));
    let harness = &mut opened.harness;
    open_table(harness, "Orders");
    wait_until(harness, "the denial", |h| {
        has_label(h, "DescribeTable failed: access denied")
    });
    settle(harness);
    // No endless spinner: the builder says why it is missing.
    assert!(!has_label(harness, "Reading the key schema…"));
    assert!(has_label_containing(
        harness,
        "The query builder needs the table's key schema"
    ));
    // Scan is allowed: the items load anyway.
    wait_until(harness, "the first page", |h| {
        has_label_containing(h, &format!("{ORDERS} items loaded"))
    });
    assert_eq!(opened.fault.count(&describe), 1);
    opened.fault.lift(&describe);
    click(harness, "Retry DescribeTable");
    wait_until(harness, "the query builder", |h| has_label(h, "Query"));
    assert!(!has_label(harness, "DescribeTable failed: access denied"));
    assert_eq!(opened.fault.count(&describe), 2);
}

/// GetFunction as AWS answers a caller without lambda:ListTags: no tags, a TagsError.
fn tags_denied() -> Fault {
    Fault::RewriteJson(std::sync::Arc::new(|json| {
        if let Some(answer) = json.as_object_mut() {
            answer.remove("Tags");
            answer.insert(
                "TagsError".to_owned(),
                serde_json::json!({
                    "ErrorCode": "AccessDeniedException",
                    "Message": "not authorized to perform: lambda:ListTags",
                }),
            );
        }
    }))
}

#[test]
fn a_denied_lambda_sub_call_shows_only_in_its_section() {
    let aliases = Operation::list_aliases("orders-get");
    let mappings = Operation::list_event_source_mappings();
    let mut opened = open(|fault| {
        fault.always(aliases.clone(), Fault::AccessDenied);
        fault.always(mappings.clone(), Fault::AccessDenied);
        fault.always(Operation::get_function("orders-get"), tags_denied());
    });
    let harness = &mut opened.harness;
    wait_until(harness, "orders-get", |h| has_label(h, "orders-get"));
    click(harness, "orders-get");
    click(harness, "Configuration");
    wait_until(harness, "the configuration", |h| {
        has_label(h, "orders_handler.get_order")
    });
    assert!(has_label(harness, "first release"), "versions still listed");
    assert!(has_label(harness, "ListAliases failed: access denied"));
    assert!(has_label(
        harness,
        "ListEventSourceMappings failed: access denied"
    ));
    assert!(!has_label_containing(harness, "GetFunction failed"));
    assert!(has_label(harness, "ListTags failed: access denied"));
    assert!(!has_label(harness, "No tags."));
    // Each denied section has its own Retry; once allowed, it fills in.
    assert!(has_label(harness, "Retry ListEventSourceMappings"));
    opened.fault.lift(&aliases);
    click(harness, "Retry ListAliases");
    wait_until(harness, "the alias", |h| has_label(h, "live"));
    assert!(!has_label(harness, "ListAliases failed: access denied"));
    assert!(has_label(
        harness,
        "ListEventSourceMappings failed: access denied"
    ));
}

#[test]
fn denied_api_gateway_calls_leave_the_routes_listed_and_testable() {
    let mut opened = open(|_| {});
    let harness = &mut opened.harness;
    wait_until(harness, "orders-api", |h| has_label(h, "orders-api"));
    // The API's id is only known once listed; deny its stages and integrations from now on.
    let api_id = {
        let requests = opened.fault.requests();
        assert!(requests.iter().any(|r| r.operation == "GET /v2/apis"));
        runtime().block_on(async {
            let clients =
                stratus::connection::calls::AwsClients::connect(opened.fault.connection()).await;
            stratus::apigateway::calls::list_apis(&clients)
                .await
                .expect("GetApis")
                .into_iter()
                .find(|a| a.name == "orders-api")
                .expect("orders-api")
                .id
        })
    };
    let stages = Operation::api("GET", &api_id, "stages");
    let get_api = Operation::get_api(&api_id);
    opened.fault.always(stages.clone(), Fault::AccessDenied);
    opened.fault.always(get_api.clone(), Fault::AccessDenied);
    opened.fault.always(
        Operation::api("GET", &api_id, "integrations"),
        Fault::AccessDenied,
    );
    click(harness, "orders-api");
    wait_until(harness, "the routes", |h| has_label(h, "GET /orders/{id}"));
    assert!(has_label(harness, "POST /orders"));
    // A route whose integration could not be read does not claim to have none.
    assert!(!has_label(harness, "no integration"));
    assert!(has_label(harness, "GetIntegrations failed: access denied"));
    // Without GetApi the protocol is unknown, but HTTP routes still get the tester.
    click(harness, "GET /orders/{id}");
    wait_until(harness, "the tester", |h| has_label(h, "Path parameter id"));
    click(harness, "Stages");
    wait_until(harness, "the stage denial", |h| {
        has_label(h, "GetStages failed: access denied")
    });
    opened.fault.lift(&stages);
    click(harness, "Retry GetStages");
    wait_until(harness, "the stage", |h| has_label(h, "prod"));
    click(harness, "Settings");
    wait_until(harness, "the GetApi denial", |h| {
        has_label(h, "GetApi failed: access denied")
    });
    opened.fault.lift(&get_api);
    click(harness, "Retry GetApi");
    wait_until(harness, "the settings", |h| has_label(h, "Orders HTTP API"));
}

#[test]
fn a_failing_or_throttled_scan_says_so_and_the_rest_of_the_view_works() {
    let scan = Operation::dynamodb("Scan");
    let mut opened = open(|fault| fault.once(scan.clone(), Fault::ServerError));
    let harness = &mut opened.harness;
    open_table(harness, "Orders");
    wait_until(harness, "the scan error", |h| {
        has_label(h, "Scan failed: error")
    });
    assert!(has_label(harness, "Retry Scan"));
    // The builder, the overview and the navigator still work.
    wait_until(harness, "the query builder", |h| has_label(h, "Query"));
    click(harness, "Overview");
    wait_until(harness, "the overview", |h| has_label(h, "PAY_PER_REQUEST"));
    assert!(has_label(harness, "AuditLog"), "the navigator still lists");
    click(harness, "Items");
    click(harness, "Retry Scan");
    wait_until(harness, "the first page", |h| {
        has_label_containing(h, &format!("{ORDERS} items loaded"))
    });
    assert!(!has_label(harness, "Scan failed: error"));

    // Throttling is waited out: the progress says so, and the load ends once it stops.
    opened.fault.always(scan.clone(), Fault::Throttle);
    click(harness, "Run scan");
    wait_until(harness, "the throttling", |h| {
        opened.fault.faulted(&scan) >= 3 && has_label_containing(h, " times, retried")
    });
    click(harness, "Overview");
    wait_until(harness, "the overview", |h| has_label(h, "PAY_PER_REQUEST"));
    click(harness, "Items");
    opened.fault.lift(&scan);
    wait_until(harness, "the page after the throttling", |h| {
        has_label_containing(h, &format!("{ORDERS} items loaded"))
            && !has_label(h, "Cancel loading")
    });
}

#[test]
fn a_malformed_list_tables_answer_shows_only_in_the_tables_section() {
    let list_tables = Operation::dynamodb("ListTables");
    let mut opened = open(|fault| fault.always(list_tables.clone(), Fault::Malformed));
    let harness = &mut opened.harness;
    wait_until(harness, "the tables error", |h| {
        has_label(h, "ListTables failed: error")
    });
    wait_until(harness, "the functions", |h| has_label(h, "orders-get"));
    wait_until(harness, "the APIs", |h| has_label(h, "orders-api"));
    assert!(!has_label(harness, "Orders"));
    opened.fault.lift(&list_tables);
    click(harness, "Retry ListTables");
    wait_until(harness, "the tables", |h| has_label(h, "Orders"));
    assert!(!has_label(harness, "ListTables failed: error"));
}
