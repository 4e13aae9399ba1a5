//! REST APIs (API Gateway v1) against moto: resources, methods, integrations, stages,
//! deployments and authorizers as the demo seeds them; the method → function link and back;
//! a denied GetRestApis beside HTTP APIs that still list.

use crate::support;

use egui_kittest::kittest::Queryable as _;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use stratus::apigateway::model::rest_api::RestApiParts;
use stratus::connection::calls::AwsClients;

use support::fault::{Fault, FaultEndpoint, Operation};
use support::ui::{Opened, click, has_label, has_label_containing, search_palette, wait_until};
use support::{Emulator, runtime};

/// The seeded REST API's id and parts.
async fn orders_rest(clients: &AwsClients) -> (String, RestApiParts) {
    let apis = stratus::apigateway::calls::rest::list_rest_apis(clients)
        .await
        .expect("GetRestApis");
    let shown: Vec<(&str, &str)> = apis
        .iter()
        .map(|a| (a.name.as_str(), a.protocol.as_str()))
        .collect();
    assert_eq!(shown, [("orders-rest", "REST")]);
    let id = apis[0].id.clone();
    let parts = stratus::apigateway::calls::rest::get_rest_api_parts(clients, &id).await;
    (id, parts)
}

#[test]
fn resources_methods_stages_and_authorizers_are_listed_as_seeded() {
    let moto = Emulator::moto();
    moto.seed_demo(1);
    runtime().block_on(async {
        let clients = AwsClients::connect(moto.connection()).await;
        let (id, parts) = orders_rest(&clients).await;

        let resources = parts.resources.as_ref().expect("resources");
        let paths: Vec<&str> = resources.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(
            paths,
            ["/", "/files", "/files/{proxy+}", "/orders", "/orders/{id}"]
        );
        let tree: Vec<(String, usize)> =
            stratus::apigateway::model::resource_tree::resource_tree(resources)
                .into_iter()
                .map(|row| {
                    let path = parts.resource(&row.resource_id).expect("row").path.clone();
                    (path, row.depth)
                })
                .collect();
        let expected = [
            ("/", 0),
            ("/files", 1),
            ("/files/{proxy+}", 2),
            ("/orders", 1),
            ("/orders/{id}", 2),
        ];
        assert_eq!(
            tree,
            expected.map(|(p, d)| (p.to_owned(), d)),
            "the tree from parent ids"
        );
        let method = |path: &str, http: &str| {
            let resource = resources.iter().find(|r| r.path == path).expect(path);
            resource.method(http).cloned().expect(http)
        };

        // GET /orders/{id}: a Lambda proxy to an alias, behind the TOKEN authorizer.
        let get = method("/orders/{id}", "GET");
        assert_eq!(get.authorization_type.as_deref(), Some("CUSTOM"));
        let authorizer = parts
            .authorizer(get.authorizer_id.as_deref())
            .expect("the method's authorizer");
        assert_eq!(
            (
                authorizer.name.as_str(),
                authorizer.authorizer_type.as_str()
            ),
            ("token-authorizer", "TOKEN")
        );
        assert!(!get.api_key_required);
        let parameters: Vec<(&str, &str, bool)> = get
            .request_parameters
            .iter()
            .map(|p| (p.location.as_str(), p.name.as_str(), p.required))
            .collect();
        assert_eq!(
            parameters,
            [("path", "id", true), ("querystring", "expand", false)]
        );
        let validator = parts
            .validator(get.request_validator_id.as_deref())
            .expect("validator");
        assert_eq!(
            (validator.name.as_str(), validator.checks()),
            ("parameters-only", "parameters")
        );
        let integration = get.integration.clone().expect("integration");
        assert_eq!(integration.integration_type, "AWS_PROXY");
        assert_eq!(integration.http_method.as_deref(), Some("POST"));
        assert_eq!(integration.timeout_ms, Some(10_000));
        let target = integration.lambda.expect("a Lambda target");
        assert_eq!(target.function_name, "orders-get");
        assert_eq!(target.qualifier.as_deref(), Some("live"));
        assert_eq!(
            target.function_arn.as_deref(),
            Some("arn:aws:lambda:us-east-1:123456789012:function:orders-get")
        );

        // The greedy ANY, the API-key POST and the MOCK.
        let any = method("/files/{proxy+}", "ANY");
        let proxy_target = any.integration.and_then(|i| i.lambda).expect("ANY target");
        assert_eq!(proxy_target.function_name, "orders-fallback");
        assert_eq!(proxy_target.qualifier, None);
        assert!(method("/orders", "POST").api_key_required);
        let mock = method("/orders", "GET").integration.expect("MOCK");
        assert_eq!(
            (mock.integration_type.as_str(), mock.lambda),
            ("MOCK", None)
        );

        // The stage, its deployment and variables, its stage-wide settings.
        let stages = parts.stages.as_ref().expect("stages");
        assert_eq!(stages.len(), 1);
        let dev = &stages[0];
        assert_eq!(dev.name, "dev");
        let deployments = parts.deployments.as_ref().expect("deployments");
        assert_eq!(deployments.len(), 1);
        assert_eq!(
            dev.deployment_id.as_deref(),
            Some(deployments[0].id.as_str())
        );
        assert_eq!(
            deployments[0].description.as_deref(),
            Some("first deployment")
        );
        assert!(deployments[0].created.is_some());
        assert_eq!(
            dev.variables,
            [
                ("alias".to_owned(), "live".to_owned()),
                ("table".to_owned(), "Orders".to_owned())
            ]
        );
        assert_eq!(
            (dev.throttling_burst, dev.throttling_rate),
            (Some(50), Some(25.0))
        );
        assert!(dev.tracing_enabled);
        assert_eq!(dev.caching_ttl_s, None);
        // Behind an endpoint override, the emulator's path form of the invoke URL.
        assert_eq!(
            dev.invoke_url,
            format!("{}/restapis/{id}/dev/_user_request_", moto.endpoint)
        );

        // The authorizer's function and settings.
        let authorizers = parts.authorizers.as_ref().expect("authorizers");
        assert_eq!(authorizers.len(), 1);
        assert_eq!(
            authorizers[0].identity_source.as_deref(),
            Some("method.request.header.Authorization")
        );
        assert_eq!(authorizers[0].result_ttl_s, Some(300));
        assert_eq!(
            authorizers[0]
                .lambda
                .as_ref()
                .map(|l| l.function_name.as_str()),
            Some("orders-authorizer")
        );

        // Settings and tags.
        let details = stratus::apigateway::calls::rest::get_rest_api(&clients, &id)
            .await
            .expect("GetRestApi");
        assert_eq!(details.name, "orders-rest");
        assert_eq!(details.endpoint_types, ["REGIONAL"]);
        assert_eq!(details.api_key_source.as_deref(), Some("HEADER"));
        assert_eq!(
            details.tags,
            [("app".to_owned(), "stratus-demo".to_owned())]
        );

        // And back: the function's routes include the REST methods that call it.
        let routes = stratus::apigateway::calls::function_routes(&clients, "orders-get").await;
        assert!(routes.errors.is_empty(), "{:?}", routes.errors);
        let mut links: Vec<(&str, &str, &str)> = routes
            .links
            .iter()
            .map(|l| {
                (
                    l.protocol.as_str(),
                    l.api_name.as_str(),
                    l.route_key.as_str(),
                )
            })
            .collect();
        links.sort_unstable();
        assert_eq!(
            links,
            [
                ("HTTP", "orders-api", "GET /orders/{id}"),
                ("REST", "orders-rest", "GET /orders/{id}")
            ]
        );
        let rest = routes
            .links
            .iter()
            .find(|l| l.protocol == "REST")
            .expect("REST link");
        assert_eq!(rest.qualifier.as_deref(), Some("live"));
        assert_eq!(rest.stages, Ok(vec!["dev".to_owned()]));
        assert_eq!(
            rest.api(),
            stratus::shared::model::ResourceRef::RestApi {
                id: id.clone(),
                name: "orders-rest".to_owned()
            }
        );
        let fallback =
            stratus::apigateway::calls::function_routes(&clients, "orders-fallback").await;
        let mut keys: Vec<&str> = fallback
            .links
            .iter()
            .map(|l| l.route_key.as_str())
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["$default", "ANY /files/{proxy+}"]);

        // The other two kinds of authorizer: REQUEST (a Lambda on several identity sources)
        // and COGNITO_USER_POOLS (user pools, no function).
        let rest = &clients.apigateway_rest;
        let function = "arn:aws:lambda:us-east-1:123456789012:function:orders-authorizer";
        rest.create_authorizer()
            .rest_api_id(&id)
            .name("request-authorizer")
            .r#type(aws_sdk_apigateway::types::AuthorizerType::Request)
            .identity_source("method.request.header.X-Key,method.request.querystring.key")
            .authorizer_uri(format!(
                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function}/invocations"
            ))
            .send()
            .await
            .expect("CreateAuthorizer REQUEST");
        let pool = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Example";
        rest.create_authorizer()
            .rest_api_id(&id)
            .name("cognito-authorizer")
            .r#type(aws_sdk_apigateway::types::AuthorizerType::CognitoUserPools)
            .identity_source("method.request.header.Authorization")
            .provider_arns(pool)
            .send()
            .await
            .expect("CreateAuthorizer COGNITO_USER_POOLS");
        let authorizers = stratus::apigateway::calls::rest::get_rest_authorizers(&clients, &id)
            .await
            .expect("GetAuthorizers");
        let kinds: Vec<(&str, &str)> = authorizers
            .iter()
            .map(|a| (a.name.as_str(), a.authorizer_type.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("cognito-authorizer", "COGNITO_USER_POOLS"),
                ("request-authorizer", "REQUEST"),
                ("token-authorizer", "TOKEN"),
            ]
        );
        let cognito = &authorizers[0];
        assert_eq!(cognito.provider_arns, [pool]);
        assert!(cognito.lambda.is_none());
        let request = &authorizers[1];
        assert_eq!(
            request.identity_source.as_deref(),
            Some("method.request.header.X-Key,method.request.querystring.key")
        );
        assert_eq!(
            request.lambda.as_ref().map(|l| l.function_name.as_str()),
            Some("orders-authorizer")
        );
    });
}

