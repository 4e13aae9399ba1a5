//! The Lambda function an API Gateway integration (or a Lambda authorizer) calls, read from
//! its URI, for links to the function and for the route testers.

/// A Lambda function an integration calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LambdaTarget {
    pub function_name: String,
    pub account_id: Option<String>,
    /// A version or alias when the ARN names one.
    pub qualifier: Option<String>,
    pub region: Option<String>,
    /// The unqualified function ARN, when the integration names the region and account:
    /// what the route tester invokes, so Lambda resolves that account's function.
    pub function_arn: Option<String>,
}

impl LambdaTarget {
    /// The target as a stage calls it: a qualifier that is a stage variable
    /// (`${stageVariables.alias}`) becomes that stage's value, as API Gateway resolves it.
    /// A stage that does not define the variable, or defines it as no version or alias, is
    /// an error saying so.
    pub fn for_stage(&self, variables: &[(String, String)]) -> Result<Self, String> {
        let Some(name) = self.qualifier.as_deref().and_then(stage_variable) else {
            return Ok(self.clone());
        };
        match variables.iter().find(|(n, _)| n == name) {
            Some((_, value)) if is_version_or_alias(value) => Ok(Self {
                qualifier: Some(value.clone()),
                ..self.clone()
            }),
            Some((_, value)) => Err(format!(
                "The stage variable {name} is {value:?}: not a version or alias of {}",
                self.function_name
            )),
            None => Err(format!(
                "The integration calls {} at the alias or version in the stage variable \
                 {name}: choose a stage that defines it",
                self.function_name
            )),
        }
    }

    /// Why a connection in `region` (and `account`, when known) must not invoke this target:
    /// the integration calls a function elsewhere, and a same-named one here is another
    /// function. `None` when the target is here, or nothing says otherwise.
    pub fn elsewhere(&self, region: &str, account: Option<&str>) -> Option<String> {
        let other_region = self.region.as_deref().filter(|r| *r != region);
        let other_account = self
            .account_id
            .as_deref()
            .filter(|a| account.is_some_and(|here| here != *a));
        if other_region.is_none() && other_account.is_none() {
            return None;
        }
        let there = match (self.region.as_deref(), self.account_id.as_deref()) {
            (Some(r), Some(a)) => format!("region {r}, account {a}"),
            (Some(r), None) => format!("region {r}"),
            (None, Some(a)) => format!("account {a}"),
            (None, None) => "another place".to_owned(),
        };
        let here = match (other_region, account) {
            (Some(_), Some(a)) => format!("region {region}, account {a}"),
            (Some(_), None) => format!("region {region}"),
            (None, Some(a)) => format!("account {a}"),
            (None, None) => format!("region {region}"),
        };
        Some(format!(
            "The integration calls {} in {there}; this connection is {here}. Connect to that \
             {} to test this route: a function of the same name here is another function.",
            self.function_name,
            if other_region.is_some() {
                "region"
            } else {
                "account"
            },
        ))
    }
}

/// The account in a Lambda function ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`).
pub fn account_of_function_arn(arn: &str) -> Option<&str> {
    let parts: Vec<&str> = arn.split(':').collect();
    (parts.len() >= 7 && parts[0] == "arn" && parts[2] == "lambda")
        .then(|| parts[4])
        .filter(|a| !a.is_empty())
}

/// Reads the function from an integration URI: either a Lambda ARN
/// (`arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`) or the API Gateway invocation
/// form (`arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/<lambda arn>/invocations`).
/// Anything else (another service, a stage variable as the function name, garbage) is `None`:
/// a link must never open a function the URI does not name.
pub fn lambda_target(uri: &str) -> Option<LambdaTarget> {
    let arn = match invocation_arn(uri) {
        Some(found) => found?,
        None => uri,
    };
    let parts: Vec<&str> = arn.split(':').collect();
    if !(7..=8).contains(&parts.len())
        || parts[0] != "arn"
        || parts[1].is_empty()
        || parts[2] != "lambda"
        || parts[5] != "function"
    {
        return None;
    }
    let function_name = parts[6];
    if !is_function_name(function_name) {
        return None;
    }
    let qualifier = match parts.get(7) {
        None => None,
        Some(q) if is_qualifier(q) => Some((*q).to_owned()),
        Some(_) => return None,
    };
    let function_arn = (!parts[3].is_empty() && !parts[4].is_empty()).then(|| parts[..7].join(":"));
    Some(LambdaTarget {
        function_name: function_name.to_owned(),
        function_arn,
        account_id: Some(parts[4].to_owned()).filter(|a| !a.is_empty()),
        qualifier,
        region: Some(parts[3].to_owned()).filter(|r| !r.is_empty()),
    })
}

