//! Measuring the portal on labelled sets, above the library it measures:
//! [`search`] scores the search results page on known-item queries.
//! Nothing here is on a request path; the `eval` subcommands and the
//! quality tests call it.

pub mod search;
