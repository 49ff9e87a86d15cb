//! The gate in front of `/staff/`: every path there except the login form
//! needs a staff session that is still stored in the database (signing
//! out ends it on every replica at once); anything else is sent to the
//! login form. The session found is left in the request's extensions for
//! the handlers ([`signed_in`]).

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, ResponseError, web};

use super::error::PageError;
use super::locale;
use super::respond::private_see_other;
use super::state::AppState;
use crate::insights::StaffSession;

/// The staff session cookie.
pub const COOKIE: &str = "hp_staff";
/// The one staff path open without a session.
pub const LOGIN_PATH: &str = "/staff/login";

/// The staff session of a request, as the gate found it.
pub fn signed_in(req: &HttpRequest) -> Option<StaffSession> {
    req.extensions().get::<StaffSession>().cloned()
}

/// Middleware for the `/staff` scope.
pub async fn require_staff(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let cookie = req.cookie(COOKIE);
    let found = match (req.app_data::<web::Data<AppState>>(), cookie) {
        (Some(state), Some(cookie)) => state.insights.session(cookie.value()).await,
        _ => Ok(None),
    };
    let open = req.path() == LOGIN_PATH;
    let response = match found {
        Ok(Some(session)) => {
            req.extensions_mut().insert(session);
            None
        }
        Ok(None) if open => None,
        Ok(None) => Some(private_see_other(LOGIN_PATH)),
        Err(_) if open => None,
        Err(err) => {
            let locale = locale::negotiated(req.request());
            Some(PageError::Unavailable(locale, err.to_string()).error_response())
        }
    };
    match response {
        None => next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body),
        Some(response) => Ok(req.into_response(response).map_into_right_body()),
    }
}
