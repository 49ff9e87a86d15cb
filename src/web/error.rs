//! The one mapping from errors to localized error pages. Every failure a
//! handler can meet becomes a [`PageError`] with the right status; nothing
//! reaches the client as a bare 500.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::i18n::UiLocale;

use super::cache_policy::CachePolicy;
use super::layout::Layout;

/// An error page, in the UI locale of the request.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("not found")]
    NotFound(UiLocale),
    #[error("bad request: {1}")]
    BadRequest(UiLocale, String),
    /// A method no route answers (the portal only reads: GET and HEAD).
    #[error("method not allowed")]
    MethodNotAllowed(UiLocale),
    #[error("internal error: {1}")]
    Internal(UiLocale, String),
    /// A form without a valid token, or posted from another site.
    #[error("forbidden")]
    Forbidden(UiLocale),
    /// A URI longer than the portal accepts.
    #[error("URI too long: {1} bytes")]
    UriTooLong(UiLocale, usize),
    /// The insights database is not reachable (staff pages).
    #[error("unavailable: {1}")]
    Unavailable(UiLocale, String),
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    heading: &'a str,
    text: &'a str,
}

impl PageError {
    fn parts(&self) -> (UiLocale, &'static str, &'static str) {
        match self {
            PageError::NotFound(l) => (*l, "error-not-found-title", "error-not-found-text"),
            PageError::BadRequest(l, _) | PageError::MethodNotAllowed(l) => {
                (*l, "error-bad-request-title", "error-bad-request-text")
            }
            PageError::Internal(l, _) => (*l, "error-internal-title", "error-internal-text"),
            PageError::Forbidden(l) => (*l, "error-forbidden-title", "error-forbidden-text"),
            PageError::UriTooLong(l, _) => {
                (*l, "error-uri-too-long-title", "error-uri-too-long-text")
            }
            PageError::Unavailable(l, _) => {
                (*l, "error-unavailable-title", "error-unavailable-text")
            }
        }
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            PageError::NotFound(_) => StatusCode::NOT_FOUND,
            PageError::BadRequest(..) => StatusCode::BAD_REQUEST,
            PageError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            PageError::Internal(..) => StatusCode::INTERNAL_SERVER_ERROR,
            PageError::Forbidden(_) => StatusCode::FORBIDDEN,
            PageError::UriTooLong(..) => StatusCode::URI_TOO_LONG,
            PageError::Unavailable(..) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            PageError::Internal(_, detail) => tracing::error!(%detail, "internal error"),
            PageError::Unavailable(_, detail) => tracing::warn!(%detail, "database unavailable"),
            _ => {}
        }
        let (locale, title_key, text_key) = self.parts();
        let heading = locale.t(title_key);
        let text = locale.t(text_key);
        let mut layout = Layout::new(locale, heading.clone(), "/");
        layout.noindex = true;
        let page = ErrorPage {
            layout,
            heading: &heading,
            text: &text,
        };
        let body = page
            .render()
            .unwrap_or_else(|_| format!("{heading}\n\n{text}"));
        let mut response = HttpResponse::build(self.status_code());
        response
            .content_type(ContentType::html())
            .insert_header(CachePolicy::NoStore);
        if let PageError::MethodNotAllowed(_) = self {
            response.insert_header((header::ALLOW, "GET, HEAD"));
        }
        response.body(body)
    }
}