/// The Lambda ARN inside an API Gateway service URI: `None` when `uri` is not one,
/// `Some(None)` when it is one for another service or of another shape.
fn invocation_arn(uri: &str) -> Option<Option<&str>> {
    let mut parts = uri.splitn(6, ':');
    let (arn, _partition, service) = (parts.next()?, parts.next()?, parts.next()?);
    if arn != "arn" || service != "apigateway" {
        return None;
    }
    let (_region, target, path) = (parts.next(), parts.next(), parts.next());
    let function = path
        .filter(|_| target == Some("lambda"))
        .and_then(|p| p.strip_prefix("path/"))
        .and_then(|p| p.split_once("/functions/"))
        .filter(|(version, _)| !version.is_empty() && !version.contains('/'))
        .and_then(|(_, rest)| rest.strip_suffix("/invocations"))
        .filter(|f| !f.contains('/'));
    Some(function)
}

/// Lambda's own rule for names: letters, digits, hyphens and underscores, 1 to 64 of them.
/// A stage variable (`${stageVariables.fn}`) is not a name: the stage decides the function.
fn is_function_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `uri` with each `${stageVariables.NAME}` the stage defines replaced by its value, as API
/// Gateway resolves an integration URI per stage (`function:${stageVariables.fn}`); a
/// variable the stage lacks stays as written.
pub fn with_stage_variables(uri: &str, variables: &[(String, String)]) -> String {
    variables.iter().fold(uri.to_owned(), |uri, (name, value)| {
        uri.replace(&format!("${{stageVariables.{name}}}"), value)
    })
}

/// The stage variable's name in a qualifier like `${stageVariables.alias}`.
fn stage_variable(qualifier: &str) -> Option<&str> {
    qualifier
        .strip_prefix("${stageVariables.")
        .and_then(|v| v.strip_suffix('}'))
}

/// A version (`7`, `$LATEST`) or an alias.
fn is_version_or_alias(qualifier: &str) -> bool {
    qualifier == "$LATEST" || (qualifier.len() <= 128 && is_function_name(qualifier))
}

