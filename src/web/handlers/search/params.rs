//! What every search answer shares: its parameters read leniently from
//! the query string, running the search and counting and recording it.

use std::sync::Arc;

use actix_web::HttpRequest;

use crate::i18n::UiLocale;
use crate::library::Library;
use crate::search::fuse::MEANING_CANDIDATES;
use crate::search::{SearchRequest, SearchResults, Sort};
use crate::web::state::AppState;

/// Results per page on the HTML page, and by default in the JSON.
pub const PER_PAGE: usize = 10;

/// The first value of each known parameter in a query string.
#[derive(Debug, Default)]
pub struct Params {
    pub q: String,
    pub page: usize,
    pub per_page: Option<usize>,
    pub collection: Option<String>,
    pub sort: Sort,
    pub locale: Option<UiLocale>,
    pub format: String,
}

impl Params {
    pub fn from_request(req: &HttpRequest) -> Params {
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
    /// `meaning`: the answer fuses meaning (pages made before the article
    /// vectors were ready differ).
    pub fn cache_key(
        &self,
        kind: &str,
        locale: UiLocale,
        per_page: usize,
        meaning: bool,
    ) -> String {
        format!(
            "{kind}\u{0}{}\u{0}{}\u{0}{per_page}\u{0}{}\u{0}{}\u{0}{meaning}\u{0}{}",
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

/// The results for `params`, none for an empty query: words fused with the
/// nearest articles by meaning once the snapshot has its article vectors
/// (a search asked before is answered without embedding it again).
pub async fn run(
    state: &AppState,
    library: &Library,
    params: &Params,
    per_page: usize,
) -> Arc<SearchResults> {
    if params.q.is_empty() {
        return Arc::default();
    }
    let search = library.search();
    let mut request = params.request(per_page);
    let Some(vectors) = library.vectors() else {
        return search.search(library.articles(), &request);
    };
    let probe = SearchRequest {
        meaning: Some(&[]),
        ..request.clone()
    };
    if let Some(found) = search.cached(&probe) {
        return found;
    }
    let near = match state.semantic.query(&params.q).await {
        Some(vector) => vectors.nearest_overall(&vector, MEANING_CANDIDATES),
        None => Vec::new(),
    };
    if !near.is_empty() {
        request.meaning = Some(&near);
    }
    search.search(library.articles(), &request)
}

/// Counts a search in the metrics (every page) and records it for the
/// staff insights (its first page only, so paging through results counts
/// once). Never waits.
pub fn record(state: &AppState, library: &Library, params: &Params, found: &SearchResults) {
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
