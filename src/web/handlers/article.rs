//! The article page: `/{locale}/articles/{id}`. Ids that differ only in
//! case, a trailing slash or a `.md` suffix, and old ids of deleted or
//! renamed articles, redirect to the canonical URL; `{id}.txt` is the
//! plain-text rendition.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::content::{Article, TocEntry};
use crate::i18n::UiLocale;
use crate::library::Library;
use crate::web::error::PageError;
use crate::web::layout::{Layout, TrustedHtml};
use crate::web::{AppState, locale};

use super::home::ArticleLink;
use super::redirects::to_local;

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

/// The article for an id as users and old links write it: any case, with
/// a trailing slash or a `.md` suffix, or an old id it replaced.
pub fn find_loosely<'a>(library: &'a Library, raw: &str) -> Option<&'a Article> {
    let trimmed = raw.trim_matches('/');
    library
        .get_ignoring_case(trimmed)
        .or_else(|| {
            let lower = trimmed.to_ascii_lowercase();
            lower
                .strip_suffix(".md")
                .and_then(|id| library.get_ignoring_case(id))
        })
        .or_else(|| library.moved(trimmed))
}

pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (segment, id) = path.into_inner();
    let locale = UiLocale::from_segment(&segment)
        .ok_or_else(|| PageError::NotFound(locale::negotiated(&req)))?;
    let library = state.library.current();
    let Some(article) = find_loosely(&library, &id) else {
        return super::article_text::respond(
            &library,
            &state.config.base_url,
            locale,
            &segment,
            &id,
        )
        .ok_or(PageError::NotFound(locale));
    };
    if article.id != id || segment != locale.path_segment() {
        return Ok(to_local(
            StatusCode::MOVED_PERMANENTLY,
            &article.url(locale),
        ));
    }
    let Some(index) = library.index_of(&article.id) else {
        return Err(PageError::NotFound(locale));
    };
    let page = state.pages.get_or_render(&library, index, locale, || {
        render(&state, &library, article, locale)
    })?;
    Ok(page.respond(&req))
}

/// The article page's HTML, before caching and compression.
fn render(
    state: &AppState,
    library: &Library,
    article: &Article,
    locale: UiLocale,
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
    let page = ArticlePage {
        layout,
        article,
        collection_name: library.collection_name(&article.collection),
        updated: article.date.map(|d| locale.format_date(d)),
        body: TrustedHtml(article.body_html(locale)),
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
    };
    page.render()
        .map_err(|e| PageError::Internal(locale, e.to_string()))
}

/// "Gerelateerde artikelen": similar articles from the search index.
fn related(library: &Library, article: &Article, locale: UiLocale) -> Vec<ArticleLink> {
    let Some(ord) = library.index_of(&article.id) else {
        return Vec::new();
    };
    library
        .search()
        .related(library.articles(), ord, RELATED)
        .into_iter()
        .filter_map(|i| library.at(i))
        .map(|a| ArticleLink {
            title: a.title.clone(),
            url: a.url(locale),
            date: None,
        })
        .collect()
}