#[test]
fn the_rest_api_view_shows_its_parts_and_links_to_the_function_and_back() {
    let mut opened = Opened::direct(1);
    let harness = &mut opened.harness;

    wait_until(harness, "orders-rest", |h| has_label(h, "orders-rest"));
    click(harness, "orders-rest");
    wait_until(harness, "the resource tree", |h| {
        has_label(h, "/orders/{id}")
    });
    for path in ["/", "/files", "/files/{proxy+}", "/orders"] {
        assert!(has_label(harness, path), "{path}");
    }
    assert!(has_label(
        harness,
        "Select a method to see its authorization, its integration and its tester."
    ));

    click(harness, "GET /orders/{id}");
    wait_until(harness, "the method", |h| {
        has_label(h, "Method GET /orders/{id}")
    });
    assert!(has_label(harness, "CUSTOM · token-authorizer (TOKEN)"));
    assert!(has_label(harness, "parameters-only (checks parameters)"));
    assert!(has_label(harness, "expand"));
    assert!(has_label(harness, "AWS_PROXY"));
    assert!(has_label(harness, "10000 ms"));
    assert!(has_label(harness, "Open function orders-get:live"));

    click(harness, "ANY /files/{proxy+}");
    wait_until(harness, "the greedy method", |h| {
        has_label(h, "Method ANY /files/{proxy+}")
    });
    assert!(has_label(harness, "NONE"));
    assert!(has_label(harness, "Open function orders-fallback"));

    click(harness, "Stages");
    wait_until(harness, "the stage", |h| has_label(h, "Stage dev"));
    assert!(has_label_containing(harness, "/dev/_user_request_"));
    assert!(has_label(harness, "burst 50 · rate 25/s"));
    for variable in ["alias", "live", "table"] {
        assert!(has_label(harness, variable), "stage variable {variable}");
    }
    assert!(has_label(harness, "first deployment"));

    click(harness, "Authorizers");
    wait_until(harness, "the authorizer", |h| {
        has_label(h, "token-authorizer")
    });
    assert!(has_label(harness, "TOKEN"));
    assert!(has_label(harness, "method.request.header.Authorization"));
    assert!(has_label(harness, "Open function orders-authorizer"));
    assert!(has_label(harness, "parameters-only"));

    click(harness, "Settings");
    wait_until(harness, "the settings", |h| has_label(h, "REGIONAL"));
    assert!(has_label(harness, "stratus-demo"), "a tag");

    // From the method to its function, and back from the function to the REST API.
    click(harness, "Resources");
    click(harness, "GET /orders/{id}");
    click(harness, "Open function orders-get:live");
    wait_until(harness, "the function tab", |h| has_label(h, "Routes (2)"));
    click(harness, "Routes (2)");
    wait_until(harness, "the link back", |h| {
        has_label(h, "Open API orders-rest")
    });
    assert!(has_label(harness, "Open API orders-api"));
    click(harness, "Open API orders-rest");
    wait_until(harness, "the REST API tab again", |h| {
        has_label(h, "Method GET /orders/{id}")
    });

    // A method's own link opens the API on that method, whatever the tab showed last.
    click(harness, "ANY /files/{proxy+}");
    click(harness, "Settings");
    wait_until(harness, "the settings", |h| has_label(h, "REGIONAL"));
    click(harness, "Function · orders-get");
    click(harness, "Open method GET /orders/{id} of orders-rest");
    wait_until(harness, "the method from the link", |h| {
        has_label(h, "Method GET /orders/{id}")
    });
    assert!(!has_label(harness, "Method ANY /files/{proxy+}"));
    harness.check_accessibility();
}

