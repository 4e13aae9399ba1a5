//! The fault endpoint of the test support, checked against moto: it forwards untouched by
//! default, answers each fault the way the real protocol does (so the SDK and Stratus's error
//! classifier read it as AWS would send it), honours "next N times", counts requests, and stops
//! when dropped. And the SDK-layer half of least privilege: a denied auxiliary call fails only
//! its own part of a function's or an API's details.

use crate::support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use aws_sdk_dynamodb::types::{AttributeValue, ScalarAttributeType};
use stratus::connection::calls::AwsClients;
use stratus::shared::model::ErrorKind;
use support::fault::{Fault, FaultEndpoint, Operation};
use support::items::{put_all, scan_all};
use support::{Emulator, create_table, runtime};

#[test]
fn forwards_counts_and_injects_each_fault_as_the_protocol_sends_it() {
    let moto = Emulator::moto();
    moto.seed_demo(3);
    let fault = FaultEndpoint::start(&moto.endpoint);
    let list_tables = Operation::dynamodb("ListTables");
    runtime().block_on(async {
        let clients = AwsClients::connect(fault.connection()).await;
        let tables = stratus::dynamodb::calls::tables::list_tables(&clients)
            .await
            .expect("forwarded ListTables");
        assert!(tables.iter().any(|t| t.name == "Orders"), "{tables:?}");
        assert_eq!(fault.count(&list_tables), 1);
        assert_eq!(fault.faulted(&list_tables), 0);

        // Each fault, once; the call after it is forwarded again.
        for (injected, kind) in [
            (Fault::AccessDenied, ErrorKind::AccessDenied),
            (Fault::Throttle, ErrorKind::Throttled),
            (Fault::ProvisionedThroughputExceeded, ErrorKind::Throttled),
            (Fault::ServerError, ErrorKind::Service),
        ] {
            fault.once(list_tables.clone(), injected.clone());
            let error = stratus::dynamodb::calls::tables::list_tables(&clients)
                .await
                .expect_err("the injected fault");
            assert_eq!(error.operation, "ListTables", "{injected:?}: {error:?}");
            assert_eq!(error.kind, kind, "{injected:?}: {error:?}");
            stratus::dynamodb::calls::tables::list_tables(&clients)
                .await
                .expect("forwarded again after one fault");
        }
        fault.once(list_tables.clone(), Fault::Malformed);
        let error = stratus::dynamodb::calls::tables::list_tables(&clients)
            .await
            .expect_err("a cut-off body");
        assert_eq!(error.operation, "ListTables");
        assert_eq!(fault.count(&list_tables), 10);
        assert_eq!(fault.faulted(&list_tables), 5);

        // A repeated page: the answer names the same next table every time.
        fault.always(
            list_tables.clone(),
            Fault::RepeatPage(serde_json::json!("Orders")),
        );
        for _ in 0..2 {
            let page = clients
                .dynamodb
                .list_tables()
                .exclusive_start_table_name("Orders")
                .send()
                .await
                .expect("a page");
            assert_eq!(page.last_evaluated_table_name.as_deref(), Some("Orders"));
        }
        fault.lift(&list_tables);
        let page = clients.dynamodb.list_tables().send().await.expect("a page");
        assert_eq!(page.last_evaluated_table_name, None, "lifted");

        // A stateful rewrite: tokens that alternate.
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        fault.always(
            list_tables.clone(),
            Fault::RewriteJson(Arc::new(move |json| {
                let n = counter.fetch_add(1, Ordering::SeqCst);
                json["LastEvaluatedTableName"] = serde_json::json!(["A", "B"][n % 2]);
            })),
        );
        for expected in ["A", "B", "A"] {
            let page = clients.dynamodb.list_tables().send().await.expect("a page");
            assert_eq!(page.last_evaluated_table_name.as_deref(), Some(expected));
        }
        fault.lift_all();

        // REST-JSON: Lambda's error type travels in a header.
        fault.always(Operation::list_aliases("orders-get"), Fault::Throttle);
        let function = stratus::lambda::calls::get_function(&clients, "orders-get")
            .await
            .expect("the configuration still reads");
        let error = function.aliases.expect_err("ListAliases throttled");
        assert_eq!(
            (error.operation.as_str(), error.kind),
            ("ListAliases", ErrorKind::Throttled)
        );
        fault.always(Operation::get_apis(), Fault::ServerError);
        let error = stratus::apigateway::calls::list_apis(&clients)
            .await
            .expect_err("GetApis 500");
        assert_eq!(error.operation, "GetApis");
    });
    assert!(
        fault
            .requests()
            .iter()
            .any(|r| r.operation == "GET /2015-03-31/functions/orders-get/aliases" && r.faulted),
        "{:?}",
        fault.requests()
    );
    let port = fault.endpoint.rsplit(':').next().expect("port").to_owned();
    drop(fault);
    assert!(
        std::net::TcpStream::connect(format!("127.0.0.1:{port}")).is_err(),
        "the endpoint stops listening when dropped"
    );
}

