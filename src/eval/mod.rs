//! Measuring the portal's matching on labelled data sets, as the `eval`
//! command, the quality tests and the fitting tools do. Evaluation sits
//! above the library and the engines it measures: it loads nothing itself
//! and nothing below imports it.
//!
//! * [`recommend`]: recommended steps on labelled descriptions (top-1,
//!   top-3, MRR, abstentions).

pub mod recommend;
