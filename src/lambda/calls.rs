//! Lambda calls.

use std::time::Instant;

use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{FunctionConfiguration, InvocationType as SdkInvocationType, LogType};

use crate::connection::calls::AwsClients;
use crate::lambda::model::FunctionDetails;
use crate::lambda::model::function_details::EventSourceMapping;
use crate::lambda::model::function_details::FunctionAlias;
use crate::lambda::model::function_details::FunctionVersion;
use crate::lambda::model::invocation::InvocationResult;
use crate::lambda::model::invocation::InvocationType;
use crate::lambda::model::lambda_log::decode_log_tail;
use crate::shared::calls::error::SdkResultExt as _;
use crate::shared::calls::error::kind_for_code;
use crate::shared::calls::pagination::all_pages;
use crate::shared::model::ErrorKind;
use crate::shared::model::FunctionSummary;
use crate::shared::model::ServiceError;

/// Every function of the connection, following `NextMarker` through all pages.
pub async fn list_functions(clients: &AwsClients) -> Result<Vec<FunctionSummary>, ServiceError> {
    let mut functions = all_pages("ListFunctions", |marker| async move {
        let page = clients
            .lambda
            .list_functions()
            .set_marker(marker)
            .send()
            .await
            .or_classify("ListFunctions", clients)?;
        let items: Vec<_> = page
            .functions
            .unwrap_or_default()
            .iter()
            .map(summary)
            .collect();
        Ok((items, page.next_marker))
    })
    .await?;
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

/// GetFunction, with versions, aliases and event source mappings fetched alongside; those
/// three may fail on their own (say, a missing IAM permission) without hiding the rest.
pub async fn get_function(
    clients: &AwsClients,
    name: &str,
) -> Result<FunctionDetails, ServiceError> {
    let (details, versions, aliases, mappings) = tokio::join!(
        get_function_configuration(clients, name),
        list_versions(clients, name),
        list_aliases(clients, name),
        list_event_source_mappings(clients, name),
    );
    let mut details = details?;
    details.versions = versions;
    details.aliases = aliases;
    details.event_source_mappings = mappings;
    Ok(details)
}

async fn get_function_configuration(
    clients: &AwsClients,
    name: &str,
) -> Result<FunctionDetails, ServiceError> {
    let output = clients
        .lambda
        .get_function()
        .function_name(name)
        .send()
        .await
        .or_classify("GetFunction", clients)?;
    let Some(config) = output.configuration else {
        return Err(ServiceError::new(
            "GetFunction",
            crate::shared::model::ErrorKind::Service,
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
    // Without lambda:ListTags, GetFunction still answers, with a TagsError instead of tags.
    let tags = match &output.tags_error {
        Some(error) => Err(clients.with_profile(ServiceError::new(
            "ListTags",
            kind_for_code(&error.error_code),
            format!("{}: {}", error.error_code, error.message),
        ))),
        None => {
            let mut tags: Vec<(String, String)> = output
                .tags
                .clone()
                .unwrap_or_default()
                .into_iter()
                .collect();
            tags.sort();
            Ok(tags)
        }
    };
    let vpc = config.vpc_config.as_ref().and_then(|vpc| {
        let id = vpc.vpc_id.clone().filter(|id| !id.is_empty())?;
        Some(format!(
            "{id} · subnets {} · security groups {}",
            vpc.subnet_ids().join(", "),
            vpc.security_group_ids().join(", ")
        ))
    });
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
        vpc,
        tags,
        versions: Ok(Vec::new()),
        aliases: Ok(Vec::new()),
        event_source_mappings: Ok(Vec::new()),
        log_group: config
            .logging_config
            .as_ref()
            .and_then(|l| l.log_group.clone())
            .filter(|g| !g.is_empty()),
        code_location: output
            .code
            .as_ref()
            .and_then(|c| c.location.clone())
            .filter(|l| !l.is_empty()),
    })
}

/// Published versions of a function, all pages, without `$LATEST`.
pub async fn list_versions(
    clients: &AwsClients,
    name: &str,
) -> Result<Vec<FunctionVersion>, ServiceError> {
    let versions = all_pages("ListVersionsByFunction", |marker| async move {
        let page = clients
            .lambda
            .list_versions_by_function()
            .function_name(name)
            .set_marker(marker)
            .send()
            .await
            .or_classify("ListVersionsByFunction", clients)?;
        let items: Vec<_> = page
            .versions
            .unwrap_or_default()
            .into_iter()
            .filter(|v| v.version.as_deref() != Some("$LATEST"))
            .map(|v| FunctionVersion {
                version: v.version.unwrap_or_default(),
                description: v.description.filter(|d| !d.is_empty()),
                last_modified: v.last_modified,
            })
            .collect();
        Ok((items, page.next_marker))
    })
    .await?;
    Ok(versions)
}

/// Aliases of a function with their routing weights, all pages.
pub async fn list_aliases(
    clients: &AwsClients,
    name: &str,
) -> Result<Vec<FunctionAlias>, ServiceError> {
    let mut aliases = all_pages("ListAliases", |marker| async move {
        let page = clients
            .lambda
            .list_aliases()
            .function_name(name)
            .set_marker(marker)
            .send()
            .await
            .or_classify("ListAliases", clients)?;
        let items: Vec<_> = page
            .aliases
            .unwrap_or_default()
            .into_iter()
            .map(|a| {
                let mut routing: Vec<(String, f64)> = a
                    .routing_config
                    .and_then(|r| r.additional_version_weights)
                    .unwrap_or_default()
                    .into_iter()
                    .collect();
                routing.sort_by(|x, y| x.0.cmp(&y.0));
                FunctionAlias {
                    name: a.name.unwrap_or_default(),
                    version: a.function_version.unwrap_or_default(),
                    description: a.description.filter(|d| !d.is_empty()),
                    routing,
                }
            })
            .collect();
        Ok((items, page.next_marker))
    })
    .await?;
    aliases.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(aliases)
}

/// Queues and streams that invoke a function, all pages.
pub async fn list_event_source_mappings(
    clients: &AwsClients,
    name: &str,
) -> Result<Vec<EventSourceMapping>, ServiceError> {
    let mappings = all_pages("ListEventSourceMappings", |marker| async move {
        let page = clients
            .lambda
            .list_event_source_mappings()
            .function_name(name)
            .set_marker(marker)
            .send()
            .await
            .or_classify("ListEventSourceMappings", clients)?;
        let items: Vec<_> = page
            .event_source_mappings
            .unwrap_or_default()
            .into_iter()
            .map(|m| EventSourceMapping {
                uuid: m.uuid.unwrap_or_default(),
                source_arn: m.event_source_arn,
                state: m.state,
                batch_size: m.batch_size,
            })
            .collect();
        Ok((items, page.next_marker))
    })
    .await?;
    Ok(mappings)
}

/// Invokes a function and measures the round trip. A synchronous call asks for the log tail.
///
/// On a read-only connection only DryRun is sent: an invocation can write anything.
pub async fn invoke(
    clients: &AwsClients,
    function: &str,
    qualifier: Option<&str>,
    invocation_type: InvocationType,
    payload: &[u8],
) -> Result<InvocationResult, ServiceError> {
    if invocation_type != InvocationType::DryRun {
        clients.ensure_writable("Invoke")?;
    }
    let sdk_type = match invocation_type {
        InvocationType::RequestResponse => SdkInvocationType::RequestResponse,
        InvocationType::Event => SdkInvocationType::Event,
        InvocationType::DryRun => SdkInvocationType::DryRun,
    };
    let mut request = clients
        .lambda
        .invoke()
        .function_name(function)
        .set_qualifier(qualifier.filter(|q| *q != "$LATEST").map(ToOwned::to_owned))
        .invocation_type(sdk_type);
    if invocation_type == InvocationType::RequestResponse {
        request = request.log_type(LogType::Tail);
    }
    if !payload.is_empty() {
        request = request.payload(Blob::new(payload.to_vec()));
    }
    let started = Instant::now();
    let output = request.send().await.or_classify("Invoke", clients)?;
    let round_trip = started.elapsed();
    let request_id = {
        use aws_sdk_lambda::operation::RequestId as _;
        output.request_id().map(ToOwned::to_owned)
    };
    let log_tail = match output.log_result.as_deref() {
        Some(encoded) => Some(decode_log_tail(encoded).map_err(|e| {
            ServiceError::new("Invoke", ErrorKind::Service, format!("log tail: {e}"))
        })?),
        None => None,
    };
    Ok(InvocationResult {
        status_code: output.status_code,
        executed_version: output.executed_version,
        function_error: output.function_error,
        payload: output.payload.map(Blob::into_inner).unwrap_or_default(),
        log_tail,
        round_trip,
        request_id,
        ran_locally: false,
        local_instance: None,
    })
}
