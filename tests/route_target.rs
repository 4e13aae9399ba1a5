//! The route tester invokes the function its integration ARN names. When that ARN points to
//! another region or another account than the connection's, it says so and invokes nothing,
//! rather than a same-named function here (moto resolves any ARN by its name alone, as a
//! careless client would).

use crate::support;

use aws_sdk_apigatewayv2::types::{IntegrationType, ProtocolType};
use stratus::connection::calls::AwsClients;
use support::ui::{app_harness, click, has_label, has_label_containing, wait_until};
use support::{Emulator, runtime};

/// An HTTP API whose routes call `orders-get` under the given integration ARNs.
async fn api_with_targets(clients: &AwsClients, routes: &[(&str, &str)]) {
    let api = clients
        .apigateway
        .create_api()
        .name("cross-api")
        .protocol_type(ProtocolType::Http)
        .send()
        .await
        .expect("CreateApi");
    let api_id = api.api_id().expect("an API id");
    for (route_key, arn) in routes {
        let integration = clients
            .apigateway
            .create_integration()
            .api_id(api_id)
            .integration_type(IntegrationType::AwsProxy)
            .integration_uri(*arn)
            .payload_format_version("2.0")
            .send()
            .await
            .expect("CreateIntegration");
        clients
            .apigateway
            .create_route()
            .api_id(api_id)
            .route_key(*route_key)
            .target(format!(
                "integrations/{}",
                integration.integration_id().expect("an integration id")
            ))
            .send()
            .await
            .expect("CreateRoute");
    }
}

#[test]
fn a_route_whose_function_is_elsewhere_is_not_invoked_here() {
    let moto = Emulator::moto();
    moto.seed_demo(1);
    let runtime = runtime();
    let clients = runtime.block_on(AwsClients::connect(moto.connection()));
    runtime.block_on(api_with_targets(
        &clients,
        &[
            (
                "GET /elsewhere",
                "arn:aws:lambda:eu-west-1:123456789012:function:orders-get",
            ),
            (
                "GET /other-account",
                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111111111111:function:orders-get/invocations",
            ),
            (
                "GET /here",
                "arn:aws:lambda:us-east-1:123456789012:function:orders-get",
            ),
        ],
    ));
    // The next invocation of any function answers this: if a refused test invoked anything,
    // the last one gets the echo instead.
    moto.post_json(
        "/moto-api/static/lambda-simple/response",
        r#"{"region":"us-east-1","results":["{\"statusCode\":203,\"body\":\"the first invocation\"}"]}"#,
    );
    let config = tempfile::tempdir().expect("config dir");
    let mut harness = app_harness(&runtime, moto.connection(), config.path());
    let harness = &mut harness;
    wait_until(harness, "cross-api", |h| has_label(h, "cross-api"));
    click(harness, "cross-api");
    wait_until(harness, "the routes", |h| has_label(h, "GET /elsewhere"));

    click(harness, "GET /elsewhere");
    click(harness, "Invoke function");
    wait_until(harness, "the refusal naming the region", |h| {
        has_label_containing(h, "orders-get in region eu-west-1, account 123456789012")
    });
    assert!(has_label_containing(
        harness,
        "this connection is region us-east-1"
    ));
    assert!(!has_label_containing(harness, "function answered"));

    click(harness, "GET /other-account");
    click(harness, "Invoke function");
    wait_until(harness, "the refusal naming the account", |h| {
        has_label_containing(h, "account 111111111111")
    });
    assert!(has_label_containing(
        harness,
        "this connection is account 123456789012"
    ));
    assert!(!has_label_containing(harness, "function answered"));

    // The route whose function is here is invoked, and is the first invocation.
    click(harness, "GET /here");
    click(harness, "Invoke function");
    wait_until(harness, "the function's answer", |h| {
        has_label_containing(h, "function answered")
    });
    assert!(
        has_label_containing(harness, "Status 203"),
        "a refused route test invoked a function"
    );
}
