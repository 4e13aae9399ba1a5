//! Following continuation tokens (NextToken, NextMarker, LastEvaluatedTableName,
//! LastEvaluatedKey) without ever following one twice.

use std::collections::HashSet;
use std::future::Future;

use crate::shared::model::ErrorKind;

use crate::dynamodb::model::RawItem;

use crate::shared::model::ServiceError;

/// The continuation tokens or keys a load has followed, so a server (or emulator) that hands
/// back one it already gave, even after others (A, B, A), stops the load instead of looping.
#[derive(Clone, Debug, Default)]
pub struct Followed {
    seen: HashSet<String>,
}

impl Followed {
    /// Records `token` as followed; an error naming `operation` when it was followed before.
    pub fn token(&mut self, operation: &str, token: &str) -> Result<(), ServiceError> {
        if self.seen.insert(format!("t{token}")) {
            Ok(())
        } else {
            Err(repeated(operation, "next token"))
        }
    }

    /// Records `key` (a LastEvaluatedKey) as followed; an error naming `operation` when it was
    /// followed before. Attribute order does not matter.
    pub fn key(&mut self, operation: &str, key: &RawItem) -> Result<(), ServiceError> {
        let mut sorted: Vec<_> = key.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        // Debug text is exact for every value (strings quoted and escaped, bytes listed).
        if self.seen.insert(format!("k{sorted:?}")) {
            Ok(())
        } else {
            Err(repeated(operation, "LastEvaluatedKey"))
        }
    }

    /// Forgets everything, for a new result set.
    pub fn clear(&mut self) {
        self.seen.clear();
    }
}

/// The error of a continuation that came back a second time.
fn repeated(operation: &str, what: &str) -> ServiceError {
    ServiceError::new(
        operation,
        ErrorKind::Service,
        format!(
            "the service sent a {what} it had already sent, so its pages would repeat forever; \
             loading stopped there"
        ),
    )
}

/// Calls `page` with each continuation token until a page returns none, collecting the items.
///
/// A page that hands back a token already followed (the one it was given, or any earlier
/// one) is an error naming `operation`: a misbehaving service (or emulator) must not keep the
/// UI loading forever, and silently stopping would pass a partial list off as complete.
pub async fn all_pages<T, F, Fut>(operation: &str, mut page: F) -> Result<Vec<T>, ServiceError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), ServiceError>>,
{
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    let mut followed = Followed::default();
    loop {
        let (batch, next) = page(token.take()).await?;
        items.extend(batch);
        match next.filter(|t| !t.is_empty()) {
            Some(next) => {
                followed.token(operation, &next)?;
                token = Some(next);
            }
            None => return Ok(items),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::model::AttrValue;

    /// A lister whose pages hand out `tokens` in turn (`None` ends), counting calls.
    async fn list(tokens: &[Option<&str>]) -> (Result<Vec<usize>, ServiceError>, usize) {
        let calls = std::cell::Cell::new(0);
        let result = all_pages("ListThings", |_token| {
            let call = calls.get();
            calls.set(call + 1);
            let next = tokens.get(call).copied().flatten().map(str::to_owned);
            async move { Ok((vec![call], next)) }
        })
        .await;
        (result, calls.get())
    }

    #[tokio::test]
    async fn pages_are_followed_to_the_end() {
        let (pages, calls) = list(&[Some("a"), Some("b"), Some(""), Some("never")]).await;
        assert_eq!(pages, Ok(vec![0, 1, 2]));
        assert_eq!(calls, 3);
        let (pages, _) = list(&[None]).await;
        assert_eq!(pages, Ok(vec![0]));
    }

    #[tokio::test]
    async fn any_repeated_token_is_an_error_naming_the_operation() {
        for tokens in [
            &[Some("same"), Some("same")][..],
            &[Some("a"), Some("b"), Some("a")],
            &[Some("a"), Some("b"), Some("c"), Some("b"), None],
        ] {
            let (pages, calls) = list(tokens).await;
            let error = pages.expect_err("a repeat is an error");
            assert_eq!(error.operation, "ListThings");
            assert!(error.message.contains("already sent"), "{error}");
            assert_eq!(
                calls,
                tokens.len() - usize::from(tokens.last() == Some(&None))
            );
        }
    }

    #[tokio::test]
    async fn an_endless_alternating_server_stops() {
        let result = all_pages("ListTables", |token| async move {
            let next = if token.as_deref() == Some("A") {
                "B"
            } else {
                "A"
            };
            Ok((vec![()], Some(next.to_owned())))
        })
        .await;
        assert!(result.is_err());
    }

    #[test]
    fn keys_repeat_whatever_their_attribute_order() {
        let key = |pk: &str, sk: &str| -> RawItem {
            vec![
                ("pk".into(), AttrValue::s(pk)),
                ("sk".into(), AttrValue::N(sk.into())),
            ]
        };
        let mut followed = Followed::default();
        assert!(followed.key("Scan", &key("a", "1")).is_ok());
        assert!(followed.key("Scan", &key("b", "1")).is_ok());
        let mut reversed = key("a", "1");
        reversed.reverse();
        let error = followed.key("Scan", &reversed).expect_err("repeat");
        assert_eq!(error.operation, "Scan");
        assert!(error.message.contains("LastEvaluatedKey"));
        // A token and a key with the same text are different things.
        assert!(followed.token("Scan", "a").is_ok());
        assert!(followed.token("Scan", "a").is_err());
        followed.clear();
        assert!(followed.key("Scan", &key("a", "1")).is_ok());
    }
}
