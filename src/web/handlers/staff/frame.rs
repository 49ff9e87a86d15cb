//! What every staff page shares: its layout (not under a locale prefix,
//! never indexed), the menu with the signed-in account around its content,
//! the error page when the insights store is down, and the URL of the page
//! that teaches the answer to a description.

use actix_web::HttpRequest;

use crate::i18n::UiLocale;
use crate::insights::store::StoreError;
use crate::web::error::PageError;
use crate::web::layout::Layout;
use crate::web::staff_guard::signed_in;
use crate::web::state::AppState;

/// One entry of the menu of reports.
pub(super) struct NavItem {
    pub(super) url: String,
    pub(super) label: String,
    pub(super) intro: String,
    pub(super) active: bool,
}

/// Which page of the menu is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Current {
    /// The overview `/staff/`.
    Overview,
    /// A report (its own entry of `nav` is active).
    Report,
    /// The taught examples.
    Examples,
}

/// The menu and the signed-in account around every staff page's content
/// (`partials/staff_nav.html`).
pub(super) struct StaffFrame {
    pub(super) account: String,
    /// The session's form token, for signing out and every other form.
    pub(super) token: String,
    pub(super) nav: Vec<NavItem>,
    pub(super) overview: bool,
    pub(super) examples_active: bool,
}

impl StaffFrame {
    /// The frame of the session signed in on `req`; `403` without one.
    pub(super) fn signed_in(
        state: &AppState,
        req: &HttpRequest,
        locale: UiLocale,
        nav: Vec<NavItem>,
        current: Current,
    ) -> Result<Self, PageError> {
        let session = signed_in(req).ok_or(PageError::Forbidden(locale))?;
        Ok(Self {
            token: state.insights.staff_form_token(&session),
            account: session.account,
            nav,
            overview: current == Current::Overview,
            examples_active: current == Current::Examples,
        })
    }
}

/// The layout of a staff page titled `title`.
pub fn staff_layout(locale: UiLocale, title: String) -> Layout {
    let mut layout = Layout::new(locale, title, "/staff/");
    layout.noindex = true;
    layout.localized_path = false;
    layout
}

/// The `503` page for a store error, in `locale`.
pub fn unavailable(locale: UiLocale) -> impl Fn(StoreError) -> PageError {
    move |err| PageError::Unavailable(locale, err.to_string())
}

/// The page that picks the article for `description`, searching `q`.
pub fn choose_url(description: &str, q: Option<&str>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("description", description);
    if let Some(q) = q {
        query.append_pair("q", q);
    }
    format!("/staff/examples/new?{}", query.finish())
}
