//! Requests per second through a locally served HTTP API ("Serve locally"): the demo's
//! `orders-api` on moto, its `GET /orders/{id}` route run locally with a do-nothing handler, so
//! what is measured is the server, the routing, the event, the local run and what the local
//! run asks of the connection (moto) per request.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt as _, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use stratus::apigateway::calls::route_function::LocalRuns;
use stratus::apigateway::calls::serve::{ServeConfig, serve};
use stratus::apigateway::calls::{get_integrations, get_routes, list_apis};
use stratus::apigateway::model::served_api::ServedApi;
use stratus::connection::calls::AwsClients;
use stratus::connection::model::{ConnectionSpec, StaticCredentials};
use stratus::local_lambda::calls::LocalRunner;
use stratus::local_lambda::model::LocalSetup;

/// One measurement: `clients` concurrent clients sending `requests` requests in all.
pub struct Served {
    pub clients: usize,
    pub requests: usize,
    pub seconds: f64,
    /// Each request's round trip, in milliseconds.
    pub latencies: Vec<f64>,
}

/// Serves the seeded demo's `orders-api` from `moto` with `orders-get` run locally from
/// `code` (`noop.handler`), and sends it `requests` requests from each number of `clients`.
pub async fn served_requests(
    moto: &str,
    code: &Path,
    interpreter: Option<&Path>,
    runner: &LocalRunner,
    requests: usize,
    clients: &[usize],
) -> Result<Vec<Served>, String> {
    let connection = AwsClients::connect(ConnectionSpec {
        region: Some("us-east-1".to_owned()),
        endpoint_url: Some(moto.to_owned()),
        static_credentials: Some(StaticCredentials {
            access_key_id: "test".to_owned(),
            secret_access_key: "test".to_owned(),
        }),
        ..Default::default()
    })
    .await;
    let api_id = list_apis(&connection)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|a| a.name == "orders-api")
        .ok_or("no orders-api: seed moto with scripts/seed_demo.py")?
        .id;
    let api = ServedApi::Http {
        routes: get_routes(&connection, &api_id)
            .await
            .map_err(|e| e.to_string())?,
        integrations: get_integrations(&connection, &api_id)
            .await
            .map_err(|e| e.to_string())?,
        api_id,
        stage: "$default".to_owned(),
    };
    let setup = LocalSetup {
        handler: Some("noop.handler".to_owned()),
        interpreter: interpreter.map(Path::to_owned),
        ..LocalSetup::with_code_dir(code.to_owned())
    };
    let server = serve(ServeConfig {
        api,
        clients: connection,
        local: LocalRuns {
            runner: runner.clone(),
            setups: BTreeMap::from([("orders-get".to_owned(), setup)]),
        },
        with_credentials: false,
        port: None,
        repaint: Arc::new(|| {}),
    })
    .await
    .map_err(|e| e.to_string())?;
    let url = format!("http://{}/orders/1", server.address);
    let mut results = Vec::new();
    for &count in clients {
        // Untimed: one request per client, so every instance the run needs is started.
        hammer(&url, count, count).await?;
        let started = Instant::now();
        let latencies = hammer(&url, count, requests).await?;
        results.push(Served {
            clients: count,
            requests,
            seconds: started.elapsed().as_secs_f64(),
            latencies,
        });
    }
    drop(server);
    Ok(results)
}

/// `total` requests from `clients` concurrent clients, each on its own kept-alive connection;
/// every answer must be 200.
async fn hammer(url: &str, clients: usize, total: usize) -> Result<Vec<f64>, String> {
    let per_client = total.div_ceil(clients.max(1));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..clients.max(1) {
        let url = url.to_owned();
        tasks.spawn(async move {
            let client: Client<_, Empty<Bytes>> =
                Client::builder(TokioExecutor::new()).build_http();
            let mut latencies = Vec::with_capacity(per_client);
            for _ in 0..per_client {
                let request = hyper::Request::get(url.as_str())
                    .body(Empty::new())
                    .map_err(|e| e.to_string())?;
                let (status, body, took) = round_trip(&client, request).await?;
                if status != hyper::StatusCode::OK {
                    return Err(format!("{status}: {}", String::from_utf8_lossy(&body)));
                }
                latencies.push(took.as_secs_f64() * 1e3);
            }
            Ok::<_, String>(latencies)
        });
    }
    let mut all = Vec::with_capacity(total);
    while let Some(joined) = tasks.join_next().await {
        all.extend(joined.map_err(|e| e.to_string())??);
    }
    Ok(all)
}

/// Sends `request` and reads its whole answer (30 s at most): status, body and the round
/// trip's time.
pub async fn round_trip<B>(
    client: &Client<hyper_util::client::legacy::connect::HttpConnector, B>,
    request: hyper::Request<B>,
) -> Result<(hyper::StatusCode, Bytes, Duration), String>
where
    B: hyper::body::Body + Send + Unpin + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let started = Instant::now();
    let response = tokio::time::timeout(Duration::from_secs(30), client.request(request))
        .await
        .map_err(|_| "no answer in 30 s".to_owned())?
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok((status, body, started.elapsed()))
}
