//! Request limits the HTTP parser leaves to the application: a request
//! line longer than 64 KiB is refused with `414 URI Too Long` before
//! routing, so no handler ever sees a 100 KB query string. Below that a
//! long description or query still gets a normal (truncated) answer.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError};

use super::error::PageError;
use super::locale;

/// The longest path and query accepted, in bytes.
pub const MAX_URI_BYTES: usize = 64 * 1024;

/// A localized `414` page for an over-long URI, `None` for the rest.
pub fn refuse(req: &HttpRequest) -> Option<HttpResponse> {
    let length = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if length <= MAX_URI_BYTES {
        return None;
    }
    let error = PageError::BadRequest(locale::from_request(req), format!("URI of {length} bytes"));
    let mut response = error.error_response();
    *response.status_mut() = StatusCode::URI_TOO_LONG;
    Some(response)
}
