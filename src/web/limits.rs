//! Request limits the HTTP parser leaves to the application: a URI longer
//! than [`MAX_URI_BYTES`] is refused with the localized `414 URI Too Long`
//! page before routing, so no handler ever sees a 100 KB query string.
//! Below that a long description or query still gets a normal (truncated)
//! answer. URIs too long for the parser itself reach this check as the
//! request-line guard's [`MARKER`] path (`request_line`), which imports its
//! limits from here.

use actix_web::{HttpRequest, HttpResponse, ResponseError};

use super::error::PageError;
use super::locale;

/// The longest path and query accepted, in bytes: 63 KiB, below the
/// 65,534 bytes `http::Uri` can hold.
pub const MAX_URI_BYTES: usize = 63 * 1024;

/// The path the request-line guard puts in place of an over-long request
/// line; [`refuse`] answers it with `414 URI Too Long`.
pub const MARKER: &str = "/.well-known/helpportal/uri-too-long";

/// A localized `414` page for an over-long URI, `None` for the rest.
pub fn refuse(req: &HttpRequest) -> Option<HttpResponse> {
    let length = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if length <= MAX_URI_BYTES && req.path() != MARKER {
        return None;
    }
    Some(PageError::UriTooLong(locale::from_request(req), length).error_response())
}
