//! Redirects that keep old and sloppy URLs working: `/` to the best UI
//! locale, `/nl-nl` to `/nl-nl/`, `/articles/{id}` (or `{id}.txt`)
//! without a locale. (Loose spellings of an article or collection URL
//! that has a locale are redirected by that page's own handler.)
//! Every `Location` is a path on this site, never another host
//! ([`to_local`]).

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderValue, VARY};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::web::article_urls::{TEXT_SUFFIX, find_loosely};
use crate::web::error::PageError;
use crate::web::locale;
use crate::web::respond::to_local;
use crate::web::state::AppState;

/// `/` → `/{locale}/`, by `Accept-Language`.
pub async fn root(req: HttpRequest) -> HttpResponse {
    let locale = locale::negotiated(&req);
    let mut response = to_local(StatusCode::FOUND, &format!("/{}/", locale.path_segment()));
    response
        .headers_mut()
        .insert(VARY, HeaderValue::from_static("Accept-Language"));
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
    let (article, suffix) = match find_loosely(&library, &path) {
        Some(article) => (article, ""),
        None => path
            .strip_suffix(TEXT_SUFFIX)
            .and_then(|stem| find_loosely(&library, stem))
            .map(|article| (article, TEXT_SUFFIX))
            .ok_or(PageError::NotFound(locale))?,
    };
    Ok(to_local(
        StatusCode::MOVED_PERMANENTLY,
        &format!("{}{suffix}", article.url(locale)),
    ))
}
