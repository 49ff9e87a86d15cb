//! What every staff page shares: its layout (not under a locale prefix,
//! never indexed), the error page when the insights store is down, and the
//! URL of the page that teaches the answer to a description.

use crate::i18n::UiLocale;
use crate::insights::store::StoreError;
use crate::web::error::PageError;
use crate::web::layout::Layout;

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
