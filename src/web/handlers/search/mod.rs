//! Search for people and tools: the results page `/{locale}/search`
//! (`page`), the JSON endpoints `/api/v1/search` and `/api/v1/suggest`
//! (`api`), and the OpenSearch description `/{locale}/opensearch.xml`
//! (`opensearch`). The engine is [`crate::search`]; these files only read
//! parameters and fill templates.
//!
//! Parameters are read leniently from the raw query string (`params`), so
//! no input (duplicate keys, broken encoding, 10,000 characters) can fail a
//! request.

mod api;
mod opensearch;
mod page;
mod params;

pub use api::{api, suggest};
pub use opensearch::opensearch;
pub use page::page;
