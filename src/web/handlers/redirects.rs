//! Redirects that keep old and sloppy URLs working: `/` to the best UI
//! locale, `/nl-nl` to `/nl-nl/`, and `/articles/{id}` (or `{id}.txt`)
//! without a locale.
//! Every `Location` is a path on this site, never another host.

use actix_web::http::StatusCode;
use actix_web::http::header::{LOCATION, VARY};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::web::AppState;
use crate::web::error::PageError;
use crate::web::locale;

/// A redirect to a path on this site; any run of leading slashes or
/// backslashes collapses to one so the browser cannot read a host into it.
pub fn to_local(status: StatusCode, path: &str) -> HttpResponse {
    let trimmed = path.trim_start_matches(['/', '\\']);
    let location = format!("/{trimmed}");
    HttpResponse::build(status)
        .insert_header((LOCATION, location))
        .finish()
}

/// `/` → `/{locale}/`, by `Accept-Language`.
pub async fn root(req: HttpRequest) -> HttpResponse {
    let locale = locale::negotiated(&req);
    let mut response = to_local(StatusCode::FOUND, &format!("/{}/", locale.path_segment()));
    response.headers_mut().insert(
        VARY,
        actix_web::http::header::HeaderValue::from_static("Accept-Language"),
    );
    response
}

/// `/nl-nl` (any case) → `/nl-nl/`.
pub async fn locale_root(
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let locale = locale::of_segment(&req, &path)?;
    Ok(to_local(
        StatusCode::MOVED_PERMANENTLY,
        &format!("/{}/", locale.path_segment()),
    ))
}

/// `/articles/{id}` → `/{locale}/articles/{canonical id}`.
pub async fn article_without_locale(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let locale = locale::negotiated(&req);
    let library = state.library.current();
    let suffix = super::article_text::SUFFIX;
    let (article, suffix) = match super::article::find_loosely(&library, &path) {
        Some(article) => (article, ""),
        None => path
            .strip_suffix(suffix)
            .and_then(|stem| super::article::find_loosely(&library, stem))
            .map(|article| (article, suffix))
            .ok_or(PageError::NotFound(locale))?,
    };
    Ok(to_local(
        StatusCode::MOVED_PERMANENTLY,
        &format!("{}{suffix}", article.url(locale)),
    ))
}
