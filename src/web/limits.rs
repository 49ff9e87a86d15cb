//! Request limits the HTTP parser leaves to the application: a request
//! line longer than 64 KiB is refused with `414 URI Too Long` before
//! routing, so no handler ever sees a 100 KB query string. Below that a
//! long description or query still gets a normal (truncated) answer.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError};

use super::error::PageError;
use super::locale;

/// The longest path and query accepted, in bytes.
pub const MAX_URI_BYTES: usize = 64 * 1024;

/// Refuses over-long URIs with a localized `414` page.
pub async fn uri_length(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let length = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if length > MAX_URI_BYTES {
        let error = PageError::BadRequest(
            locale::from_request(req.request()),
            format!("URI of {length} bytes"),
        );
        let mut response = error.error_response();
        *response.status_mut() = StatusCode::URI_TOO_LONG;
        return Ok(req.into_response(response));
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body)
}
