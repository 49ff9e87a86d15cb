//! The home page: search, "describe your problem", collections and the
//! most recently updated articles.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::web::error::{PageError, html_page};
use crate::web::layout::Layout;
use crate::web::{AppState, locale};

/// How many articles each collection shows on the home page.
const PER_COLLECTION: usize = 8;
const RECENT: usize = 8;

/// A link to an article in a list.
pub struct ArticleLink {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
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
    let collections = library
        .collections()
        .iter()
        .map(|c| CollectionSummary {
            key: c.key.clone(),
            name: c.name.clone(),
            count: c.articles.len(),
            url: format!("/{}/collections/{}", locale.path_segment(), c.key),
            top: c
                .articles
                .iter()
                .take(PER_COLLECTION)
                .filter_map(|&i| library.at(i))
                .map(|a| ArticleLink {
                    title: a.title.clone(),
                    url: a.url(locale),
                    date: None,
                })
                .collect(),
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
        collections,
        recent,
    };
    html_page(locale, &page)
}