/// A version, an alias, or a stage variable that picks one per stage.
fn is_qualifier(qualifier: &str) -> bool {
    match stage_variable(qualifier) {
        Some(name) => is_function_name(name),
        None => is_version_or_alias(qualifier),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambda_targets_parse_from_both_uri_forms() {
        let plain = lambda_target("arn:aws:lambda:us-east-1:123456789012:function:orders-get")
            .expect("plain ARN");
        assert_eq!(plain.function_name, "orders-get");
        assert_eq!(plain.qualifier, None);
        assert_eq!(plain.region.as_deref(), Some("us-east-1"));
        let invocation = lambda_target(
            "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders-get:live/invocations",
        )
        .expect("invocation ARN");
        assert_eq!(invocation.function_name, "orders-get");
        assert_eq!(invocation.qualifier.as_deref(), Some("live"));
        for bad in [
            "",
            "https://example.com/orders",
            "arn:aws:sqs:us-east-1:1:queue",
            "arn:aws:lambda:us-east-1:1:function:",
            "arn:aws:lambda:us-east-1:1:layer:x:1",
        ] {
            assert!(lambda_target(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn a_target_elsewhere_is_named_and_never_taken_for_a_local_function() {
        let target = |uri: &str| lambda_target(uri).expect("a Lambda ARN");
        let here = target("arn:aws:lambda:us-east-1:123456789012:function:orders-get:live");
        assert_eq!(
            here.function_arn.as_deref(),
            Some("arn:aws:lambda:us-east-1:123456789012:function:orders-get")
        );
        assert_eq!(here.elsewhere("us-east-1", Some("123456789012")), None);
        assert_eq!(here.elsewhere("us-east-1", None), None, "account unknown");

        let other_region = target("arn:aws:lambda:eu-west-1:123456789012:function:orders-get");
        let why = other_region
            .elsewhere("us-east-1", None)
            .expect("another region");
        assert!(
            why.contains("orders-get in region eu-west-1, account 123456789012"),
            "{why}"
        );
        assert!(why.contains("this connection is region us-east-1"), "{why}");
        assert!(
            other_region
                .elsewhere("us-east-1", Some("123456789012"))
                .is_some()
        );
        assert_eq!(
            other_region.elsewhere("eu-west-1", Some("123456789012")),
            None
        );

        let other_account = target(
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111111111111:function:orders-get/invocations",
        );
        assert_eq!(
            other_account.elsewhere("us-east-1", None),
            None,
            "account unknown"
        );
        let why = other_account
            .elsewhere("us-east-1", Some("123456789012"))
            .expect("another account");
        assert!(why.contains("account 111111111111"), "{why}");
        assert!(
            why.contains("this connection is account 123456789012"),
            "{why}"
        );
        assert!(why.contains("Connect to that account"), "{why}");

        // An ARN without region or account names no place: nothing to compare, no full ARN.
        let vague = target("arn:aws:lambda:::function:orders-get");
        assert_eq!(vague.function_arn, None);
        assert_eq!(vague.elsewhere("us-east-1", Some("123456789012")), None);

        assert_eq!(
            account_of_function_arn("arn:aws:lambda:us-east-1:123456789012:function:f:1"),
            Some("123456789012")
        );
        for bad in [
            "",
            "orders-get",
            "arn:aws:lambda:us-east-1::function:f",
            "arn:aws:s3:::b",
        ] {
            assert_eq!(account_of_function_arn(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_stage_variable_qualifier_is_the_stage_s_value() {
        let fn_arn = "arn:aws:lambda:us-east-1:123456789012:function:orders-get";
        let target = lambda_target(&format!("{fn_arn}:${{stageVariables.alias}}")).expect("ok");
        let vars = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect()
        };
        let live = target
            .for_stage(&vars(&[("table", "Orders"), ("alias", "live")]))
            .expect("live");
        assert_eq!(live.qualifier.as_deref(), Some("live"));
        assert_eq!(live.function_arn.as_deref(), Some(fn_arn));
        let latest = target.for_stage(&vars(&[("alias", "$LATEST")]));
        assert_eq!(latest.map(|t| t.qualifier), Ok(Some("$LATEST".to_owned())));
        let missing = target.for_stage(&[]).expect_err("no variable");
        assert!(missing.contains("alias"), "{missing}");
        for bad in ["", "a b", "live:1", "${stageVariables.alias}", "x/y"] {
            assert!(
                target.for_stage(&vars(&[("alias", bad)])).is_err(),
                "{bad:?}"
            );
        }
        // A plain qualifier, or none, stays whatever the stage holds.
        let plain = lambda_target(&format!("{fn_arn}:live")).expect("plain");
        assert_eq!(
            plain.for_stage(&vars(&[("alias", "other")])),
            Ok(plain.clone())
        );
        let bare = lambda_target(fn_arn).expect("bare");
        assert_eq!(bare.for_stage(&[]), Ok(bare.clone()));
    }

    #[test]
    fn a_stage_variable_function_name_is_the_stage_s_value() {
        let uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}/invocations";
        assert!(lambda_target(uri).is_none(), "no single function");
        let vars = |fun: &str| vec![("fn".to_owned(), fun.to_owned())];
        let resolved = lambda_target(&with_stage_variables(uri, &vars("orders-get")));
        assert_eq!(
            resolved.map(|t| t.function_name),
            Some("orders-get".to_owned())
        );
        // A value that is no function name (or names a path) reads as no function.
        for bad in ["", "a b", "x/invocations", "f:1:2", "${stageVariables.fn}"] {
            assert!(
                lambda_target(&with_stage_variables(uri, &vars(bad))).is_none(),
                "{bad:?}"
            );
        }
        assert_eq!(with_stage_variables(uri, &[]), uri);
    }

    #[test]
    fn hostile_uris_name_no_function() {
        let invocation = |arn: &str| {
            format!(
                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations"
            )
        };
        let fn_arn = "arn:aws:lambda:us-east-1:123456789012:function:orders-get";
        // Versions, aliases, $LATEST and a stage variable choosing the alias all read.
        for (qualified, qualifier) in [
            (format!("{fn_arn}:7"), "7"),
            (format!("{fn_arn}:live"), "live"),
            (format!("{fn_arn}:$LATEST"), "$LATEST"),
            (
                format!("{fn_arn}:${{stageVariables.alias}}"),
                "${stageVariables.alias}",
            ),
        ] {
            let target = lambda_target(&invocation(&qualified)).expect("qualified");
            assert_eq!(target.function_name, "orders-get");
            assert_eq!(target.qualifier.as_deref(), Some(qualifier));
            assert_eq!(target.function_arn.as_deref(), Some(fn_arn));
        }
        let china = lambda_target(
            "arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:123456789012:function:f/invocations",
        )
        .expect("another partition");
        assert_eq!(china.region.as_deref(), Some("cn-north-1"));
        for bad in [
            // Other services behind API Gateway, even with a Lambda-looking tail.
            "arn:aws:apigateway:us-east-1:s3:path/bucket/key".to_owned(),
            format!(
                "arn:aws:apigateway:us-east-1:s3:path/2015-03-31/functions/{fn_arn}/invocations"
            ),
            format!("arn:aws:apigateway:us-east-1:dynamodb:action/{fn_arn}"),
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/".to_owned(),
            format!("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{fn_arn}"),
            format!("arn:aws:apigateway:us-east-1:lambda:path//functions/{fn_arn}/invocations"),
            format!("{}/extra", invocation(fn_arn)),
            invocation(&format!("{fn_arn}:live:extra")),
            invocation(&format!("{fn_arn}:")),
            invocation(&format!("{fn_arn}:al/ias")),
            // The stage picks the function: no single function to link to.
            invocation("arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}"),
            invocation("arn:aws:lambda:us-east-1:123456789012:function:bad name"),
            invocation(&format!(
                "arn:aws:lambda:us-east-1:1:function:{}",
                "x".repeat(65)
            )),
            "arn::lambda:us-east-1:1:function:f".to_owned(),
            "arn:aws:lambda".to_owned(),
            ":::::::".to_owned(),
            "arn:aws:apigateway".to_owned(),
            "arn:aws:apigateway:::::".to_owned(),
            "\u{0}arn:aws:lambda:us-east-1:1:function:f".to_owned(),
            "https://example.com/functions/x/invocations".to_owned(),
            "  ".to_owned(),
            "ü:ö:ä".to_owned(),
        ] {
            assert!(lambda_target(&bad).is_none(), "{bad:?}");
        }
    }
}
