//! What every staff page shares: its layout (not under a locale prefix,
//! never indexed) and the error page when the insights store is down.

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
