//! The article page: `/{locale}/articles/{id}`. Ids that differ only in
//! case, a trailing slash or a `.md` suffix redirect to the canonical URL.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::content::{Article, TocEntry};
use crate::i18n::UiLocale;
use crate::library::Library;
use crate::web::error::PageError;
use crate::web::layout::{Layout, TrustedHtml};
use crate::web::{AppState, locale};

use super::redirects::to_local;

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage<'a> {
    layout: Layout,
    article: &'a Article,
    collection_name: &'a str,
    updated: Option<String>,
    body: TrustedHtml<'a>,
    toc: &'a [TocEntry],
    show_toc: bool,
}

/// The article for an id as users and old links write it: any case, with
/// a trailing slash or a `.md` suffix.
pub fn find_loosely<'a>(library: &'a Library, raw: &str) -> Option<&'a Article> {
    let trimmed = raw.trim_matches('/');
    library.get_ignoring_case(trimmed).or_else(|| {
        let lower = trimmed.to_ascii_lowercase();
        lower
            .strip_suffix(".md")
            .and_then(|id| library.get_ignoring_case(id))
    })
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
    let article = find_loosely(&library, &id).ok_or(PageError::NotFound(locale))?;
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
        toc: &article.toc,
        show_toc: article.toc.iter().filter(|e| e.level == 2).count() >= 2,
    };
    page.render()
        .map_err(|e| PageError::Internal(locale, e.to_string()))
}
