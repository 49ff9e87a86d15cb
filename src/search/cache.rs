//! Results of recent searches on one snapshot, so the same query, filter,
//! order and page asked again is answered from memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::{Matching, SearchRequest, SearchResults, Sort};

/// Searches whose results are kept per snapshot.
const RESULT_CACHE_ENTRIES: usize = 512;

/// What makes two searches the same.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct ResultKey {
    query: String,
    collection: Option<String>,
    sort: Sort,
    page: usize,
    per_page: usize,
    matching: Matching,
}

impl ResultKey {
    pub(super) fn of(request: &SearchRequest<'_>) -> ResultKey {
        ResultKey {
            query: request.query.to_owned(),
            collection: request.collection.map(str::to_owned),
            sort: request.sort,
            page: request.page,
            per_page: request.per_page,
            matching: request.matching,
        }
    }
}

/// Results of recent searches on one snapshot. Bounded: when full it is
/// emptied and fills again with what is being asked now.
#[derive(Default)]
pub(super) struct ResultCache {
    entries: Mutex<HashMap<ResultKey, Arc<SearchResults>>>,
}

impl ResultCache {
    pub(super) fn get(&self, key: &ResultKey) -> Option<Arc<SearchResults>> {
        self.entries.lock().ok()?.get(key).cloned()
    }

    pub(super) fn insert(&self, key: ResultKey, results: Arc<SearchResults>) {
        // A poisoned lock only means no caching.
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= RESULT_CACHE_ENTRIES {
                entries.clear();
            }
            entries.insert(key, results);
        }
    }
}
