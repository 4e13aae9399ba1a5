//! A test invocation as code: Lambda's Invoke with the function, qualifier, invocation type
//! and payload exactly as the Test tab sends them (`$LATEST` left out, the log tail asked for
//! on a synchronous call, an empty payload not sent).

use crate::lambda::model::invocation::InvocationType;
use crate::shared::model::request_code::literals::{
    camel_case, go_string, java_string, js_string, kebab_case, py_string, rust_string, shell_quote,
    snake_case,
};
use crate::shared::model::request_code::{CodeLanguage, CodeTarget};

/// What the Test tab sends.
#[derive(Clone, Copy, Debug)]
pub struct InvokeInput<'a> {
    pub function: &'a str,
    pub qualifier: Option<&'a str>,
    pub invocation_type: InvocationType,
    pub payload: &'a str,
}

/// An enum field: its wire value, and its name in Go (`…RequestResponse`), Rust and Java.
#[derive(Clone, Copy)]
struct EnumField {
    type_name: &'static str,
    wire: &'static str,
    pascal: &'static str,
    java: &'static str,
}

enum Value {
    Str(String),
    Enum(EnumField),
    Payload(String),
}

fn fields(input: &InvokeInput<'_>) -> Vec<(&'static str, Value)> {
    let mut fields = vec![("FunctionName", Value::Str(input.function.to_owned()))];
    if let Some(qualifier) = input.qualifier.filter(|q| *q != "$LATEST") {
        fields.push(("Qualifier", Value::Str(qualifier.to_owned())));
    }
    let (wire, java) = match input.invocation_type {
        InvocationType::RequestResponse => ("RequestResponse", "REQUEST_RESPONSE"),
        InvocationType::Event => ("Event", "EVENT"),
        InvocationType::DryRun => ("DryRun", "DRY_RUN"),
    };
    fields.push((
        "InvocationType",
        Value::Enum(EnumField {
            type_name: "InvocationType",
            wire,
            pascal: wire,
            java,
        }),
    ));
    if input.invocation_type == InvocationType::RequestResponse {
        fields.push((
            "LogType",
            Value::Enum(EnumField {
                type_name: "LogType",
                wire: "Tail",
                pascal: "Tail",
                java: "TAIL",
            }),
        ));
    }
    if !input.payload.is_empty() {
        fields.push(("Payload", Value::Payload(input.payload.to_owned())));
    }
    fields
}

fn cli(input: &InvokeInput<'_>, target: &CodeTarget) -> String {
    let mut out = "aws lambda invoke".to_owned();
    let mut arg = |text: String| {
        out.push_str(" \\\n    ");
        out.push_str(&text);
    };
    for (name, value) in fields(input) {
        match value {
            Value::Str(text) => arg(format!("--{} {}", kebab_case(name), shell_quote(&text))),
            Value::Enum(e) => arg(format!("--{} {}", kebab_case(name), e.wire)),
            Value::Payload(text) => {
                arg("--cli-binary-format raw-in-base64-out".to_owned());
                arg(format!("--payload {}", shell_quote(&text)));
            }
        }
    }
    if let Some(region) = &target.region {
        arg(format!("--region {}", shell_quote(region)));
    }
    if let Some(url) = &target.endpoint_url {
        arg(format!("--endpoint-url {}", shell_quote(url)));
    }
    arg("response.json".to_owned());
    out.push('\n');
    out
}

fn javascript(input: &InvokeInput<'_>, target: &CodeTarget) -> String {
    let mut options = Vec::new();
    if let Some(region) = &target.region {
        options.push(format!("region: {}", js_string(region)));
    }
    if let Some(url) = &target.endpoint_url {
        options.push(format!("endpoint: {}", js_string(url)));
    }
    let options = if options.is_empty() {
        "{}".to_owned()
    } else {
        format!("{{ {} }}", options.join(", "))
    };
    let body: String = fields(input)
        .into_iter()
        .map(|(name, value)| match value {
            Value::Str(text) => format!("      {name}: {},\n", js_string(&text)),
            Value::Enum(e) => format!("      {name}: {},\n", js_string(e.wire)),
            Value::Payload(text) => format!("      {name}: Buffer.from({}),\n", js_string(&text)),
        })
        .collect();
    format!(
        "const {{ LambdaClient, InvokeCommand }} = require(\"@aws-sdk/client-lambda\");\n\n\
         const client = new LambdaClient({options});\n\n\
         async function main() {{\n  const response = await client.send(\n    new InvokeCommand({{\n{body}    }}),\n  );\n  \
         console.log(response.StatusCode, Buffer.from(response.Payload ?? []).toString());\n}}\n\n\
         main().catch((error) => {{\n  console.error(error);\n  process.exitCode = 1;\n}});\n"
    )
}

