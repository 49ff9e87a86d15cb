//! `sitemap.xml` and `robots.txt`, both with absolute URLs under the
//! configured `base_url`.

use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpResponse, web};

use crate::library::sitemap;
use crate::web::cache_policy::CachePolicy;
use crate::web::state::AppState;

pub async fn sitemap(state: web::Data<AppState>) -> HttpResponse {
    let library = state.library.current();
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "application/xml; charset=utf-8"))
        .insert_header(CachePolicy::PublicHour)
        .body(sitemap::sitemap_xml(&library, &state.config.base_url))
}

pub async fn robots(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/plain; charset=utf-8"))
        .insert_header(CachePolicy::PublicHour)
        .body(sitemap::robots_txt(&state.config.base_url))
}
