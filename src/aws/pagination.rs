//! Following continuation tokens (NextToken, NextMarker, LastEvaluatedTableName).

use std::future::Future;

use crate::model::ServiceError;

/// Calls `page` with each continuation token until a page returns none, collecting the items.
///
/// Stops as well if a page hands back the token it was given: a misbehaving service (or
/// emulator) must not keep the UI loading forever.
pub async fn all_pages<T, F, Fut>(mut page: F) -> Result<Vec<T>, ServiceError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), ServiceError>>,
{
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let (batch, next) = page(token.clone()).await?;
        items.extend(batch);
        match next.filter(|t| !t.is_empty()) {
            Some(next) if Some(&next) != token.as_ref() => token = Some(next),
            _ => return Ok(items),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn pages_are_followed_and_a_repeated_token_stops() {
        let pages = all_pages(|token| async move {
            Ok(match token.as_deref() {
                None => (vec![1, 2], Some("a".to_owned())),
                Some("a") => (vec![3], Some("b".to_owned())),
                _ => (vec![4], Some(String::new())),
            })
        })
        .await;
        assert_eq!(pages, Ok(vec![1, 2, 3, 4]));
        let stuck = all_pages(|_| async { Ok((vec![0], Some("same".to_owned()))) }).await;
        assert_eq!(stuck, Ok(vec![0, 0]));
    }
}
