//! helpportal: a server-rendered help portal for Dutch (nl-NL) help articles.
//!
//! Data flows one way: a content folder is loaded into an immutable
//! [`library::Library`] snapshot (articles, link graph, search index), the
//! [`web`] handlers read whichever snapshot is current, and askama templates
//! turn what they read into pages.

pub mod config;
pub mod content;
pub mod eval;
pub mod i18n;
pub mod insights;
pub mod library;
pub mod logging;
pub mod metrics;
pub mod nl;
pub mod popular;
pub mod recommend;
pub mod reload;
pub mod search;
pub mod semantic;
pub mod web;
