//! The complete application: shared request limits, the front
//! middleware, the route table and the fallback for unmatched paths.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, web};

use super::error::PageError;
use super::handlers::fallback;
use super::state::AppState;
use super::{front, locale, routes};

/// The largest request body any route accepts.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// The complete application: routes, middleware and error pages. Used by
/// `serve` and by the HTTP tests alike.
pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(state)
        .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
        .app_data(web::FormConfig::default().limit(MAX_BODY_BYTES))
        .app_data(web::QueryConfig::default().error_handler(|err, req| {
            PageError::BadRequest(locale::from_request(req), err.to_string()).into()
        }))
        .wrap(actix_web::middleware::from_fn(front::front))
        .configure(routes::routes)
        .default_service(web::to(fallback::not_found))
}