fn python(input: &InvokeInput<'_>, target: &CodeTarget) -> String {
    let mut client = vec!["\"lambda\"".to_owned()];
    if let Some(region) = &target.region {
        client.push(format!("region_name={}", py_string(region)));
    }
    if let Some(url) = &target.endpoint_url {
        client.push(format!("endpoint_url={}", py_string(url)));
    }
    let body: String = fields(input)
        .into_iter()
        .map(|(name, value)| match value {
            Value::Str(text) => format!("    {name}={},\n", py_string(&text)),
            Value::Enum(e) => format!("    {name}={},\n", py_string(e.wire)),
            Value::Payload(text) => format!("    {name}={}.encode(),\n", py_string(&text)),
        })
        .collect();
    format!(
        "import boto3\n\nclient = boto3.client({})\n\nresponse = client.invoke(\n{body})\n\
         print(response[\"StatusCode\"], response[\"Payload\"].read().decode())\n",
        client.join(", ")
    )
}

fn go(input: &InvokeInput<'_>, target: &CodeTarget) -> String {
    let region = target
        .region
        .as_deref()
        .map(|r| format!(", config.WithRegion({})", go_string(r)))
        .unwrap_or_default();
    let client = match &target.endpoint_url {
        Some(url) => format!(
            "lambda.NewFromConfig(cfg, func(o *lambda.Options) {{\n\t\to.BaseEndpoint = aws.String({})\n\t}})",
            go_string(url)
        ),
        None => "lambda.NewFromConfig(cfg)".to_owned(),
    };
    let body: String = fields(input)
        .into_iter()
        .map(|(name, value)| match value {
            Value::Str(text) => format!("\t\t{name}: aws.String({}),\n", go_string(&text)),
            Value::Enum(e) => format!("\t\t{name}: types.{}{},\n", e.type_name, e.pascal),
            Value::Payload(text) => format!("\t\t{name}: []byte({}),\n", go_string(&text)),
        })
        .collect();
    format!(
        "package main\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"log\"\n\n\t\"github.com/aws/aws-sdk-go-v2/aws\"\n\t\
         \"github.com/aws/aws-sdk-go-v2/config\"\n\t\"github.com/aws/aws-sdk-go-v2/service/lambda\"\n\t\
         \"github.com/aws/aws-sdk-go-v2/service/lambda/types\"\n)\n\n\
         func main() {{\n\tctx := context.Background()\n\tcfg, err := config.LoadDefaultConfig(ctx{region})\n\t\
         if err != nil {{\n\t\tlog.Fatal(err)\n\t}}\n\tclient := {client}\n\t\
         response, err := client.Invoke(ctx, &lambda.InvokeInput{{\n{body}\t}})\n\tif err != nil {{\n\t\tlog.Fatal(err)\n\t}}\n\t\
         fmt.Println(response.StatusCode, string(response.Payload))\n}}\n"
    )
}

fn rust(input: &InvokeInput<'_>, target: &CodeTarget) -> String {
    let mut config = String::new();
    if let Some(region) = &target.region {
        config.push_str(&format!("        .region({})\n", rust_string(region)));
    }
    if let Some(url) = &target.endpoint_url {
        config.push_str(&format!("        .endpoint_url({})\n", rust_string(url)));
    }
    let mut types = Vec::new();
    let body: String = fields(input)
        .into_iter()
        .map(|(name, value)| match value {
            Value::Str(text) => format!("        .{}({})\n", snake_case(name), rust_string(&text)),
            Value::Enum(e) => {
                types.push(e.type_name);
                format!(
                    "        .{}({}::{})\n",
                    snake_case(name),
                    e.type_name,
                    e.pascal
                )
            }
            Value::Payload(text) => format!(
                "        .{}(Blob::new({}.as_bytes()))\n",
                snake_case(name),
                rust_string(&text)
            ),
        })
        .collect();
    let mut uses = String::new();
    if !input.payload.is_empty() {
        uses.push_str("use aws_sdk_lambda::primitives::Blob;\n");
    }
    uses.push_str(&match types.as_slice() {
        [one] => format!("use aws_sdk_lambda::types::{one};\n"),
        many => format!("use aws_sdk_lambda::types::{{{}}};\n", many.join(", ")),
    });
    format!(
        "// Cargo.toml: aws-config = \"1\", aws-sdk-lambda = \"1\", tokio = {{ version = \"1\", features = [\"full\"] }}\n\
         {uses}\n#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {{\n    \
         let config = aws_config::defaults(aws_config::BehaviorVersion::latest())\n{config}        .load()\n        .await;\n    \
         let client = aws_sdk_lambda::Client::new(&config);\n    let response = client\n        .invoke()\n{body}        .send()\n        .await?;\n    \
         println!(\"{{response:?}}\");\n    Ok(())\n}}\n"
    )
}