#[test]
fn an_empty_rest_api_says_what_it_lacks_in_each_section() {
    let mut opened = Opened::direct(1);
    opened
        .runtime
        .block_on(
            opened
                .clients
                .apigateway_rest
                .create_rest_api()
                .name("empty-rest")
                .send(),
        )
        .expect("CreateRestApi");
    let harness = &mut opened.harness;
    wait_until(harness, "the seeded REST API", |h| {
        has_label(h, "orders-rest")
    });
    click(harness, "Refresh APIs");
    click(harness, "empty-rest");
    wait_until(harness, "the empty resources", |h| {
        has_label_containing(h, "This API has no methods yet")
    });
    assert!(!has_label_containing(harness, "Select a method"));
    click(harness, "Stages");
    wait_until(harness, "no stages", |h| {
        has_label_containing(h, "No stages: the API is not deployed")
    });
    assert!(has_label(harness, "No deployments."));
    click(harness, "Authorizers");
    wait_until(harness, "no authorizers", |h| {
        has_label_containing(h, "No authorizers")
    });
    assert!(has_label(harness, "No request validators."));
    click(harness, "Settings");
    wait_until(harness, "no tags", |h| has_label(h, "No tags."));
}

#[test]
fn a_denied_get_rest_apis_shows_in_the_api_section_while_http_apis_still_list() {
    let mut opened = Opened::through_faults(1, |fault| {
        fault.always(
            Operation::rest_exact("GET", "/restapis"),
            Fault::AccessDenied,
        );
    });
    let harness = &mut opened.harness;
    wait_until(harness, "the denial", |h| {
        has_label(h, "GetRestApis failed: access denied")
    });
    wait_until(harness, "the HTTP APIs", |h| has_label(h, "orders-api"));
    assert!(has_label(harness, "orders-live"));
    assert!(!has_label(harness, "orders-rest"));
    assert!(
        has_label_containing(harness, "API Gateway APIs (2)"),
        "the count is of what is listed"
    );

    // The function view still lists the HTTP route that calls it, under the REST search's
    // error (the navigator's is the other one).
    click(harness, "orders-get");
    wait_until(harness, "the function's routes", |h| {
        has_label(h, "Routes (1)")
    });
    click(harness, "Routes (1)");
    wait_until(harness, "the HTTP route", |h| {
        has_label(h, "Open API orders-api")
    });
    assert_eq!(harness.query_all_by_label("Retry GetRestApis").count(), 2);
    click(harness, "Close tab orders-get");

    // Lifted and retried, the REST API joins the others.
    let rest_apis = Operation::rest_exact("GET", "/restapis");
    opened.fault.lift(&rest_apis);
    click(harness, "Retry GetRestApis");
    wait_until(harness, "the REST API", |h| has_label(h, "orders-rest"));
    assert!(!has_label(harness, "GetRestApis failed: access denied"));
    assert!(has_label(harness, "orders-api"));

    // The palette finds it, marked as a REST API, and opens its view.
    search_palette(harness, "ordrest");
    // The palette lists log groups the first time it opens, in a line above its entries:
    // under load that line goes after the click has found its target, which then misses.
    wait_until(harness, "the log groups listed", |h| {
        !has_label_containing(h, "Listing the log groups")
    });
    click(harness, "REST API · orders-rest");
    wait_until(harness, "the REST API tab", |h| {
        has_label(h, "/orders/{id}")
    });
}

