//! What answers when no route matches: a localized 404 page, or 405 for a
//! method other than GET and HEAD.

use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse};

use crate::web::error::PageError;
use crate::web::locale;

/// Everything no route matched: a localized 404 page, or 405 for a method
/// other than GET and HEAD (no route accepts one there).
pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, PageError> {
    let locale = locale::from_request(&req);
    if req.method() == Method::GET || req.method() == Method::HEAD {
        Err(PageError::NotFound(locale))
    } else {
        Err(PageError::MethodNotAllowed(locale))
    }
}
