//! The state every request can reach: the current library snapshot, the
//! config, the insights store, the metrics registry, the caches of
//! rendered pages and the sentence encoder.

use std::sync::Arc;

use actix_web::web;

use super::page_cache::PageCache;
use super::rendered_cache::RenderedCache;
use crate::config::Config;
use crate::insights::Insights;
use crate::library::LibraryHandle;
use crate::popular::Popular;
use crate::recommend::taught::TaughtExamples;
use crate::semantic::Semantic;

/// What every handler can reach: the current library, the config and the
/// insights store.
pub struct AppState {
    pub library: LibraryHandle,
    pub config: Arc<Config>,
    /// Feedback, search insights and staff logins.
    pub insights: Insights,
    /// The metrics exported at `/metrics`.
    pub(super) registry: prometheus::Registry,
    /// Rendered article pages of the current snapshot.
    pub pages: PageCache,
    /// Rendered search results pages of the current snapshot.
    pub rendered: RenderedCache,
    /// The sentence encoder (possibly not loaded: then words alone).
    pub semantic: Arc<Semantic>,
    /// "Veelgestelde vragen" and the collections by popularity.
    pub popular: Arc<Popular>,
    /// The descriptions staff confirmed, kept current from the database.
    pub examples: Arc<TaughtExamples>,
}

impl AppState {
    pub fn new(library: LibraryHandle, config: Config) -> web::Data<AppState> {
        AppState::with_config(library, Arc::new(config))
    }

    /// Like [`AppState::new`] with a config shared with other parts (reload).
    pub fn with_config(library: LibraryHandle, config: Arc<Config>) -> web::Data<AppState> {
        let semantic = Semantic::off(&config);
        AppState::with_semantic(library, config, semantic)
    }

    /// Like [`AppState::with_config`] with the sentence encoder service.
    pub fn with_semantic(
        library: LibraryHandle,
        config: Arc<Config>,
        semantic: Arc<Semantic>,
    ) -> web::Data<AppState> {
        crate::metrics::articles_loaded(library.current().articles().len());
        let insights = Insights::open(&config);
        let popular = Popular::start(
            insights.store.clone(),
            library.clone(),
            config.home.featured.clone(),
        );
        let examples = TaughtExamples::start(insights.store.clone(), semantic.clone());
        web::Data::new(AppState {
            examples,
            semantic,
            library,
            insights,
            popular,
            config,
            registry: metrics_registry(),
            pages: PageCache::default(),
            rendered: RenderedCache::default(),
        })
    }
}

fn metrics_registry() -> prometheus::Registry {
    let registry = prometheus::Registry::new();
    crate::metrics::register(&registry);
    registry
}
