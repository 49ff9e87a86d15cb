//! Responses several handlers build the same way: a template rendered into
//! an HTML page (public or private), and redirects to a path on this site.
//! Every `Location` built here is a path on this site, never another host.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{ContentType, LOCATION};
use askama::Template;

use super::cache_policy::CachePolicy;
use super::error::PageError;
use crate::i18n::UiLocale;

/// A template's HTML, or a localized error page when rendering fails.
pub fn render(locale: UiLocale, page: &impl Template) -> Result<String, PageError> {
    page.render()
        .map_err(|e| PageError::Internal(locale, e.to_string()))
}

/// Renders a template into a 200 HTML response, or a localized error page.
pub fn html_page(locale: UiLocale, page: &impl Template) -> Result<HttpResponse, PageError> {
    Ok(HttpResponse::Ok()
        .content_type(ContentType::html())
        .body(render(locale, page)?))
}

/// Renders a template into a private HTML page no cache keeps.
pub fn private_page(
    locale: UiLocale,
    status: StatusCode,
    page: &impl Template,
) -> Result<HttpResponse, PageError> {
    Ok(private_html(status, render(locale, page)?))
}

/// HTML rendered already, as a private page no cache keeps.
pub fn private_html(status: StatusCode, html: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type(ContentType::html())
        .insert_header(CachePolicy::NoStore)
        .body(html)
}

/// A redirect to a path on this site; any run of leading slashes or
/// backslashes collapses to one so the browser cannot read a host into it.
pub fn to_local(status: StatusCode, path: &str) -> HttpResponse {
    let trimmed = path.trim_start_matches(['/', '\\']);
    let location = format!("/{trimmed}");
    HttpResponse::build(status)
        .insert_header((LOCATION, location))
        .finish()
}

/// A `303 See Other` to a fixed path of this site that no cache keeps
/// (the staff pages' answers after a form post or without a session).
pub fn private_see_other(path: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((LOCATION, path.to_owned()))
        .insert_header(CachePolicy::NoStore)
        .finish()
}
