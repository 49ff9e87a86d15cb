//! The route table: which handler answers which path and method. More
//! specific routes come first; the staff scope sits behind its gate.

use actix_web::middleware::from_fn;
use actix_web::{Route, guard, web};

use super::handlers::{
    article, collection, fallback, feedback, files, go, health, home, recommend, redirects, search,
    seo, staff,
};
use super::staff_guard::require_staff;

/// GET, and HEAD answered the same way without a body.
fn get() -> Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// Registers every route. More specific routes come first; the staff
/// scope (a cheap prefix check) comes before everything so that no other
/// route ever answers a path under `/staff/`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/staff")
            .wrap(from_fn(require_staff))
            .route("", get().to(staff::to_index))
            .route("/", get().to(staff::index))
            .route("/login", get().to(staff::login_form))
            .route("/login", web::post().to(staff::login))
            .route("/logout", web::post().to(staff::logout))
            .route("/examples", get().to(staff::examples))
            .route("/examples", web::post().to(staff::confirm_example))
            .route("/examples/new", get().to(staff::choose_example))
            .route("/examples/remove", web::post().to(staff::remove_example))
            .route("/{report}", get().to(staff::report))
            .default_service(web::to(fallback::not_found)),
    )
    .route("/", get().to(redirects::root))
    // Articles are most of the traffic and routes are tried in order,
    // so the article route comes first.
    .route(article::ROUTE, get().to(article::page))
    .route("/metrics", get().to(health::metrics))
    .route("/healthz", get().to(health::alive))
    .route("/readyz", get().to(health::ready))
    .route("/static/{file}", get().to(files::static_file))
    .route("/media/{path}*", get().to(files::media))
    .route("/robots.txt", get().to(seo::robots))
    .route("/sitemap.xml", get().to(seo::sitemap))
    .route("/go/{id}*", get().to(go::go))
    .route("/api/v1/search", get().to(search::api))
    .route("/api/v1/suggest", get().to(search::suggest))
    .route("/api/v1/recommend", get().to(recommend::api))
    .route("/{locale}/search", get().to(search::page))
    .route("/{locale}/opensearch.xml", get().to(search::opensearch))
    .route("/{locale}/recommend", get().to(recommend::page))
    .route("/{locale}/feedback", web::post().to(feedback::submit))
    .route(
        "/{locale}/feedback/comment",
        web::post().to(feedback::comment),
    )
    .route(
        "/articles/{id}*",
        get().to(redirects::article_without_locale),
    )
    .route("/{locale}", get().to(redirects::locale_root))
    .route("/{locale}/", get().to(home::page))
    .route("/{locale}/collections/{key}", get().to(collection::page))
    .route("/{locale}/collections/{key}/", get().to(collection::page))
    .route("/{locale}/go/{id}*", get().to(go::go_localized));
}
