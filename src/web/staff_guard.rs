//! The gate in front of `/staff/`: every path there except the login form
//! needs a valid staff session cookie; anything else is sent to the login
//! form.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CACHE_CONTROL, LOCATION};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};

use super::AppState;

/// The staff session cookie.
pub const COOKIE: &str = "hp_staff";
/// The one staff path open without a session.
pub const LOGIN_PATH: &str = "/staff/login";

/// The signed-in staff account of a request.
pub fn signed_in(req: &HttpRequest) -> Option<String> {
    let state = req.app_data::<web::Data<AppState>>()?;
    let cookie = req.cookie(COOKIE)?;
    state.insights.session_account(cookie.value())
}

/// Middleware for the `/staff` scope.
pub async fn require_staff(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if req.path() == LOGIN_PATH || signed_in(req.request()).is_some() {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    }
    let response = HttpResponse::SeeOther()
        .insert_header((LOCATION, LOGIN_PATH))
        .insert_header((CACHE_CONTROL, "no-store"))
        .finish();
    Ok(req.into_response(response).map_into_right_body())
}
