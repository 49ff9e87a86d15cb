//! Which UI locale a request is for: the first path segment when it names
//! one, otherwise negotiated from `Accept-Language`.

use actix_web::HttpRequest;
use actix_web::http::header::ACCEPT_LANGUAGE;

use super::error::PageError;
use crate::i18n::UiLocale;

/// The locale named by the path's first segment, if any.
pub fn from_path(path: &str) -> Option<UiLocale> {
    let first = path.trim_start_matches('/').split('/').next()?;
    UiLocale::from_segment(first)
}

/// The locale from `Accept-Language` (nl-NL when nothing matches).
pub fn negotiated(req: &HttpRequest) -> UiLocale {
    req.headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(UiLocale::DEFAULT, UiLocale::negotiate)
}

/// The path's locale, else the negotiated one.
pub fn from_request(req: &HttpRequest) -> UiLocale {
    from_path(req.path()).unwrap_or_else(|| negotiated(req))
}

/// The UI locale a page's first path segment names, or a 404 page in the
/// negotiated locale: what every page under `/{locale}/` starts with.
pub fn of_segment(req: &HttpRequest, segment: &str) -> Result<UiLocale, PageError> {
    UiLocale::from_segment(segment).ok_or_else(|| PageError::NotFound(negotiated(req)))
}
