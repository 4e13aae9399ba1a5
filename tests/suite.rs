//! The integration suite in one test binary: one link instead of one per file, which keeps a
//! clean build's disk use and link time down (each binary carries the whole app and the SDKs).
//! Tests that set process-wide environment variables (HOME, AWS_CONFIG_FILE, ...) for aws-config
//! to read cannot share a process, so they stay binaries of their own (Cargo.toml's [[test]]).

mod support;

mod apigateway;
mod demo_local;
mod dynamodb_browse;
mod faults;
mod hostile_pages;
mod item_edits;
mod lambda;
mod layering;
mod local_functions;
mod local_runtime;
mod logs;
mod read_only;
mod request_code;
mod rest_apis;
mod route_target;
mod route_testers;
mod safe_writes;
mod schema;
mod sdk_listing;
mod serve_api;
mod streams;
mod table_management;
mod transfer;
mod ui_hostile_pages;
mod ui_items;
mod ui_least_privilege;
mod ui_local_invoke;
mod ui_navigator;
mod ui_safe_writes;
mod ui_table_data;
mod ui_write_faults;
