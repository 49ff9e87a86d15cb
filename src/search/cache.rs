//! Results of recent searches on one snapshot, so the same query, filter,
//! order and page asked again is answered from memory.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// Searches whose results are kept per snapshot.
const RESULT_CACHE_ENTRIES: usize = 512;

/// Results of recent searches on one snapshot. Bounded: when full it is
/// emptied and fills again with what is being asked now.
pub(super) struct ResultCache<K, V> {
    entries: Mutex<HashMap<K, Arc<V>>>,
}

impl<K, V> Default for ResultCache<K, V> {
    fn default() -> Self {
        ResultCache {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash, V> ResultCache<K, V> {
    pub(super) fn get(&self, key: &K) -> Option<Arc<V>> {
        self.entries.lock().ok()?.get(key).cloned()
    }

    pub(super) fn insert(&self, key: K, results: Arc<V>) {
        // A poisoned lock only means no caching.
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= RESULT_CACHE_ENTRIES {
                entries.clear();
            }
            entries.insert(key, results);
        }
    }
}
