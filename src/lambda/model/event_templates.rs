//! Event templates a user starts a test payload from, shipped in `assets/events/`.

/// A template: what it is and its payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventTemplate {
    pub label: &'static str,
    pub payload: &'static str,
}

/// Every template, compiled into the binary so a copied executable still has them.
pub const EVENT_TEMPLATES: &[EventTemplate] = &[
    EventTemplate {
        label: "API Gateway HTTP API (payload 2.0)",
        payload: include_str!("../../../assets/events/apigateway-http-v2.json"),
    },
    EventTemplate {
        label: "API Gateway REST API proxy (payload 1.0)",
        payload: include_str!("../../../assets/events/apigateway-rest-v1.json"),
    },
    EventTemplate {
        label: "SQS message",
        payload: include_str!("../../../assets/events/sqs.json"),
    },
    EventTemplate {
        label: "SNS notification",
        payload: include_str!("../../../assets/events/sns.json"),
    },
    EventTemplate {
        label: "S3 put",
        payload: include_str!("../../../assets/events/s3-put.json"),
    },
    EventTemplate {
        label: "EventBridge scheduled event",
        payload: include_str!("../../../assets/events/eventbridge-scheduled.json"),
    },
    EventTemplate {
        label: "DynamoDB stream record",
        payload: include_str!("../../../assets/events/dynamodb-stream.json"),
    },
    EventTemplate {
        label: "Custom (empty object)",
        payload: include_str!("../../../assets/events/custom.json"),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_is_valid_json_with_a_unique_label() {
        for template in EVENT_TEMPLATES {
            serde_json::from_str::<serde_json::Value>(template.payload)
                .unwrap_or_else(|e| panic!("{}: {e}", template.label));
        }
        let mut labels: Vec<&str> = EVENT_TEMPLATES.iter().map(|t| t.label).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), EVENT_TEMPLATES.len());
        assert!(EVENT_TEMPLATES.len() >= 8);
    }
}
