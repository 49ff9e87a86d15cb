//! Pages for support staff under `/staff/`: the login form, an overview
//! and one page per report (top searches, searches without results,
//! descriptions without a confident match, articles with the most "Nee",
//! unresolved links). `staff_guard` keeps everything but the login form
//! behind a session; the locale comes from `Accept-Language`.
//!
//! `session` signs in and out, `reports` shows the overview and the
//! reports; `frame` is what both share.

mod frame;
mod reports;
mod session;

pub use reports::{index, report};
pub use session::{login, login_form, logout, to_index};
