//! The examples every replica matches with: a background task polls the
//! store's cheap change marker ([`POLL_EVERY`]) and, when it moved, reads
//! every example, embeds the new ones (off the request path; vectors of
//! descriptions seen before are kept) and swaps in a new immutable
//! [`Examples`] snapshot. Requests only read the snapshot that is there,
//! never the database; a confirmation on any replica sharing the database
//! takes effect everywhere within a poll or two.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use arc_swap::ArcSwap;

use super::examples::{Example, Examples};
use crate::insights::store::{self, Store, StoreError};
use crate::semantic::Semantic;

/// How often the change marker is read.
pub const POLL_EVERY: Duration = Duration::from_secs(2);
/// One read gives up after this long.
const READ_LIMIT: Duration = Duration::from_secs(10);

/// The examples of one portal process, kept current in the background.
pub struct TaughtExamples {
    store: Store,
    semantic: Arc<Semantic>,
    current: ArcSwap<Examples>,
    /// Description → its vector, for the examples embedded so far.
    vectors: Mutex<HashMap<String, Vec<f32>>>,
}

impl TaughtExamples {
    /// No examples at once; they follow from `store` in the background
    /// (on the database runtime, when there is one).
    pub fn start(store: Store, semantic: Arc<Semantic>) -> Arc<TaughtExamples> {
        let taught = Arc::new(TaughtExamples {
            store,
            semantic,
            current: ArcSwap::from_pointee(Examples::new(Vec::new(), -1)),
            vectors: Mutex::new(HashMap::new()),
        });
        if let Some(runtime) = store::runtime() {
            runtime.spawn(poll_forever(Arc::downgrade(&taught)));
        }
        taught
    }

    /// The examples in use now.
    pub fn current(&self) -> Arc<Examples> {
        self.current.load_full()
    }

    /// Reads the examples again when the marker moved (or when the encoder
    /// has come since they were embedded); whether a new snapshot was
    /// swapped in.
    pub async fn refresh(self: &Arc<Self>) -> Result<bool, StoreError> {
        let version = self.store.examples_version(READ_LIMIT).await?;
        let current = self.current();
        let encoder = self.semantic.encoder().is_some();
        if version == current.version() && (current.embedded() || !encoder) {
            return Ok(false);
        }
        let stored = self.store.all_examples(READ_LIMIT).await?;
        let this = self.clone();
        let build = move || {
            let examples = stored
                .into_iter()
                .map(|s| Example {
                    vector: this.vector(&s.description),
                    description: s.description,
                    article: s.article,
                })
                .collect();
            Examples::new(examples, version)
        };
        let examples = match store::runtime() {
            Some(runtime) => runtime
                .spawn_blocking(build)
                .await
                .map_err(|_| StoreError::NoRuntime)?,
            None => build(),
        };
        tracing::debug!(examples = examples.len(), version, "taught examples read");
        self.current.store(Arc::new(examples));
        Ok(true)
    }

    /// The vector of a description, made now unless made before.
    fn vector(&self, description: &str) -> Option<Vec<f32>> {
        let mut vectors = self.vectors.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = vectors.get(description) {
            return Some(v.clone());
        }
        let made = self.semantic.query_now(description)?;
        vectors.insert(description.to_owned(), made.clone());
        Some(made)
    }
}

/// Refreshes every [`POLL_EVERY`] until the [`TaughtExamples`] is dropped.
async fn poll_forever(taught: Weak<TaughtExamples>) {
    loop {
        let Some(strong) = taught.upgrade() else {
            return;
        };
        if strong.store.is_connected()
            && let Err(err) = strong.refresh().await
        {
            tracing::debug!("taught examples not refreshed: {err}");
        }
        drop(strong);
        tokio::time::sleep(POLL_EVERY).await;
    }
}
