//! The web layer: routes, thin handlers, the page layout and templates,
//! static assets and the one mapping from errors to localized error pages.
//!
//! Handlers read the current [`crate::library::Library`] snapshot from
//! [`AppState`] and fill askama templates; domain code never sees actix.
//!
//! Layers, each importing only those below it:
//! - shared building blocks: `cache_policy`, `assets`, `compression`,
//!   `per_snapshot`, `security`, `form`, `article_urls`, `layout`, `error`,
//!   `locale`, `limits`, `request_line`, `page_cache`, `rendered_cache`,
//!   `respond`;
//! - the application state (`state`), the staff gate (`staff_guard`) and
//!   the view types several pages share (`views`);
//! - the handlers (`handlers`), one file or folder per page family, which
//!   never import each other;
//! - the route table (`routes`), the front middleware (`front`), the
//!   application (`app`) and the HTTP server ([`server`]).
//!
//! This file only declares the modules and re-exports what the rest of
//! the crate uses.

mod app;
mod article_urls;
mod assets;
mod cache_policy;
mod compression;
mod error;
mod form;
mod front;
mod handlers;
mod layout;
mod limits;
mod locale;
mod page_cache;
mod per_snapshot;
mod rendered_cache;
mod request_line;
mod respond;
mod routes;
mod security;
pub mod server;
mod staff_guard;
mod state;
mod views;

pub use app::app;
pub use error::PageError;
pub use layout::Layout;
pub use state::AppState;
