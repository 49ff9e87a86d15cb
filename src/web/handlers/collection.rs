//! A collection's page: its "Veelgestelde vragen" (on the first page) and
//! every article, by title (default) or by popularity (`?sort=popular`),
//! paginated. A collection key in another case, or with a trailing slash,
//! redirects to the canonical URL (keeping the query). The orders come
//! ready from [`crate::popular`].

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::web::error::PageError;
use crate::web::layout::Layout;
use crate::web::locale;
use crate::web::respond::{html_page, to_local};
use crate::web::state::AppState;
use crate::web::views::article_link::{ArticleLink, links};

const PAGE_SIZE: usize = 50;

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<String>,
    sort: Option<String>,
}

/// The value of `sort` that lists the most read articles first.
const BY_POPULARITY: &str = "popular";

#[derive(Template)]
#[template(path = "collection.html")]
struct CollectionPage {
    layout: Layout,
    name: String,
    count: usize,
    frequently_asked: Vec<ArticleLink>,
    articles: Vec<ArticleLink>,
    page: usize,
    pages: usize,
    base_url: String,
    by_popularity: bool,
}

impl CollectionPage {
    /// The URL of page `page` in the current order.
    fn page_url(&self, page: usize) -> String {
        match (self.by_popularity, page) {
            (false, 1) => self.base_url.clone(),
            (false, n) => format!("{}?page={n}", self.base_url),
            (true, 1) => format!("{}?sort={BY_POPULARITY}", self.base_url),
            (true, n) => format!("{}?sort={BY_POPULARITY}&page={n}", self.base_url),
        }
    }

    fn popular_url(&self) -> String {
        format!("{}?sort={BY_POPULARITY}", self.base_url)
    }

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

pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, PageError> {
    let (segment, key) = path.into_inner();
    let locale = locale::of_segment(&req, &segment)?;
    let library = state.library.current();
    let collection = library
        .collections()
        .iter()
        .find(|c| c.key.eq_ignore_ascii_case(&key))
        .ok_or(PageError::NotFound(locale))?;
    if collection.key != key || segment != locale.path_segment() || req.path().ends_with('/') {
        let mut url = format!("/{}/collections/{}", locale.path_segment(), collection.key);
        if !req.query_string().is_empty() {
            url = format!("{url}?{}", req.query_string());
        }
        return Ok(to_local(StatusCode::MOVED_PERMANENTLY, &url));
    }
    let pages = collection.articles.len().div_ceil(PAGE_SIZE).max(1);
    let page = query
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let by_popularity = query.sort.as_deref() == Some(BY_POPULARITY);
    let lists = state.popular.lists(&library);
    let own = lists.collection(&collection.key);
    let order = match own {
        Some(own) if by_popularity => &own.by_popularity,
        _ => &collection.articles,
    };
    let frequently_asked = match own {
        Some(own) if page == 1 => links(&library, &own.frequently_asked, locale),
        _ => Vec::new(),
    };
    let articles = order
        .iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .filter_map(|&i| library.at(i))
        .map(|a| ArticleLink::dated(a, locale))
        .collect();
    let base_url = format!("/{}/collections/{}", locale.path_segment(), collection.key);
    let layout = Layout::new(
        locale,
        collection.name.clone(),
        format!("/collections/{}", collection.key),
    );
    let page = CollectionPage {
        layout,
        name: collection.name.clone(),
        count: collection.articles.len(),
        frequently_asked,
        articles,
        page,
        pages,
        base_url,
        by_popularity,
    };
    html_page(locale, &page)
}
