//! A request ready to send, and how it reads as SDK JSON and as an `aws` command.

use crate::dynamodb::model::attribute::AttrValue;
use crate::dynamodb::model::attribute_json::JsonStyle;
use crate::dynamodb::model::attribute_json::value_to_json;
use crate::dynamodb::model::expression::spec::Operation;
use crate::shared::model::request_code::literals::shell_quote;

/// A request ready to send: expressions, placeholders and paging.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemsRequest {
    pub operation: Operation,
    pub table: String,
    pub index: Option<String>,
    pub key_condition: Option<String>,
    pub filter: Option<String>,
    pub projection: Option<String>,
    /// `#nN` → attribute name, in placeholder order.
    pub names: Vec<(String, String)>,
    /// `:vN` → value, in placeholder order.
    pub values: Vec<(String, AttrValue)>,
    pub page_size: Option<i32>,
    pub ascending: bool,
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

impl ItemsRequest {
    /// A plain scan of every item of `table`: no filter, no projection; `page_size` items a
    /// page, or as many as the service sends when `None`.
    pub fn scan(table: &str, page_size: Option<i32>) -> Self {
        Self {
            operation: Operation::Scan,
            table: table.to_owned(),
            index: None,
            key_condition: None,
            filter: None,
            projection: None,
            names: Vec::new(),
            values: Vec::new(),
            page_size,
            ascending: true,
        }
    }

    /// The request body as the SDK sends it, for the "request" preview.
    pub fn request_json(&self, segment: Option<(i32, i32)>) -> String {
        let mut fields: Vec<(String, String)> =
            vec![("TableName".into(), json_string(&self.table))];
        if let Some(index) = &self.index {
            fields.push(("IndexName".into(), json_string(index)));
        }
        if let Some(k) = &self.key_condition {
            fields.push(("KeyConditionExpression".into(), json_string(k)));
        }
        if let Some(f) = &self.filter {
            fields.push(("FilterExpression".into(), json_string(f)));
        }
        if let Some(pr) = &self.projection {
            fields.push(("ProjectionExpression".into(), json_string(pr)));
        }
        if !self.names.is_empty() {
            fields.push(("ExpressionAttributeNames".into(), self.names_json(true)));
        }
        if !self.values.is_empty() {
            fields.push(("ExpressionAttributeValues".into(), self.values_json(true)));
        }
        if let Some(limit) = self.page_size {
            fields.push(("Limit".into(), limit.to_string()));
        }
        if self.operation == Operation::Query && !self.ascending {
            fields.push(("ScanIndexForward".into(), "false".into()));
        }
        if let Some((segment, total)) = segment {
            fields.push(("Segment".into(), segment.to_string()));
            fields.push(("TotalSegments".into(), total.to_string()));
        }
        let body: Vec<String> = fields
            .into_iter()
            .map(|(k, v)| format!("  \"{k}\": {}", v.replace('\n', "\n  ")))
            .collect();
        format!("{{\n{}\n}}", body.join(",\n"))
    }

    fn names_json(&self, pretty: bool) -> String {
        let entries: Vec<String> = self
            .names
            .iter()
            .map(|(k, v)| format!("{}: {}", json_string(k), json_string(v)))
            .collect();
        if pretty {
            format!("{{\n  {}\n}}", entries.join(",\n  "))
        } else {
            format!("{{{}}}", entries.join(", "))
        }
    }

    fn values_json(&self, pretty: bool) -> String {
        let entries: Vec<String> = self
            .values
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}: {}",
                    json_string(k),
                    value_to_json(v, JsonStyle::DynamoDb, false)
                )
            })
            .collect();
        if pretty {
            format!("{{\n  {}\n}}", entries.join(",\n  "))
        } else {
            format!("{{{}}}", entries.join(", "))
        }
    }

    /// An equivalent `aws dynamodb` command to copy into a shell.
    pub fn cli_command(&self, region: Option<&str>, endpoint_url: Option<&str>) -> String {
        let mut args = vec![
            "aws".to_owned(),
            "dynamodb".to_owned(),
            self.operation.name().to_lowercase(),
            "--table-name".to_owned(),
            shell_quote(&self.table),
        ];
        let mut add = |flag: &str, value: &str| {
            args.push(flag.to_owned());
            args.push(shell_quote(value));
        };
        if let Some(index) = &self.index {
            add("--index-name", index);
        }
        if let Some(k) = &self.key_condition {
            add("--key-condition-expression", k);
        }
        if let Some(f) = &self.filter {
            add("--filter-expression", f);
        }
        if let Some(pr) = &self.projection {
            add("--projection-expression", pr);
        }
        if !self.names.is_empty() {
            add("--expression-attribute-names", &self.names_json(false));
        }
        if !self.values.is_empty() {
            add("--expression-attribute-values", &self.values_json(false));
        }
        if let Some(limit) = self.page_size {
            add("--max-items", &limit.to_string());
        }
        if let Some(region) = region {
            add("--region", region);
        }
        if let Some(url) = endpoint_url {
            add("--endpoint-url", url);
        }
        if self.operation == Operation::Query && !self.ascending {
            args.push("--no-scan-index-forward".to_owned());
        }
        args.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use crate::dynamodb::model::expression::spec::tests::query;
    use crate::dynamodb::model::expression::*;

    #[test]
    fn request_and_cli_show_what_is_sent() {
        let mut spec = query(vec![FilterSpec {
            path: "note".into(),
            value: TypedInput::new(ScalarKind::S, "it's ☂"),
            ..Default::default()
        }]);
        spec.ascending = false;
        spec.index = Some("byTotal".into());
        let built = spec.build().expect("valid");
        let json = built.request_json(None);
        let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(parsed["IndexName"], "byTotal");
        assert_eq!(parsed["ExpressionAttributeValues"][":v1"]["S"], "it's ☂");
        assert_eq!(parsed["ScanIndexForward"], false);
        let cli = built.cli_command(Some("us-east-1"), Some("http://localhost:8000"));
        assert!(cli.starts_with("aws dynamodb query --table-name Orders --index-name byTotal"));
        assert!(
            cli.contains(r#"'{":v0": {"S": "C#1"}, ":v1": {"S": "it'\''s ☂"}}'"#),
            "{cli}"
        );
        assert!(cli.ends_with("--endpoint-url http://localhost:8000 --no-scan-index-forward"));
        let scan = ItemsRequestSpec::scan("T", 25).build().expect("scan");
        let json: serde_json::Value =
            serde_json::from_str(&scan.request_json(Some((1, 4)))).expect("json");
        assert_eq!(json["TotalSegments"], 4);
        assert!(scan.key_condition.is_none());
    }
}
