//! What a search asks for: the words, the collection filter, the order,
//! the page and, when the caller embedded the query, its nearest articles
//! by meaning.

use super::query::Matching;

/// Result order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Sort {
    /// Best match first (identifier matches before everything).
    #[default]
    Relevance,
    /// Most recently updated first.
    Date,
}

impl Sort {
    /// `date` → [`Sort::Date`]; anything else is relevance.
    pub fn parse(value: &str) -> Sort {
        if value.trim().eq_ignore_ascii_case("date") {
            Sort::Date
        } else {
            Sort::Relevance
        }
    }

    /// The URL value.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Date => "date",
        }
    }
}

/// One search as the user asked it.
#[derive(Debug, Clone)]
pub struct SearchRequest<'a> {
    pub query: &'a str,
    /// Only this collection (key), when set.
    pub collection: Option<&'a str>,
    pub sort: Sort,
    /// 1-based; clamped to the pages there are.
    pub page: usize,
    /// Clamped to 1..=[`super::MAX_PER_PAGE`].
    pub per_page: usize,
    pub matching: Matching,
    /// The nearest articles by meaning (closest first, with their
    /// closeness), to fuse with the word matches; `None`: words alone.
    pub meaning: Option<&'a [(usize, f32)]>,
}

impl<'a> SearchRequest<'a> {
    /// The first page of results for `query`, by relevance.
    pub fn new(query: &'a str) -> SearchRequest<'a> {
        SearchRequest {
            query,
            collection: None,
            sort: Sort::Relevance,
            page: 1,
            per_page: 10,
            matching: Matching::default(),
            meaning: None,
        }
    }
}
