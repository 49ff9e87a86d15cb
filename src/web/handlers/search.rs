//! Search for people and tools: the results page `/{locale}/search`, the
//! JSON endpoints `/api/v1/search` and `/api/v1/suggest`, and the OpenSearch
//! description `/{locale}/opensearch.xml`. The engine is
//! [`crate::search`]; this file only reads parameters and fills templates.
//!
//! Parameters are read leniently from the raw query string, so no input
//! (duplicate keys, broken encoding, 10,000 characters) can fail a request.

use std::fmt;
use std::sync::Arc;

use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Serialize;

use crate::content::Article;
use crate::i18n::UiLocale;
use crate::library::Library;
use crate::search::{SearchRequest, SearchResults, Sort};
use crate::web::cache_policy::CachePolicy;
use crate::web::error::PageError;
use crate::web::layout::Layout;
use crate::web::{AppState, locale};

/// Results per page on the HTML page.
const PER_PAGE: usize = 10;
/// Titles offered while typing.
const SUGGESTIONS: usize = 8;
/// A search finding fewer articles than this also offers the closest
/// articles by meaning.
const FEW_RESULTS: usize = 3;
/// How many articles by meaning are offered.
const NEARBY: usize = 5;
/// The least closeness (mean cosine of passage and title) for an article to
/// be offered by meaning: below it the closest articles to a short search
/// are rarely an answer (BENCHMARKS.md).
const NEARBY_FLOOR: f32 = 0.855;

/// The first value of each known parameter in a query string.
#[derive(Debug, Default)]
struct Params {
    q: String,
    page: usize,
    per_page: Option<usize>,
    collection: Option<String>,
    sort: Sort,
    locale: Option<UiLocale>,
    format: String,
}

impl Params {
    fn from_request(req: &HttpRequest) -> Params {
        let mut p = Params {
            page: 1,
            ..Params::default()
        };
        let mut seen: Vec<String> = Vec::new();
        for (key, value) in form_urlencoded::parse(req.query_string().as_bytes()) {
            if seen.iter().any(|k| *k == key) {
                continue;
            }
            seen.push(key.to_string());
            match &*key {
                "q" => p.q = crate::search::query::clean(&value),
                "page" => p.page = value.trim().parse().unwrap_or(1),
                "per_page" => p.per_page = value.trim().parse().ok(),
                "collection" => {
                    p.collection = Some(value.trim().to_owned()).filter(|c| !c.is_empty());
                }
                "sort" => p.sort = Sort::parse(&value),
                "locale" => p.locale = UiLocale::from_segment(value.trim()),
                "format" => p.format = value.into_owned(),
                _ => {}
            }
        }
        p
    }

    /// Everything a response for these parameters depends on besides the
    /// snapshot, for the rendered-response cache.
    fn cache_key(&self, kind: &str, locale: UiLocale, per_page: usize) -> String {
        format!(
            "{kind}\u{0}{}\u{0}{}\u{0}{per_page}\u{0}{}\u{0}{}\u{0}{}",
            locale.path_segment(),
            self.page,
            self.collection.as_deref().unwrap_or_default(),
            self.sort.as_str(),
            self.q
        )
    }

    fn request(&self, per_page: usize) -> SearchRequest<'_> {
        let mut r = SearchRequest::new(&self.q);
        r.collection = self.collection.as_deref();
        r.sort = self.sort;
        r.page = self.page;
        r.per_page = per_page;
        r
    }
}

/// A search page URL with these parameters, encoded.
fn search_url(
    locale: UiLocale,
    q: &str,
    collection: Option<&str>,
    sort: Sort,
    page: usize,
) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    s.append_pair("q", q);
    if let Some(c) = collection {
        s.append_pair("collection", c);
    }
    if sort != Sort::Relevance {
        s.append_pair("sort", sort.as_str());
    }
    if page > 1 {
        s.append_pair("page", &page.to_string());
    }
    format!("/{}/search?{}", locale.path_segment(), s.finish())
}

/// Snippet HTML from [`crate::search`]: the article text escaped by
/// tantivy's `Snippet::to_html`, with only `<mark>` added. Nothing else may
/// be wrapped in it.
pub struct MarkedSnippet(String);

impl fmt::Display for MarkedSnippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl askama::filters::HtmlSafe for MarkedSnippet {}

struct ResultView {
    title: String,
    url: String,
    collection_name: String,
    collection_url: String,
    date: Option<String>,
    snippet: MarkedSnippet,
}

struct FilterView {
    name: String,
    count: usize,
    url: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    query: String,
    searched: bool,
    total: usize,
    results: Vec<ResultView>,
    filters: Vec<FilterView>,
    all_url: String,
    all_count: usize,
    filtered: bool,
    relevance_url: String,
    date_url: String,
    by_date: bool,
    page: usize,
    pages: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    suggestion: Option<(String, String)>,
    recommend_url: String,
    /// "Misschien bedoelt u": the closest articles by meaning (title, URL),
    /// never mixed into `results`.
    nearby: Vec<(String, String)>,
}

impl SearchPage {
    fn page_label(&self) -> String {
        self.layout.locale.t_args(
            "pagination-page",
            &[
                ("page", (self.page as u64).into()),
                ("pages", (self.pages as u64).into()),
            ],
        )
    }
}

fn run(library: &Library, params: &Params, per_page: usize) -> Arc<SearchResults> {
    if params.q.is_empty() {
        return Arc::default();
    }
    library
        .search()
        .search(library.articles(), &params.request(per_page))
}

