//! A page's items being read beside the next request: the connector hands the SDK the page
//! without its items at once (so the next page can be asked for), and reads the items on a
//! blocking thread, which the load awaits before it shows them.

use std::ops::Range;

use tokio::sync::oneshot;

use crate::dynamodb::calls::fast_pages::PageOutcome;
use crate::dynamodb::calls::fast_pages::page_json::parse_items;

/// A page's items: read already, or being read.
#[derive(Debug)]
pub enum PageParse {
    Ready(PageOutcome),
    Reading(oneshot::Receiver<PageOutcome>),
}

impl PageParse {
    /// Starts reading the items at `items` of `body` on a blocking thread (at once when there
    /// is no tokio runtime to run it on).
    pub(super) fn start(body: Vec<u8>, items: Option<Range<usize>>) -> Self {
        let Some(items) = items else {
            return Self::Ready(Ok(Vec::new()));
        };
        let read = move || match body.get(items) {
            Some(items) => parse_items(items),
            None => Err("the page's items lie outside it".to_owned()),
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                let (sender, receiver) = oneshot::channel();
                runtime.spawn_blocking(move || {
                    // The load may have stopped waiting (cancelled); then nobody needs them.
                    let _ = sender.send(read());
                });
                Self::Reading(receiver)
            }
            Err(_) => Self::Ready(read()),
        }
    }

    /// The items, or why the page could not be read.
    pub async fn outcome(self) -> PageOutcome {
        match self {
            Self::Ready(outcome) => outcome,
            Self::Reading(receiver) => receiver
                .await
                .unwrap_or_else(|_| Err("reading the page's items stopped".to_owned())),
        }
    }
}
