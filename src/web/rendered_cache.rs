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
use std::sync::{Arc, Mutex, Weak};

use actix_web::http::header::ContentType;
use arc_swap::ArcSwapOption;

use super::page_cache::CachedPage;
use crate::library::Library;

/// Responses kept per snapshot (search pages are 10–30 KB each, with
/// their compressed forms a little more).
pub const CAPACITY: usize = 256;

struct Generation {
    library: Weak<Library>,
    pages: Mutex<HashMap<String, Arc<CachedPage>>>,
}

/// The rendered pages of the current snapshot.
#[derive(Default)]
pub struct RenderedCache {
    current: ArcSwapOption<Generation>,
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
        let generation = self.generation(library);
        if let Some(page) = generation
            .pages
            .lock()
            .ok()
            .and_then(|p| p.get(&key).cloned())
        {
            return Ok(page);
        }
        let page = Arc::new(CachedPage::quick(render()?, content_type));
        if let Ok(mut pages) = generation.pages.lock() {
            if pages.len() >= CAPACITY {
                pages.clear();
            }
            pages.insert(key, page.clone());
        }
        Ok(page)
    }

    /// Pages kept for the current snapshot.
    pub fn count(&self) -> usize {
        self.current
            .load()
            .as_ref()
            .and_then(|g| g.pages.lock().ok().map(|p| p.len()))
            .unwrap_or(0)
    }

    fn generation(&self, library: &Arc<Library>) -> Arc<Generation> {
        if let Some(generation) = self.current.load_full()
            && std::ptr::eq(generation.library.as_ptr(), Arc::as_ptr(library))
        {
            return generation;
        }
        let fresh = Arc::new(Generation {
            library: Arc::downgrade(library),
            pages: Mutex::new(HashMap::new()),
        });
        self.current.store(Some(fresh.clone()));
        fresh
    }
}
