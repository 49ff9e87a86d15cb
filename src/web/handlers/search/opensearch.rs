//! `GET /{locale}/opensearch.xml`: the OpenSearch description that lets a
//! browser add the portal as a search engine.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::web::error::PageError;
use crate::web::locale;
use crate::web::respond::render;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "opensearch.xml")]
struct OpenSearch {
    name: String,
    description: String,
    lang: &'static str,
    base: String,
    segment: &'static str,
}

/// `GET /{locale}/opensearch.xml`: lets a browser add the portal as a
/// search engine.
pub async fn opensearch(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let locale = locale::of_segment(&req, &path)?;
    let doc = OpenSearch {
        name: locale.t("site-name"),
        description: locale.t("opensearch-description"),
        lang: locale.lang_tag(),
        base: state.config.base_url.trim_end_matches('/').to_owned(),
        segment: locale.path_segment(),
    };
    let body = render(locale, &doc)?;
    Ok(HttpResponse::Ok()
        .content_type("application/opensearchdescription+xml; charset=utf-8")
        .body(body))
}
