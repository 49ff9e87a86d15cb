//! `sitemap.xml` and `robots.txt`, both with absolute URLs under the
//! configured `base_url`.

use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use actix_web::{HttpResponse, web};

use crate::library::sitemap;
use crate::web::AppState;

pub async fn sitemap(state: web::Data<AppState>) -> HttpResponse {
    let library = state.library.current();
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "application/xml; charset=utf-8"))
        .insert_header((CACHE_CONTROL, "public, max-age=3600"))
        .body(sitemap::sitemap_xml(&library, &state.config.base_url))
}

pub async fn robots(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/plain; charset=utf-8"))
        .insert_header((CACHE_CONTROL, "public, max-age=3600"))
        .body(sitemap::robots_txt(&state.config.base_url))
}
