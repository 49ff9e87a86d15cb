//! The web layer: routes, thin handlers, the page layout and templates,
//! static assets and the one mapping from errors to localized error pages.
//!
//! Handlers read the current [`crate::library::Library`] snapshot from
//! [`AppState`] and fill askama templates; domain code never sees actix.

mod assets;
mod cache_policy;
mod compression;
mod error;
mod front;
mod handlers;
mod layout;
mod limits;
mod locale;
mod page_cache;
mod per_snapshot;
mod rendered_cache;
mod request_line;
mod security;
pub mod server;
mod staff_guard;

use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, web};

pub use error::PageError;
pub use layout::Layout;

use crate::config::Config;
use crate::insights::Insights;
use crate::library::LibraryHandle;
use crate::popular::Popular;
use crate::semantic::Semantic;

/// What every handler can reach: the current library, the config and the
/// insights store.
pub struct AppState {
    pub library: LibraryHandle,
    pub config: Arc<Config>,
    /// Feedback, search insights and staff logins.
    pub insights: Insights,
    /// The metrics exported at `/metrics`.
    registry: prometheus::Registry,
    /// Rendered article pages of the current snapshot.
    pub pages: page_cache::PageCache,
    /// Rendered search results pages of the current snapshot.
    pub rendered: rendered_cache::RenderedCache,
    /// The sentence encoder (possibly not loaded: then words alone).
    pub semantic: Arc<Semantic>,
    /// "Veelgestelde vragen" and the collections by popularity.
    pub popular: Arc<Popular>,
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
        web::Data::new(AppState {
            semantic,
            library,
            insights,
            popular,
            config,
            registry: metrics_registry(),
            pages: page_cache::PageCache::default(),
            rendered: rendered_cache::RenderedCache::default(),
        })
    }
}

fn metrics_registry() -> prometheus::Registry {
    let registry = prometheus::Registry::new();
    crate::metrics::register(&registry);
    registry
}

/// The largest request body any route accepts.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// The complete application: routes, middleware and error pages. Used by
/// `serve` and by the HTTP tests alike.
pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(state)
        .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
        .app_data(web::FormConfig::default().limit(MAX_BODY_BYTES))
        .app_data(web::QueryConfig::default().error_handler(|err, req| {
            error::PageError::BadRequest(locale::from_request(req), err.to_string()).into()
        }))
        .wrap(actix_web::middleware::from_fn(front::front))
        .configure(handlers::routes)
        .default_service(web::to(handlers::not_found))
}
