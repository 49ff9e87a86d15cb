//! Responses that depend only on the library snapshot and the request's
//! parameters — search results pages and the search API's JSON — kept for
//! the current snapshot so a search asked again is answered without
//! rendering, like an article page.
//!
//! Keyed by a string the handler builds from every parameter the page
//! depends on. At most [`CAPACITY`] pages are kept; when full the cache is
//! emptied and refills with what is asked next (the same policy as the
//! search index's result cache). A new snapshot starts an empty cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use actix_web::http::header::ContentType;

use super::page_cache::CachedPage;
use super::per_snapshot::PerSnapshot;
use crate::library::Library;

/// Responses kept per snapshot (search pages are 10–30 KB each, with
/// their compressed forms a little more).
pub const CAPACITY: usize = 256;

/// The rendered responses of the current snapshot.
#[derive(Default)]
pub struct RenderedCache {
    current: PerSnapshot<Mutex<HashMap<String, Arc<CachedPage>>>>,
}

impl RenderedCache {
    /// The response body for `key` on `library`, rendered by `render` as
    /// `content_type` when it is not kept yet. Render errors are returned
    /// and not kept.
    pub fn get_or_render<E>(
        &self,
        library: &Arc<Library>,
        key: String,
        content_type: ContentType,
        render: impl FnOnce() -> Result<String, E>,
    ) -> Result<Arc<CachedPage>, E> {
        // Search answers carry no signed forms: one key generation.
        let pages = self.current.get_or_make(library, 0, Mutex::default);
        if let Some(page) = pages.lock().ok().and_then(|p| p.get(&key).cloned()) {
            return Ok(page);
        }
        let page = Arc::new(CachedPage::quick(render()?, content_type));
        if let Ok(mut pages) = pages.lock() {
            if pages.len() >= CAPACITY {
                pages.clear();
            }
            pages.insert(key, page.clone());
        }
        Ok(page)
    }

    /// Whether a response for `key` on `library` is kept.
    pub fn contains(&self, library: &Arc<Library>, key: &str) -> bool {
        let pages = self.current.get_or_make(library, 0, Mutex::default);
        pages.lock().is_ok_and(|p| p.contains_key(key))
    }

    /// Pages kept for the current snapshot.
    pub fn count(&self) -> usize {
        self.current
            .latest()
            .and_then(|pages| pages.lock().ok().map(|p| p.len()))
            .unwrap_or(0)
    }
}
