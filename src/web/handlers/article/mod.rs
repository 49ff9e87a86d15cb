//! The article page: `/{locale}/articles/{id}`. Ids that differ only in
//! case, a trailing slash, a `.md` suffix or an encoded slash (`%2F`), and
//! old ids of deleted or renamed articles, redirect to the canonical URL
//! (see `web::article_urls`); `{id}.txt` is the plain-text rendition
//! (`text`).
//!
//! The page is cached (see `page_cache`); its feedback form carries a
//! token that does not change between renders or replicas, so the page and
//! its `ETag` stay the same. Only the view right after a feedback post
//! (`?feedback=…`) is rendered fresh, with its thank-you.
//! Opening an article from a search or recommendation page is recorded
//! from the `Referer` this site's own pages send, so article URLs stay
//! canonical and no cookie is needed.

use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::content::{Article, TocEntry};
use crate::i18n::UiLocale;
use crate::insights::{FeedbackKind, QueryKind};
use crate::library::Library;
use crate::web::article_urls::{find_loosely, same_segments};
use crate::web::error::PageError;
use crate::web::layout::{Layout, TrustedHtml};
use crate::web::locale;
use crate::web::respond::{private_html, render as render_template, to_local};
use crate::web::security::is_own_url;
use crate::web::state::AppState;
use crate::web::views::article_link::{ArticleLink, links};
use crate::web::views::feedback::{Answered, FeedbackView};

mod text;

/// How many related articles an article page shows.
const RELATED: usize = 5;

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage<'a> {
    layout: Layout,
    article: &'a Article,
    collection_name: &'a str,
    updated: Option<String>,
    body: TrustedHtml<'a>,
    toc: Vec<TocGroup<'a>>,
    show_toc: bool,
    /// Articles linking here: URL and title.
    backlinks: Vec<(String, &'a str)>,
    /// How many more link here than are listed.
    backlinks_more: usize,
    related: Vec<ArticleLink>,
    feedback: FeedbackView,
    /// Whether the machine-translation notice shows, and its link.
    machine_translated: bool,
    original: Option<String>,
}

/// A section in the table of contents with its subsections.
struct TocGroup<'a> {
    entry: &'a TocEntry,
    children: Vec<&'a TocEntry>,
}

/// Nests H3 entries under the H2 before them.
fn toc_groups(entries: &[TocEntry]) -> Vec<TocGroup<'_>> {
    let mut groups: Vec<TocGroup<'_>> = Vec::new();
    for entry in entries {
        match groups.last_mut() {
            Some(group) if entry.level > group.entry.level => group.children.push(entry),
            _ => groups.push(TocGroup {
                entry,
                children: Vec::new(),
            }),
        }
    }
    groups
}

/// At most this many backlinks are listed.
const MAX_BACKLINKS: usize = 20;

pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (segment, id) = path.into_inner();
    let locale = locale::of_segment(&req, &segment)?;
    let library = state.library.current();
    let Some(article) = find_loosely(&library, &id) else {
        return text::respond(&library, &state.config.base_url, locale, &segment, &id)
            .ok_or(PageError::NotFound(locale));
    };
    let canonical = article.url(locale);
    if article.id != id
        || segment != locale.path_segment()
        || !same_segments(req.path(), &canonical)
    {
        return Ok(to_local(StatusCode::MOVED_PERMANENTLY, &canonical));
    }
    record_open(&req, &state, article);
    if let Some(answered) = Answered::from_query(req.query_string()) {
        let html = render(&state, &library, article, locale, Some(&answered))?;
        return Ok(private_html(StatusCode::OK, html));
    }
    let Some(index) = library.index_of(&article.id) else {
        return Err(PageError::NotFound(locale));
    };
    let keys = state.insights.keys().generation();
    let page = state
        .pages
        .get_or_render(&library, keys, index, locale, || {
            render(&state, &library, article, locale, None)
        })?;
    Ok(page.respond(&req))
}