#[test]
fn a_denied_get_apis_leaves_the_rest_apis_listed() {
    let mut opened = Opened::through_faults(1, |fault| {
        fault.always(Operation::get_apis(), Fault::AccessDenied);
    });
    let harness = &mut opened.harness;
    wait_until(harness, "the denial", |h| {
        has_label(h, "GetApis failed: access denied")
    });
    wait_until(harness, "the REST API", |h| has_label(h, "orders-rest"));
    assert!(!has_label(harness, "orders-api"));
    assert!(has_label_containing(harness, "API Gateway APIs (1)"));
    assert!(!has_label(harness, "GetRestApis failed: access denied"));
}

#[test]
fn methods_listed_without_their_bodies_are_read_one_by_one() {
    let moto = Emulator::moto();
    moto.seed_demo(1);
    let runtime = runtime();
    let direct = runtime.block_on(AwsClients::connect(moto.connection()));
    let (id, seeded) = runtime.block_on(orders_rest(&direct));
    // GetResources as a service answers without `embed`: every method as `"GET": {}`.
    let fault = FaultEndpoint::start(&moto.endpoint);
    let list = Operation::rest_exact("GET", &format!("/restapis/{id}/resources"));
    fault.always(
        list.clone(),
        Fault::RewriteJson(Arc::new(|page| {
            for resource in page["item"].as_array_mut().into_iter().flatten() {
                for (_, method) in resource["resourceMethods"]
                    .as_object_mut()
                    .into_iter()
                    .flatten()
                {
                    *method = serde_json::json!({});
                }
            }
        })),
    );
    let clients = runtime.block_on(AwsClients::connect(fault.connection()));
    let resources = runtime
        .block_on(stratus::apigateway::calls::rest::get_resources(
            &clients, &id,
        ))
        .expect("GetResources");
    assert_eq!(
        &resources,
        seeded.resources.as_ref().expect("seeded resources"),
        "the same methods and integrations as embedded"
    );
    let get_method = Operation::rest("GET", &format!("/restapis/{id}/resources/"));
    assert_eq!(fault.count(&get_method), 4, "one GetMethod per method");

    // A GetMethod that fails is the section's error, not a method without an integration.
    fault.always(get_method, Fault::AccessDenied);
    let error = runtime
        .block_on(stratus::apigateway::calls::rest::get_resources(
            &clients, &id,
        ))
        .expect_err("GetMethod denied");
    assert_eq!(error.operation, "GetMethod");
}

