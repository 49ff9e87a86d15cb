//! Liveness and readiness for load balancers and service managers, and
//! the Prometheus metrics.

use actix_web::{HttpResponse, web};

use crate::web::cache_policy::CachePolicy;
use crate::web::state::AppState;

/// Alive: the process answers.
pub async fn alive() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(CachePolicy::NoStore)
        .body("ok")
}

/// Ready: a content snapshot with at least one article is being served.
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let count = state.library.current().articles().len();
    let (pages, bytes) = state.pages.usage();
    let mut response = if count > 0 {
        HttpResponse::Ok()
    } else {
        HttpResponse::ServiceUnavailable()
    };
    response.insert_header(CachePolicy::NoStore).body(format!(
        "articles: {count}\ncached pages: {pages} ({} KiB)\ncached search pages: {}",
        bytes / 1024,
        state.rendered.count()
    ))
}

/// The metrics in Prometheus's text format.
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let mut text = String::new();
    let encoded = prometheus::TextEncoder::new().encode_utf8(&state.registry.gather(), &mut text);
    if encoded.is_err() {
        return HttpResponse::InternalServerError().finish();
    }
    HttpResponse::Ok()
        .insert_header(CachePolicy::NoStore)
        .content_type(prometheus::TEXT_FORMAT)
        .body(text)
}
