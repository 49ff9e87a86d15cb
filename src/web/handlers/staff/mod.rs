//! Pages for support staff under `/staff/`: the login form, an overview
//! and one page per report (top searches, searches without results,
//! descriptions without a confident match, articles with the most "Nee",
//! unresolved links). `staff_guard` keeps everything but the login form
//! behind a session; the locale comes from `Accept-Language`.
//!
//! `session` signs in and out, `reports` shows the overview and the
//! reports, `examples` lets staff confirm which article answers a
//! description; `frame` is what they share.

mod examples;
mod frame;
mod reports;
mod session;

pub use examples::{
    choose as choose_example, confirm as confirm_example, list as examples,
    remove as remove_example,
};
pub use reports::{index, report};
pub use session::{login, login_form, logout, to_index};
