//! The SDK layer against real emulators: listing, pagination, details, errors.

use crate::support;

use stratus::connection::calls::AwsClients;
use stratus::connection::model::ConnectionSpec;
use stratus::dynamodb::model::table_details::KeyRole;
use stratus::shared::model::ErrorKind;
use support::{Emulator, closed_port_connection, create_table, runtime};

#[test]
fn lists_the_seeded_tables_functions_and_apis() {
    let moto = Emulator::moto();
    moto.seed_demo(40);
    runtime().block_on(async {
        let clients = AwsClients::connect(moto.connection()).await;
        let tables = stratus::dynamodb::calls::tables::list_tables(&clients)
            .await
            .expect("ListTables");
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["AuditLog", "Orders"]);

        let functions = stratus::lambda::calls::list_functions(&clients)
            .await
            .expect("ListFunctions");
        let names: Vec<&str> = functions.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "orders-authorizer",
                "orders-create",
                "orders-fallback",
                "orders-get",
                "orders-live-message"
            ]
        );
        assert!(
            functions
                .iter()
                .all(|f| f.runtime.as_deref() == Some("python3.12"))
        );
        assert!(functions.iter().all(|f| f.memory_mb == Some(256)));

        let apis = stratus::apigateway::calls::list_apis(&clients)
            .await
            .expect("GetApis");
        let shown: Vec<(&str, &str)> = apis
            .iter()
            .map(|a| (a.name.as_str(), a.protocol.as_str()))
            .collect();
        assert_eq!(
            shown,
            [("orders-api", "HTTP"), ("orders-live", "WEBSOCKET")]
        );
    });
}

#[test]
fn list_tables_follows_every_page() {
    let ddb = Emulator::dynamodb_local();
    runtime().block_on(async {
        let clients = AwsClients::connect(ddb.connection()).await;
        let mut expected = Vec::new();
        for i in 0..7 {
            let name = format!("table-{i:02}");
            create_table(&clients, &name, None).await;
            expected.push(name);
        }
        // Three per page: pages of 3, 3 and 1 must all be followed.
        let paged = stratus::dynamodb::calls::tables::list_tables_paged(&clients, Some(3))
            .await
            .expect("ListTables");
        let names: Vec<String> = paged.into_iter().map(|t| t.name).collect();
        assert_eq!(names, expected);
        let unpaged = stratus::dynamodb::calls::tables::list_tables(&clients)
            .await
            .expect("ListTables");
        assert_eq!(unpaged.len(), 7);
    });
}

#[test]
fn describes_the_orders_table_function_and_api() {
    let moto = Emulator::moto();
    moto.seed_demo(10);
    runtime().block_on(async {
        let clients = AwsClients::connect(moto.connection()).await;
        let table = stratus::dynamodb::calls::tables::describe_table(&clients, "Orders")
            .await
            .expect("DescribeTable");
        assert_eq!(table.key_names(), ["customerId", "orderId"]);
        assert!(
            table
                .key_schema
                .iter()
                .any(|k| k.role == KeyRole::Sort && k.attribute_type == "S")
        );
        let gsi = table.indexes.iter().find(|i| i.global).expect("a GSI");
        assert_eq!(gsi.name, "byStatus");
        assert_eq!(gsi.projection, "INCLUDE (total, customerName)");
        let lsi = table.indexes.iter().find(|i| !i.global).expect("an LSI");
        assert_eq!(lsi.name, "byTotal");
        let ttl = stratus::dynamodb::calls::admin::describe_ttl(&clients, "Orders")
            .await
            .expect("DescribeTimeToLive");
        assert_eq!(ttl.attribute_name.as_deref(), Some("expiresAt"));
        assert!(ttl.status.is_on(), "{ttl:?}");
        assert_eq!(table.stream.as_deref(), Some("NEW_AND_OLD_IMAGES"));
        assert_eq!(table.billing_mode, "PAY_PER_REQUEST");

        let function = stratus::lambda::calls::get_function(&clients, "orders-get")
            .await
            .expect("GetFunction");
        assert_eq!(
            function.handler.as_deref(),
            Some("orders_handler.get_order")
        );
        assert!(
            function
                .environment
                .contains(&("TABLE_NAME".to_owned(), "Orders".to_owned()))
        );

        let apis = stratus::apigateway::calls::list_apis(&clients)
            .await
            .expect("GetApis");
        let http = apis
            .iter()
            .find(|a| a.protocol == "HTTP")
            .expect("HTTP API");
        let api = stratus::apigateway::calls::get_api(&clients, &http.id)
            .await
            .expect("GetApi");
        assert_eq!(api.name, "orders-api");
        assert!(api.cors.contains(&(
            "Allow origins".to_owned(),
            "https://app.example.com".to_owned()
        )));
    });
}

#[test]
fn an_unreachable_endpoint_names_the_operation() {
    runtime().block_on(async {
        let clients = AwsClients::connect(closed_port_connection()).await;
        let error = stratus::dynamodb::calls::tables::list_tables(&clients)
            .await
            .expect_err("nothing listens there");
        assert_eq!(error.operation, "ListTables");
        assert_eq!(error.kind, ErrorKind::Unreachable, "{error:?}");
        assert_eq!(error.headline(), "ListTables failed: endpoint unreachable");

        let error = stratus::lambda::calls::list_functions(&clients)
            .await
            .expect_err("nothing listens there");
        assert_eq!(error.operation, "ListFunctions");
        assert_eq!(error.kind, ErrorKind::Unreachable);
    });
}

#[test]
fn a_missing_table_is_reported_as_not_found() {
    let moto = Emulator::moto();
    runtime().block_on(async {
        let clients = AwsClients::connect(moto.connection()).await;
        let error = stratus::dynamodb::calls::tables::describe_table(&clients, "no-such-table")
            .await
            .expect_err("no table");
        assert_eq!(error.operation, "DescribeTable");
        assert_eq!(error.kind, ErrorKind::NotFound, "{error:?}");
    });
}

#[test]
fn a_read_only_connection_refuses_writes() {
    runtime().block_on(async {
        let clients = AwsClients::connect(ConnectionSpec {
            read_only: true,
            ..closed_port_connection()
        })
        .await;
        let error = clients.ensure_writable("PutItem").expect_err("read-only");
        assert_eq!(error.kind, ErrorKind::ReadOnly);
        assert_eq!(error.operation, "PutItem");
    });
}

#[test]
fn access_denied_and_rejected_keys_are_told_apart() {
    // moto enforces IAM after two unauthenticated calls: CreateUser and CreateAccessKey.
    let moto = Emulator::moto_with_env(&[("INITIAL_NO_AUTH_ACTION_COUNT", "2")]);
    let keys = moto.create_user_without_permissions("nobody");
    runtime().block_on(async {
        let denied = AwsClients::connect(ConnectionSpec {
            static_credentials: Some(keys),
            ..moto.connection()
        })
        .await;
        let error = stratus::dynamodb::calls::tables::list_tables(&denied)
            .await
            .expect_err("no permissions");
        assert_eq!(error.kind, ErrorKind::AccessDenied, "{error:?}");
        assert_eq!(error.headline(), "ListTables failed: access denied");
        assert!(
            error.message.contains("not authorized"),
            "the service's reason is shown: {error:?}"
        );

        let unknown = AwsClients::connect(moto.connection()).await;
        let error = stratus::dynamodb::calls::tables::list_tables(&unknown)
            .await
            .expect_err("unknown keys");
        assert_eq!(error.kind, ErrorKind::InvalidCredentials, "{error:?}");
    });
}
