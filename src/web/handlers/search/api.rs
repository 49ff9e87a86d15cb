//! The JSON endpoints: `GET /api/v1/search` (results, kept for the
//! snapshot like the results page) and `GET /api/v1/suggest` (titles
//! while typing).

use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::content::Article;
use crate::i18n::UiLocale;
use crate::library::Library;
use crate::search::SearchResults;
use crate::web::cache_policy::CachePolicy;
use crate::web::state::AppState;

use super::params::{PER_PAGE, Params, record, run};

/// Titles offered while typing.
const SUGGESTIONS: usize = 8;

#[derive(Serialize)]
struct ApiResult {
    id: String,
    title: String,
    url: String,
    /// Escaped text with `<mark>` around matched words.
    snippet: String,
    /// `YYYY-MM-DD`, or null.
    date: Option<String>,
    collection: String,
    /// Near-copies of this article ("ook in").
    also: Vec<ApiCopy>,
    /// A looser match: it lacks some of the words.
    relaxed: bool,
    /// Found by meaning alone.
    by_meaning: bool,
}

#[derive(Serialize)]
struct ApiCopy {
    id: String,
    title: String,
    url: String,
}

#[derive(Serialize)]
struct ApiResults {
    total: usize,
    page: usize,
    pages: usize,
    /// Words (as typed) that the looser matches leave out.
    relaxed_words: Vec<String>,
    results: Vec<ApiResult>,
}

fn json(value: &impl Serialize) -> HttpResponse {
    match serde_json::to_string(value) {
        Ok(body) => HttpResponse::Ok()
            .content_type(ContentType::json())
            .insert_header(CachePolicy::NoStore)
            .body(body),
        Err(_) => HttpResponse::Ok()
            .content_type(ContentType::json())
            .body("{}"),
    }
}

/// `GET /api/v1/search?q=&page=&per_page=&collection=&sort=&locale=`; the
/// JSON is kept for the snapshot like the results page.
pub async fn api(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let params = Params::from_request(&req);
    let locale = params.locale.unwrap_or(UiLocale::DEFAULT);
    let per_page = params.per_page.unwrap_or(PER_PAGE);
    let library = state.library.current();
    let found = run(&state, &library, &params, per_page).await;
    record(&state, &library, &params, &found);
    let key = params.cache_key("api", locale, per_page, library.vectors().is_some());
    let body = state
        .rendered
        .get_or_render(&library, key, ContentType::json(), || {
            serde_json::to_string(&api_results(&library, locale, &found))
        });
    match body {
        Ok(body) => body.respond(&req),
        Err(_) => json(&serde_json::json!({})),
    }
}

fn api_results(library: &Library, locale: UiLocale, found: &SearchResults) -> ApiResults {
    let results = found
        .hits
        .iter()
        .filter_map(|hit| {
            let a = library.at(hit.article)?;
            Some(ApiResult {
                id: a.id.clone(),
                title: a.title.clone(),
                url: a.url(locale),
                snippet: hit.snippet_html.clone(),
                date: a.date.map(|d| d.to_string()),
                collection: a.collection.clone(),
                also: hit
                    .also
                    .iter()
                    .filter_map(|&o| library.at(o))
                    .map(|c| ApiCopy {
                        id: c.id.clone(),
                        title: c.title.clone(),
                        url: c.url(locale),
                    })
                    .collect(),
                relaxed: hit.relaxed,
                by_meaning: hit.by_meaning,
            })
        })
        .collect();
    ApiResults {
        total: found.total,
        page: found.page.max(1),
        pages: found.pages.max(1),
        relaxed_words: found.relaxed.clone(),
        results,
    }
}

#[derive(Serialize)]
struct Suggestion {
    title: String,
    url: String,
}

/// `GET /api/v1/suggest?q=&locale=`: article titles for what is being
/// typed, as `[{"title","url"}]`, or with `format=opensearch` the
/// OpenSearch suggestions array `[q, [titles]]`.
pub async fn suggest(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let params = Params::from_request(&req);
    let locale = params.locale.unwrap_or(UiLocale::DEFAULT);
    let library = state.library.current();
    let found: Vec<&Article> = library
        .search()
        .suggest(library.articles(), &params.q, SUGGESTIONS)
        .into_iter()
        .filter_map(|o| library.at(o))
        .collect();
    if params.format == "opensearch" {
        let titles: Vec<&str> = found.iter().map(|a| a.title.as_str()).collect();
        return json(&(params.q.as_str(), titles));
    }
    let list: Vec<Suggestion> = found
        .iter()
        .map(|a| Suggestion {
            title: a.title.clone(),
            url: a.url(locale),
        })
        .collect();
    json(&list)
}
