//! Route table and the handlers behind it, one file per page family.

mod article;
mod collection;
mod files;
mod health;
mod home;
mod redirects;

use actix_web::{HttpRequest, HttpResponse, Route, guard, web};

use super::error::PageError;
use super::locale;

/// GET, and HEAD answered the same way without a body.
fn get() -> Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// Registers every route. More specific routes come first.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", get().to(redirects::root))
        .route("/healthz", get().to(health::alive))
        .route("/readyz", get().to(health::ready))
        .route("/static/{file}", get().to(files::static_file))
        .route("/media/{path:.*}", get().to(files::media))
        // Articles are most of the traffic; dynamic routes are regex matches
        // tried in order, so this one comes before the rarer pages.
        .route("/{locale}/articles/{id:.*}", get().to(article::page))
        .route(
            "/articles/{id:.*}",
            get().to(redirects::article_without_locale),
        )
        .route("/{locale}", get().to(redirects::locale_root))
        .route("/{locale}/", get().to(home::page))
        .route("/{locale}/collections/{key}", get().to(collection::page));
}

/// Everything no route matched: a localized 404 page.
pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, PageError> {
    Err(PageError::NotFound(locale::from_request(&req)))
}
