//! What the loading and export benchmarks share: reading `--name value` arguments and
//! connecting to the benchmark's DynamoDB Local with its fixed keys.

use stratus::connection::calls::AwsClients;
use stratus::connection::model::ConnectionSpec;
use stratus::connection::model::StaticCredentials;

/// The value after `name` on the command line.
pub fn arg(args: &[String], name: &str) -> Option<String> {
    args.windows(2).find(|w| w[0] == name).map(|w| w[1].clone())
}

/// The connection to the emulator `scripts/bench` started, with the keys it seeded with.
pub fn bench_connection(endpoint: String) -> ConnectionSpec {
    ConnectionSpec {
        region: Some("us-east-1".to_owned()),
        endpoint_url: Some(endpoint),
        static_credentials: Some(StaticCredentials {
            access_key_id: "bench".to_owned(),
            secret_access_key: "bench".to_owned(),
        }),
        ..Default::default()
    }
}

/// Clients for the emulator `scripts/bench` started.
pub async fn bench_clients(endpoint: String) -> AwsClients {
    AwsClients::connect(bench_connection(endpoint)).await
}