/// The route pattern of article pages, as metrics and logs name it.
pub const ROUTE: &str = "/{locale}/articles/{id}*";

/// The answer for a request of an article page that is already cached,
/// without going through the router: a GET or HEAD of the canonical URL
/// (`/{locale}/articles/{id}`, exact case, no query, nothing
/// percent-encoded). Everything else — redirects, first renders, the view
/// after a feedback post — is left to [`page`] (`None`).
pub fn from_cache(req: &HttpRequest, state: &AppState) -> Option<HttpResponse> {
    if !(req.method() == Method::GET || req.method() == Method::HEAD)
        || !req.query_string().is_empty()
    {
        return None;
    }
    let (segment, rest) = req.path().strip_prefix('/')?.split_once('/')?;
    let id = rest.strip_prefix("articles/")?;
    if id.contains('%') {
        return None;
    }
    let locale = UiLocale::from_segment(segment).filter(|l| l.path_segment() == segment)?;
    let library = state.library.current();
    let index = library.index_of(id)?;
    let article = library.at(index)?;
    let keys = state.insights.keys().generation();
    let page = state.pages.cached(&library, keys, index, locale)?;
    record_open(req, state, article);
    Some(page.respond(req))
}

/// Records that `article` was opened from one of this site's search or
/// recommended-steps pages, as its `Referer` shows.
fn record_open(req: &HttpRequest, state: &AppState, article: &Article) {
    let Some(referer) = req
        .headers()
        .get(actix_web::http::header::REFERER)
        .and_then(|v| v.to_str().ok())
    else {
        return;
    };
    if !is_own_url(req, &state.config.base_url, referer) {
        return;
    }
    let after_scheme = referer.split_once("://").map_or("", |(_, rest)| rest);
    let path_and_query = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let query = query.split('#').next().unwrap_or("");
    let (kind, key) = match path.rsplit('/').next() {
        Some("search") => (QueryKind::Search, "q"),
        Some("recommend") => (QueryKind::Recommend, "problem"),
        _ => return,
    };
    if locale::from_path(path).is_none() || path.matches('/').count() != 2 {
        return;
    }
    if let Some((_, text)) = form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == key) {
        state.insights.record_open(kind, &text, &article.id);
    }
}

/// The article page's HTML, before caching and compression.
fn render(
    state: &AppState,
    library: &Library,
    article: &Article,
    locale: UiLocale,
    answered: Option<&Answered>,
) -> Result<String, PageError> {
    let mut layout = Layout::new(locale, article.title.clone(), article.path());
    layout.description = article.description.clone();
    layout.canonical = Some(format!(
        "{}{}",
        state.config.base_url.trim_end_matches('/'),
        article.url(locale)
    ));
    layout.noindex = article.meta.noindex();
    layout.og_type = "article";
    let body = article.body(locale);
    let page = ArticlePage {
        layout,
        article,
        collection_name: library.collection_name(&article.collection),
        updated: article.date.map(|d| locale.format_date(d)),
        body: TrustedHtml(&body),
        toc: toc_groups(&article.toc),
        show_toc: article.toc.len() >= 2,
        backlinks: library
            .backlinks(article)
            .take(MAX_BACKLINKS)
            .map(|a| (a.url(locale), a.title.as_str()))
            .collect(),
        backlinks_more: library
            .backlinks(article)
            .count()
            .saturating_sub(MAX_BACKLINKS),
        related: related(library, article, locale),
        feedback: FeedbackView::new(state, locale, FeedbackKind::Article, article, "", answered),
        machine_translated: article.meta.machine_translated(),
        original: library.original_url(article),
    };
    render_template(locale, &page)
}

/// "Gerelateerde artikelen": similar articles from the search index.
fn related(library: &Library, article: &Article, locale: UiLocale) -> Vec<ArticleLink> {
    let Some(ord) = library.index_of(&article.id) else {
        return Vec::new();
    };
    let found = library.search().related(library.articles(), ord, RELATED);
    links(library, &found, locale)
}