#[test]
fn get_rest_apis_follows_position_to_the_last_page_and_stops_on_a_repeat() {
    let moto = Emulator::moto();
    moto.seed_demo(1);
    let fault = FaultEndpoint::start(&moto.endpoint);
    let list = Operation::rest_exact("GET", "/restapis");
    let answered = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&answered);
    // moto sends every API on one page: the first answer names a second page (moto's list
    // again), the second names none.
    fault.always(
        list.clone(),
        Fault::RewriteJson(Arc::new(move |page| {
            if counter.fetch_add(1, Ordering::SeqCst) == 0 {
                page["position"] = "page-2".into();
            }
        })),
    );
    let runtime = runtime();
    let clients = runtime.block_on(AwsClients::connect(fault.connection()));
    let apis = runtime
        .block_on(stratus::apigateway::calls::rest::list_rest_apis(&clients))
        .expect("GetRestApis");
    let names: Vec<&str> = apis.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["orders-rest", "orders-rest"], "both pages");
    assert_eq!(fault.count(&list), 2);

    // A service that names the same page again stops the load with an error, not a loop.
    fault.lift_all();
    fault.always(
        list.clone(),
        Fault::RewriteJson(Arc::new(|page| page["position"] = "same".into())),
    );
    let error = runtime
        .block_on(stratus::apigateway::calls::rest::list_rest_apis(&clients))
        .expect_err("a repeated position");
    assert_eq!(error.operation, "GetRestApis");
    assert!(error.message.contains("already sent"), "{}", error.message);
    assert_eq!(fault.count(&list), 4);
}