#[test]
fn a_denied_lambda_or_api_gateway_sub_call_fails_only_its_own_part() {
    let moto = Emulator::moto();
    moto.seed_demo(3);
    let fault = FaultEndpoint::start(&moto.endpoint);
    runtime().block_on(async {
        let clients = AwsClients::connect(fault.connection()).await;
        fault.always(Operation::list_aliases("orders-get"), Fault::AccessDenied);
        fault.always(Operation::list_event_source_mappings(), Fault::AccessDenied);
        let function = stratus::lambda::calls::get_function(&clients, "orders-get")
            .await
            .expect("GetFunction is allowed");
        assert_eq!(
            function.handler.as_deref(),
            Some("orders_handler.get_order")
        );
        assert_eq!(function.versions.as_ref().map(Vec::len), Ok(1));
        let aliases = function.aliases.as_ref().expect_err("ListAliases denied");
        assert_eq!(
            (aliases.operation.as_str(), aliases.kind),
            ("ListAliases", ErrorKind::AccessDenied)
        );
        let mappings = function
            .event_source_mappings
            .as_ref()
            .expect_err("ListEventSourceMappings denied");
        assert_eq!(mappings.operation, "ListEventSourceMappings");
        assert_eq!(function.qualifiers(), ["$LATEST", "1"]);
        assert!(
            function
                .tags
                .as_ref()
                .is_ok_and(|tags| tags.contains(&("app".into(), "stratus-demo".into())))
        );

        // Without lambda:ListTags, AWS answers GetFunction with a TagsError instead of tags.
        fault.always(
            Operation::get_function("orders-get"),
            Fault::RewriteJson(Arc::new(|json| {
                json["Tags"] = serde_json::Value::Null;
                json["TagsError"] = serde_json::json!({
                    "ErrorCode": "AccessDeniedException",
                    "Message": "not authorized to perform: lambda:ListTags",
                });
            })),
        );
        let function = stratus::lambda::calls::get_function(&clients, "orders-get")
            .await
            .expect("GetFunction still answers");
        let tags = function.tags.expect_err("tags denied");
        assert_eq!(
            (tags.operation.as_str(), tags.kind),
            ("ListTags", ErrorKind::AccessDenied)
        );
        assert_eq!(
            function.handler.as_deref(),
            Some("orders_handler.get_order")
        );

        let apis = stratus::apigateway::calls::list_apis(&clients)
            .await
            .expect("GetApis");
        let api = apis
            .iter()
            .find(|a| a.name == "orders-api")
            .expect("orders-api");
        fault.always(
            Operation::api("GET", &api.id, "stages"),
            Fault::AccessDenied,
        );
        fault.always(
            Operation::api("GET", &api.id, "authorizers"),
            Fault::AccessDenied,
        );
        let parts = stratus::apigateway::calls::get_api_parts(&clients, &api.id, None).await;
        // The function's links to its routes still show, their stages marked unknown.
        let links = stratus::apigateway::calls::routes_calling(&clients, "orders-get")
            .await
            .expect("GetRoutes and GetIntegrations are allowed");
        let link = links
            .iter()
            .find(|l| l.route_key == "GET /orders/{id}")
            .expect("the link");
        assert_eq!(
            link.stages
                .as_ref()
                .map_err(|e| (e.operation.as_str(), e.kind)),
            Err(("GetStages", ErrorKind::AccessDenied))
        );
        let routes = parts.routes.as_ref().expect("routes still listed");
        assert!(routes.iter().any(|r| r.route_key == "GET /orders/{id}"));
        assert!(parts.integrations.is_ok());
        let stages = parts.stages.as_ref().expect_err("GetStages denied");
        assert_eq!(
            (stages.operation.as_str(), stages.kind),
            ("GetStages", ErrorKind::AccessDenied)
        );
        assert!(
            parts
                .authorizer_errors
                .iter()
                .any(|e| e.kind == ErrorKind::AccessDenied),
            "{:?}",
            parts.authorizer_errors
        );
    });
}

#[test]
fn dynamodb_local_pages_pass_through_and_a_repeated_page_is_rewritten() {
    let ddb = Emulator::dynamodb_local();
    let fault = FaultEndpoint::start(&ddb.endpoint);
    let scan = Operation::dynamodb("Scan");
    runtime().block_on(async {
        let clients = AwsClients::connect(fault.connection()).await;
        create_table(&clients, "Things", Some(ScalarAttributeType::N)).await;
        let items = put_all(&clients, "Things").await;
        // Forwarded untouched, DynamoDB Local's checksum and every byte arrive intact.
        assert_eq!(scan_all(&clients, "Things").await.len(), items.len());
        assert!(fault.count(&scan) >= 1);
        assert_eq!(fault.faulted(&scan), 0);

        let key = serde_json::json!({"pk": {"S": "user#1"}, "sk": {"N": "1"}});
        fault.times(scan.clone(), Fault::RepeatPage(key), 2);
        for _ in 0..2 {
            let page = clients
                .dynamodb
                .scan()
                .table_name("Things")
                .limit(5)
                .send()
                .await
                .expect("a rewritten page reads (its stale checksum is dropped)");
            let last = page.last_evaluated_key.expect("the fixed key");
            assert_eq!(last.get("pk"), Some(&AttributeValue::S("user#1".into())));
            assert_eq!(page.items.map(|i| i.len()), Some(5));
        }
        assert_eq!(fault.faulted(&scan), 2);
        let page = clients
            .dynamodb
            .scan()
            .table_name("Things")
            .send()
            .await
            .expect("forwarded again");
        assert_eq!(page.last_evaluated_key, None);
    });
}