fn java(input: &InvokeInput<'_>, target: &CodeTarget) -> String {
    let mut imports = vec![
        "software.amazon.awssdk.services.lambda.LambdaClient".to_owned(),
        "software.amazon.awssdk.services.lambda.model.InvokeRequest".to_owned(),
    ];
    let mut client = String::new();
    if let Some(region) = &target.region {
        imports.push("software.amazon.awssdk.regions.Region".to_owned());
        client.push_str(&format!(
            "                .region(Region.of({}))\n",
            java_string(region)
        ));
    }
    if let Some(url) = &target.endpoint_url {
        imports.push("java.net.URI".to_owned());
        client.push_str(&format!(
            "                .endpointOverride(URI.create({}))\n",
            java_string(url)
        ));
    }
    let body: String = fields(input)
        .into_iter()
        .map(|(name, value)| match value {
            Value::Str(text) => format!(
                "                    .{}({})\n",
                camel_case(name),
                java_string(&text)
            ),
            Value::Enum(e) => {
                imports.push(format!(
                    "software.amazon.awssdk.services.lambda.model.{}",
                    e.type_name
                ));
                format!(
                    "                    .{}({}.{})\n",
                    camel_case(name),
                    e.type_name,
                    e.java
                )
            }
            Value::Payload(text) => {
                imports.push("software.amazon.awssdk.core.SdkBytes".to_owned());
                format!(
                    "                    .{}(SdkBytes.fromUtf8String({}))\n",
                    camel_case(name),
                    java_string(&text)
                )
            }
        })
        .collect();
    imports.sort();
    let imports: String = imports.iter().map(|i| format!("import {i};\n")).collect();
    format!(
        "{imports}\npublic class Invoke {{\n    public static void main(String[] args) {{\n        \
         try (LambdaClient client = LambdaClient.builder()\n{client}                .build()) {{\n            \
         var response = client.invoke(InvokeRequest.builder()\n{body}                    .build());\n            \
         System.out.println(response.statusCode() + \" \" + response.payload().asUtf8String());\n        }}\n    }}\n}}\n"
    )
}

/// The invocation in `language`, pointed at `target`.
pub fn invoke_code(input: &InvokeInput<'_>, language: CodeLanguage, target: &CodeTarget) -> String {
    match language {
        CodeLanguage::AwsCli => cli(input, target),
        CodeLanguage::JavaScript => javascript(input, target),
        CodeLanguage::JavaScriptDocument => format!(
            "// The document client is DynamoDB's; a Lambda invocation uses the Lambda client.\n{}",
            javascript(input, target)
        ),
        CodeLanguage::Python => python(input, target),
        CodeLanguage::Go => go(input, target),
        CodeLanguage::Rust => rust(input, target),
        CodeLanguage::Java => java(input, target),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAYLOAD: &str =
        "{\"msg\": \"it's \\\"q\\\" ${x}\\n☂\",\n \"n\": 12345678901234567890123456789012345678}";

    #[test]
    fn every_language_sends_the_payload_exactly() {
        let input = InvokeInput {
            function: "orders-api",
            qualifier: Some("live"),
            invocation_type: InvocationType::RequestResponse,
            payload: PAYLOAD,
        };
        let target = CodeTarget::new(Some("us-east-1"), Some("http://127.0.0.1:5000"));
        for language in CodeLanguage::ALL {
            let code = invoke_code(&input, language, &target);
            assert!(
                code.contains("orders-api") && code.contains("live"),
                "{language:?}"
            );
            assert!(
                code.contains("12345678901234567890123456789012345678"),
                "{language:?}"
            );
            assert!(code.contains("http://127.0.0.1:5000"), "{language:?}");
        }
        let js = invoke_code(&input, CodeLanguage::JavaScript, &target);
        let literal = js
            .lines()
            .find_map(|l| l.trim().strip_prefix("Payload: Buffer.from("))
            .and_then(|l| l.strip_suffix("),"))
            .expect("payload line");
        let back: String =
            serde_json::from_str(literal).expect("a JS string is a JSON string here");
        assert_eq!(back, PAYLOAD);
        assert!(js.contains("LogType: \"Tail\""));
        let go = invoke_code(&input, CodeLanguage::Go, &target);
        assert!(
            go.contains("InvocationType: types.InvocationTypeRequestResponse"),
            "{go}"
        );
        let rust = invoke_code(&input, CodeLanguage::Rust, &target);
        assert!(
            rust.contains(".log_type(LogType::Tail)")
                && rust.contains("use aws_sdk_lambda::types::{InvocationType, LogType};")
        );
        let java = invoke_code(&input, CodeLanguage::Java, &target);
        assert!(
            java.contains(".invocationType(InvocationType.REQUEST_RESPONSE)"),
            "{java}"
        );
        assert!(java.contains("SdkBytes.fromUtf8String(") && !java.contains("\\u000a"));
        let cli = invoke_code(&input, CodeLanguage::AwsCli, &target);
        assert!(cli.contains("--payload '{\"msg\": \"it'\\''s"), "{cli}");

        let latest = InvokeInput {
            qualifier: Some("$LATEST"),
            invocation_type: InvocationType::Event,
            payload: "",
            ..input
        };
        let py = invoke_code(&latest, CodeLanguage::Python, &CodeTarget::default());
        assert!(!py.contains("Qualifier") && !py.contains("Payload=") && !py.contains("LogType"));
        assert!(py.contains("InvocationType=\"Event\"") && py.contains("boto3.client(\"lambda\")"));
        let rust = invoke_code(&latest, CodeLanguage::Rust, &CodeTarget::default());
        assert!(
            !rust.contains("Blob") && rust.contains("use aws_sdk_lambda::types::InvocationType;\n")
        );
    }
}
