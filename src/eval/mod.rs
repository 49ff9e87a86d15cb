//! Measuring the portal on labelled sets, above the library it measures:
//! [`search`] scores the search results page on known-item queries;
//! [`examples`] scores recommended steps with taught examples loaded.
//! Nothing here is on a request path; the `eval` subcommands and the
//! quality tests call it.

pub mod examples;
pub mod search;
