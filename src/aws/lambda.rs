//! Lambda calls.

use aws_sdk_lambda::types::FunctionConfiguration;

use super::AwsClients;
use super::error::classify;
use crate::model::{FunctionDetails, FunctionSummary, ServiceError};

/// Every function of the connection, following `NextMarker` through all pages.
pub async fn list_functions(clients: &AwsClients) -> Result<Vec<FunctionSummary>, ServiceError> {
    let mut functions = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let page = clients
            .lambda
            .list_functions()
            .set_marker(marker.take())
            .send()
            .await
            .map_err(|e| clients.with_profile(classify("ListFunctions", &e)))?;
        functions.extend(page.functions.unwrap_or_default().iter().map(summary));
        match page.next_marker.filter(|m| !m.is_empty()) {
            Some(next) => marker = Some(next),
            None => break,
        }
    }
    functions.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(functions)
}

fn summary(config: &FunctionConfiguration) -> FunctionSummary {
    FunctionSummary {
        name: config.function_name.clone().unwrap_or_default(),
        runtime: config.runtime.as_ref().map(|r| r.as_str().to_owned()),
        memory_mb: config.memory_size,
        timeout_s: config.timeout,
        last_modified: config.last_modified.clone(),
    }
}

/// GetFunction, for the function view.
pub async fn get_function(
    clients: &AwsClients,
    name: &str,
) -> Result<FunctionDetails, ServiceError> {
    let output = clients
        .lambda
        .get_function()
        .function_name(name)
        .send()
        .await
        .map_err(|e| clients.with_profile(classify("GetFunction", &e)))?;
    let Some(config) = output.configuration else {
        return Err(ServiceError::new(
            "GetFunction",
            crate::model::ErrorKind::Service,
            "the answer had no function configuration",
        ));
    };
    let mut environment: Vec<(String, String)> = config
        .environment
        .as_ref()
        .and_then(|e| e.variables.clone())
        .unwrap_or_default()
        .into_iter()
        .collect();
    environment.sort();
    Ok(FunctionDetails {
        name: config
            .function_name
            .clone()
            .unwrap_or_else(|| name.to_owned()),
        arn: config.function_arn.clone(),
        description: config.description.clone().filter(|d| !d.is_empty()),
        runtime: config.runtime.as_ref().map(|r| r.as_str().to_owned()),
        handler: config.handler.clone(),
        architectures: config
            .architectures()
            .iter()
            .map(|a| a.as_str().to_owned())
            .collect(),
        memory_mb: config.memory_size,
        timeout_s: config.timeout,
        ephemeral_storage_mb: config.ephemeral_storage.as_ref().map(|e| e.size),
        role: config.role.clone(),
        state: config.state.as_ref().map(|s| s.as_str().to_owned()),
        last_update_status: config
            .last_update_status
            .as_ref()
            .map(|s| s.as_str().to_owned()),
        last_modified: config.last_modified.clone(),
        code_size_bytes: config.code_size,
        code_sha256: config.code_sha256.clone(),
        layers: config
            .layers()
            .iter()
            .filter_map(|l| l.arn.clone())
            .collect(),
        tracing: config
            .tracing_config
            .as_ref()
            .and_then(|t| t.mode.as_ref())
            .map(|m| m.as_str().to_owned()),
        environment,
    })
}
