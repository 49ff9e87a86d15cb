//! The home page: search, "describe your problem", "Veelgestelde vragen",
//! the collections with their own most asked articles, and the most
//! recently updated articles. The lists come ready from
//! [`crate::popular`]; nothing here counts or queries.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::i18n::UiLocale;
use crate::library::Library;
use crate::web::error::{PageError, html_page};
use crate::web::layout::Layout;
use crate::web::{AppState, locale};

/// How many articles each collection's card shows.
const PER_COLLECTION: usize = 5;
const RECENT: usize = 8;

/// A link to an article in a list.
pub struct ArticleLink {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
}

/// Links to the articles at `indices`, without dates.
pub fn links(library: &Library, indices: &[usize], locale: UiLocale) -> Vec<ArticleLink> {
    indices
        .iter()
        .filter_map(|&i| library.at(i))
        .map(|a| ArticleLink {
            title: a.title.clone(),
            url: a.url(locale),
            date: None,
        })
        .collect()
}

pub struct CollectionSummary {
    pub key: String,
    pub name: String,
    pub count: usize,
    pub url: String,
    pub top: Vec<ArticleLink>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    total: usize,
    frequently_asked: Vec<ArticleLink>,
    collections: Vec<CollectionSummary>,
    recent: Vec<ArticleLink>,
}

pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let locale = locale::of_segment(&req, &path)?;
    if path.as_str() != locale.path_segment() {
        return Ok(super::redirects::to_local(
            actix_web::http::StatusCode::MOVED_PERMANENTLY,
            &format!("/{}/", locale.path_segment()),
        ));
    }
    let library = state.library.current();
    let lists = state.popular.lists(&library);
    let collections = library
        .collections()
        .iter()
        .map(|c| {
            let top = lists.collection(&c.key).map_or(&[][..], |l| {
                &l.frequently_asked[..l.frequently_asked.len().min(PER_COLLECTION)]
            });
            CollectionSummary {
                key: c.key.clone(),
                name: c.name.clone(),
                count: c.articles.len(),
                url: format!("/{}/collections/{}", locale.path_segment(), c.key),
                top: links(&library, top, locale),
            }
        })
        .collect();
    let recent = library
        .recent(RECENT)
        .map(|a| ArticleLink {
            title: a.title.clone(),
            url: a.url(locale),
            date: a.date.map(|d| locale.format_date(d)),
        })
        .collect();
    let mut layout = Layout::new(locale, locale.t("home-title"), "/");
    layout.description = locale.t("site-tagline");
    layout.canonical = Some(format!(
        "{}/{}/",
        state.config.base_url.trim_end_matches('/'),
        locale.path_segment()
    ));
    let page = HomePage {
        layout,
        total: library.articles().len(),
        frequently_asked: links(&library, &lists.frequently_asked, locale),
        collections,
        recent,
    };
    html_page(locale, &page)
}
