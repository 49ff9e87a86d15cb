//! `GET /{locale}/search`: the results page, with filters by collection,
//! sorting, paging, a spelling suggestion, a note naming the words that
//! looser matches leave out, near-copies under their result ("ook in") and
//! a mark on results found by meaning alone.

use std::fmt;

use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::content::Article;
use crate::i18n::UiLocale;
use crate::library::Library;
use crate::search::{Hit, SearchResults, Sort};
use crate::web::error::PageError;
use crate::web::layout::Layout;
use crate::web::locale;
use crate::web::respond::render;
use crate::web::state::AppState;

use super::params::{PER_PAGE, Params, record, run};

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
    /// Near-copies (title, URL).
    also: Vec<(String, String)>,
    relaxed: bool,
    by_meaning: bool,
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
    /// The words looser matches leave out, joined for the note.
    relaxed: Option<String>,
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

fn result_view(library: &Library, locale: UiLocale, article: &Article, hit: &Hit) -> ResultView {
    ResultView {
        also: hit
            .also
            .iter()
            .filter_map(|&o| library.at(o))
            .map(|c| (c.title.clone(), c.url(locale)))
            .collect(),
        relaxed: hit.relaxed,
        by_meaning: hit.by_meaning,
        title: article.title.clone(),
        url: article.url(locale),
        collection_name: library.collection_name(&article.collection).to_owned(),
        collection_url: format!(
            "/{}/collections/{}",
            locale.path_segment(),
            article.collection
        ),
        date: article.date.map(|d| locale.format_date(d)),
        snippet: MarkedSnippet(hit.snippet_html.clone()),
    }
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
    let found = run(&state, &library, &params, PER_PAGE).await;
    record(&state, &library, &params, &found);
    let key = params.cache_key("page", locale, PER_PAGE, library.vectors().is_some());
    let page = state
        .rendered
        .get_or_render(&library, key, ContentType::html(), || {
            render_page(&library, locale, &params, &found)
        })?;
    Ok(page.respond(&req))
}

/// The results page's HTML.
fn render_page(
    library: &Library,
    locale: UiLocale,
    params: &Params,
    found: &SearchResults,
) -> Result<String, PageError> {
    let q = params.q.as_str();
    let results = found
        .hits
        .iter()
        .filter_map(|hit| {
            let article = library.at(hit.article)?;
            Some(result_view(library, locale, article, hit))
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
        relaxed: (!found.relaxed.is_empty()).then(|| found.relaxed.join(", ")),
    };
    render(locale, &page)
}