fn result_view(
    library: &Library,
    locale: UiLocale,
    article: &Article,
    snippet: String,
) -> ResultView {
    ResultView {
        title: article.title.clone(),
        url: article.url(locale),
        collection_name: library.collection_name(&article.collection).to_owned(),
        collection_url: format!(
            "/{}/collections/{}",
            locale.path_segment(),
            article.collection
        ),
        date: article.date.map(|d| locale.format_date(d)),
        snippet: MarkedSnippet(snippet),
    }
}

/// Counts a search in the metrics (every page) and records it for the
/// staff insights (its first page only, so paging through results counts
/// once). Never waits.
fn record(state: &AppState, library: &Library, params: &Params, found: &SearchResults) {
    if params.q.is_empty() {
        return;
    }
    crate::metrics::search(found.total);
    if params.page > 1 {
        return;
    }
    let first = found
        .hits
        .first()
        .and_then(|hit| library.at(hit.article))
        .map(|a| a.id.as_str());
    state.insights.record_search(&params.q, found.total, first);
}

/// `GET /{locale}/search?q=&page=&collection=&sort=`. The rendered page is
/// kept for the snapshot, so a search asked again skips rendering; it is
/// still counted and recorded every time.
pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let locale = locale::of_segment(&req, &path)?;
    let params = Params::from_request(&req);
    let library = state.library.current();
    let found = run(&library, &params, PER_PAGE);
    record(&state, &library, &params, &found);
    let few = !params.q.is_empty()
        && found.total < FEW_RESULTS
        && params.page <= 1
        && library.vectors().is_some();
    let mut key = params.cache_key("page", locale, PER_PAGE);
    let mut nearby = Vec::new();
    if few {
        // Pages made before the article vectors were ready differ.
        key.push_str("\u{0}meaning");
        if !state.rendered.contains(&library, &key) {
            nearby = closest_by_meaning(&state, &library, locale, &params.q, &found).await;
        }
    }
    let page = state
        .rendered
        .get_or_render(&library, key, ContentType::html(), || {
            render_page(&library, locale, &params, &found, nearby)
        })?;
    Ok(page.respond(&req))
}

/// The articles closest in meaning to `q` that the word search did not
/// find, close enough to be worth offering.
async fn closest_by_meaning(
    state: &AppState,
    library: &Library,
    locale: UiLocale,
    q: &str,
    found: &SearchResults,
) -> Vec<(String, String)> {
    let (Some(vectors), Some(query)) = (library.vectors(), state.semantic.query(q).await) else {
        return Vec::new();
    };
    vectors
        .nearest_overall(&query, NEARBY + found.hits.len())
        .into_iter()
        .filter(|(doc, cosine)| {
            *cosine >= NEARBY_FLOOR && !found.hits.iter().any(|h| h.article == *doc)
        })
        .filter_map(|(doc, _)| library.at(doc))
        .take(NEARBY)
        .map(|article| (article.title.clone(), article.url(locale)))
        .collect()
}

/// The results page's HTML.
fn render_page(
    library: &Library,
    locale: UiLocale,
    params: &Params,
    found: &SearchResults,
    nearby: Vec<(String, String)>,
) -> Result<String, PageError> {
    let q = params.q.as_str();
    let results = found
        .hits
        .iter()
        .filter_map(|hit| {
            let article = library.at(hit.article)?;
            Some(result_view(
                library,
                locale,
                article,
                hit.snippet_html.clone(),
            ))
        })
        .collect();
    let filters = found
        .collections
        .iter()
        .map(|(key, count)| FilterView {
            name: library.collection_name(key).to_owned(),
            count: *count,
            url: search_url(locale, q, Some(key), params.sort, 1),
            active: params.collection.as_deref() == Some(key.as_str()),
        })
        .collect();
    let collection = params.collection.as_deref();
    let mut recommend = form_urlencoded::Serializer::new(String::new());
    recommend.append_pair("problem", q);
    let title = if q.is_empty() {
        locale.t("search-title")
    } else {
        locale.t_with("search-results-title", "query", q)
    };
    let mut layout = Layout::new(locale, title, "/search");
    layout.query = params.q.clone();
    layout.noindex = true;
    let page = SearchPage {
        layout,
        query: params.q.clone(),
        searched: !q.is_empty(),
        total: found.total,
        results,
        filters,
        all_url: search_url(locale, q, None, params.sort, 1),
        all_count: found.collections.iter().map(|(_, n)| n).sum(),
        filtered: collection.is_some(),
        relevance_url: search_url(locale, q, collection, Sort::Relevance, 1),
        date_url: search_url(locale, q, collection, Sort::Date, 1),
        by_date: params.sort == Sort::Date,
        page: found.page.max(1),
        pages: found.pages.max(1),
        prev_url: (found.page > 1)
            .then(|| search_url(locale, q, collection, params.sort, found.page - 1)),
        next_url: (found.page < found.pages)
            .then(|| search_url(locale, q, collection, params.sort, found.page + 1)),
        suggestion: found.suggestion.as_ref().map(|s| {
            let url = search_url(locale, s, collection, params.sort, 1);
            (s.clone(), url)
        }),
        recommend_url: format!(
            "/{}/recommend?{}",
            locale.path_segment(),
            recommend.finish()
        ),
        nearby,
    };
    page.render()
        .map_err(|e| PageError::Internal(locale, e.to_string()))
}

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
}

#[derive(Serialize)]
struct ApiResults {
    total: usize,
    page: usize,
    pages: usize,
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
    let found = run(&library, &params, per_page);
    record(&state, &library, &params, &found);
    let key = params.cache_key("api", locale, per_page);
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
            })
        })
        .collect();
    ApiResults {
        total: found.total,
        page: found.page.max(1),
        pages: found.pages.max(1),
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
    let body = doc
        .render()
        .map_err(|e| PageError::Internal(locale, e.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type("application/opensearchdescription+xml; charset=utf-8")
        .body(body))
}
