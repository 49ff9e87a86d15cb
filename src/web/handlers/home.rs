//! The home page: search, "describe your problem", "Veelgestelde vragen",
//! the collections with their own most asked articles, and the most
//! recently updated articles. The lists come ready from
//! [`crate::popular`]; nothing here counts or queries.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::web::error::PageError;
use crate::web::layout::Layout;
use crate::web::locale;
use crate::web::respond::{html_page, to_local};
use crate::web::state::AppState;
use crate::web::views::article_link::{ArticleLink, links};

/// How many articles each collection's card shows.
const PER_COLLECTION: usize = 5;
const RECENT: usize = 8;

/// A collection's card on the home page.
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
        return Ok(to_local(
            StatusCode::MOVED_PERMANENTLY,
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
        .map(|a| ArticleLink::dated(a, locale))
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
