//! Measuring the portal's matching on labelled data sets, as the `eval`
//! commands, the quality tests and the fitting tools do. Evaluation sits
//! above the library and the engines it measures: it loads nothing itself
//! and nothing below imports it.
//!
//! * [`recommend`]: recommended steps on labelled descriptions (top-1,
//!   top-3, MRR, abstentions).
//! * [`search`]: the search results page on known-item queries (hit@1,
//!   hit@5, MRR@10).
//! * [`examples`]: recommended steps with taught examples loaded.

pub mod examples;
pub mod recommend;
pub mod search;
