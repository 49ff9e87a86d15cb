//! Dutch full-text search over the loaded articles.
//!
//! [`SearchIndex::build`] makes an in-RAM tantivy index from the articles of
//! one library snapshot (it is part of that snapshot, so a reload rebuilds
//! it with everything else). Then:
//!
//! * [`SearchIndex::search`]: user text → ranked, filtered, paginated hits
//!   with `<mark>` snippets, per-collection counts and a "did you mean"
//!   spelling. Identifiers (`ms.custom`, `ms.assetid`, article ids) come
//!   first; every other word goes through [`query`], never through tantivy's
//!   query grammar, so any input gives a normal result.
//! * [`SearchIndex::related`]: similar articles (more-like-this), without the
//!   article itself and without near-identical copies.
//! * [`SearchIndex::suggest`]: titles for a search box that is being typed in.
//!
//! How Dutch words are analysed, split, corrected and expanded with
//! synonyms is the language layer's ([`crate::nl`]); this module turns that
//! into tantivy fields and queries. [`query`] parses and builds queries
//! (with [`clauses`]), `index` builds the index, `snippet` marks the
//! matched words, `suggest` completes titles and `cache` keeps recent
//! results.

mod cache;
mod clauses;
mod index;
pub mod query;
mod related;
mod snippet;
mod suggest;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;

use tantivy::collector::TopDocs;
use tantivy::query::{Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Searcher, Term};

use crate::content::Article;
use crate::nl::analysis;
use crate::nl::compound::Splitter;
use crate::nl::spelling::Spelling;
use crate::nl::synonyms::{self, Synonyms};
use cache::ResultCache;
use index::Fields;
pub use index::identifiers;
pub use query::Matching;
use snippet::{SNIPPET_CHARS, snippet};
use suggest::Titles;

/// The most results one page may hold.
pub const MAX_PER_PAGE: usize = 100;

/// The index could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Synonyms(#[from] synonyms::SynonymsError),
}

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
    /// Clamped to 1..=[`MAX_PER_PAGE`].
    pub per_page: usize,
    pub matching: Matching,
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
        }
    }
}

/// Matches per collection key, most first (ties by key).
fn collection_counts(articles: &[Article], ranked: &[usize]) -> Vec<(String, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for &o in ranked {
        if let Some(a) = articles.get(o) {
            *counts.entry(a.collection.as_str()).or_default() += 1;
        }
    }
    let mut collections: Vec<(String, usize)> =
        counts.into_iter().map(|(k, n)| (k.to_owned(), n)).collect();
    collections.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    collections
}

/// One result on the requested page.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Index into the library's articles.
    pub article: usize,
    /// Escaped text with the matched words in `<mark>…</mark>`.
    pub snippet_html: String,
}

/// Results of one search.
#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    /// Matches after the collection filter.
    pub total: usize,
    /// The page shown (1-based) and how many there are.
    pub page: usize,
    pub pages: usize,
    pub hits: Vec<Hit>,
    /// Matches per collection key before the filter, most first.
    pub collections: Vec<(String, usize)>,
    /// A spelling the index knows, when a word of the query is unknown.
    pub suggestion: Option<String>,
}

/// The search index of one library snapshot.
pub struct SearchIndex {
    searcher: Searcher,
    fields: Fields,
    ords: Vec<Vec<u32>>,
    vocabulary: HashMap<String, u32>,
    spelling: Arc<Spelling>,
    compounds: Splitter,
    synonyms: Synonyms,
    /// Article titles, for suggestions.
    titles: Titles,
    /// Stems of the vocabulary, for snippets.
    stems: analysis::KnownStems,
    results: ResultCache<ResultKey, SearchResults>,
}

impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchIndex")
            .field("docs", &self.searcher.num_docs())
            .field("vocabulary", &self.vocabulary.len())
            .field("compound_words", &self.compounds.len())
            .field("synonym_groups", &self.synonyms.group_count())
            .finish()
    }
}

impl SearchIndex {
    /// Indexes `articles` (the library's order gives the hit indices).
    pub fn build(articles: &[Article], synonyms: Synonyms) -> Result<SearchIndex, SearchError> {
        SearchIndex::build_alongside(articles, synonyms, |_| ()).map(|(index, ())| index)
    }

    /// Like [`SearchIndex::build`], running `alongside` on another core
    /// while the documents are indexed; it gets the spelling corrector as
    /// soon as the vocabulary is known (the recommender needs it).
    pub fn build_alongside<R: Send>(
        articles: &[Article],
        synonyms: Synonyms,
        alongside: impl FnOnce(Arc<Spelling>) -> R + Send,
    ) -> Result<(SearchIndex, R), SearchError> {
        let folded = index::fold(articles);
        let spelling = Arc::new(Spelling::new(&folded.vocabulary));
        let shared = Arc::clone(&spelling);
        let (built, other) = rayon::join(
            || index::build_folded(articles, folded),
            || (alongside(shared), Titles::new(articles)),
        );
        let built = built?;
        let (result, titles) = other;
        let index = SearchIndex {
            searcher: built.searcher,
            fields: built.fields,
            ords: built.ords,
            spelling,
            stems: analysis::KnownStems::new(built.vocabulary.keys()),
            vocabulary: built.vocabulary,
            compounds: built.compounds,
            synonyms,
            titles,
            results: ResultCache::default(),
        };
        Ok((index, result))
    }

    /// How many articles are indexed.
    pub fn len(&self) -> usize {
        usize::try_from(self.searcher.num_docs()).unwrap_or(usize::MAX)
    }

    /// Whether no article is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The synonym groups in use.
    pub fn synonyms(&self) -> &Synonyms {
        &self.synonyms
    }

    fn ord(&self, address: DocAddress) -> Option<usize> {
        self.ords
            .get(address.segment_ord as usize)
            .and_then(|seg| seg.get(address.doc_id as usize))
            .filter(|&&o| o != u32::MAX)
            .map(|&o| o as usize)
    }

    /// Every match of `query` with its score, best first.
    fn run(&self, query: &dyn Query) -> Vec<(usize, f32)> {
        let limit = self.len().max(1);
        match self
            .searcher
            .search(query, &TopDocs::with_limit(limit).order_by_score())
        {
            Ok(found) => found
                .into_iter()
                .filter_map(|(score, addr)| self.ord(addr).map(|o| (o, score)))
                .collect(),
            Err(error) => {
                tracing::warn!(%error, "search failed");
                Vec::new()
            }
        }
    }

    /// Articles with one of these identifiers, in the order given.
    fn by_identifier(&self, identifiers: &[String]) -> Vec<usize> {
        let mut out = Vec::new();
        for id in identifiers {
            let q = TermQuery::new(
                Term::from_field_text(self.fields.ids, id),
                IndexRecordOption::Basic,
            );
            let mut found = self.run(&q);
            found.sort_by_key(|(o, _)| *o);
            for (o, _) in found {
                if !out.contains(&o) {
                    out.push(o);
                }
            }
        }
        out
    }

    /// Runs one search; never fails (a broken query gives no results).
    /// A search asked before on this snapshot is answered from memory.
    /// `articles` must be the articles the index was built from.
    pub fn search(&self, articles: &[Article], request: &SearchRequest<'_>) -> Arc<SearchResults> {
        let key = ResultKey::of(request);
        if let Some(found) = self.results.get(&key) {
            return found;
        }
        let found = Arc::new(self.search_uncached(articles, request));
        self.results.insert(key, found.clone());
        found
    }

    /// [`SearchIndex::search`] without the result cache (benchmarks).
    pub fn search_uncached(
        &self,
        articles: &[Article],
        request: &SearchRequest<'_>,
    ) -> SearchResults {
        let parsed = query::parse(request.query);
        let (suggestion, corrections) = self.correct(&parsed);
        let (mut ranked, highlight) = self.ranked(&parsed, &corrections, request.matching);
        let collections = collection_counts(articles, &ranked);
        if let Some(key) = request.collection {
            ranked.retain(|&o| articles.get(o).is_some_and(|a| a.collection == key));
        }
        if request.sort == Sort::Date {
            // Stable: equal dates keep relevance order.
            ranked.sort_by(|&a, &b| {
                let date = |o: usize| articles.get(o).and_then(|a| a.date);
                date(b).cmp(&date(a))
            });
        }
        let per_page = request.per_page.clamp(1, MAX_PER_PAGE);
        let total = ranked.len();
        let pages = total.div_ceil(per_page).max(1);
        let page = request.page.clamp(1, pages);
        let generator = SnippetGenerator::new(
            highlight,
            self.stems.dutch_analyzer(),
            self.fields.body,
            SNIPPET_CHARS,
        );
        let hits = ranked
            .iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .filter_map(|&o| {
                let article = articles.get(o)?;
                Some(Hit {
                    article: o,
                    snippet_html: snippet(&generator, article),
                })
            })
            .collect();
        SearchResults {
            total,
            page,
            pages,
            hits,
            collections,
            suggestion,
        }
    }

    /// Every match of a parsed query, best first (identifier matches before
    /// the rest), and the terms to highlight. When every word together
    /// finds nothing, any word may match.
    fn ranked(
        &self,
        parsed: &query::ParsedQuery,
        corrections: &HashMap<String, String>,
        matching: Matching,
    ) -> (Vec<usize>, BTreeMap<String, f32>) {
        let ctx = query::Context {
            fields: &self.fields,
            synonyms: &self.synonyms,
            compounds: &self.compounds,
            corrections,
            vocabulary: &self.vocabulary,
        };
        let mut ranked: Vec<usize> = self.by_identifier(&parsed.identifiers);
        let Some(built) = clauses::build(parsed, &ctx, matching) else {
            return (ranked, BTreeMap::new());
        };
        let mut found = self.run(&*built.strict);
        if found.is_empty()
            && let Some(loose) = &built.loose
        {
            found = self.run(&**loose);
        }
        let by_id: Vec<usize> = ranked.clone();
        ranked.extend(
            found
                .into_iter()
                .map(|(o, _)| o)
                .filter(|o| !by_id.contains(o)),
        );
        (ranked, built.highlight)
    }

    /// The query with unknown words replaced by the closest known word
    /// (for "Bedoelde u …?"), and each replacement.
    fn correct(&self, parsed: &query::ParsedQuery) -> (Option<String>, HashMap<String, String>) {
        let mut corrections = HashMap::new();
        let mut shown = Vec::new();
        for raw in &parsed.words {
            let folded = analysis::folded_words(raw);
            if folded.is_empty() {
                continue;
            }
            let mut parts = Vec::new();
            for word in folded {
                match self.closest(&word) {
                    Some(better) => {
                        parts.push(better.clone());
                        corrections.insert(word, better);
                    }
                    None => parts.push(word),
                }
            }
            shown.push(parts.join(" "));
        }
        for phrase in &parsed.phrases {
            shown.push(format!("\"{phrase}\""));
        }
        for word in &parsed.excluded {
            shown.push(format!("-{word}"));
        }
        let suggestion = (!corrections.is_empty()).then(|| shown.join(" "));
        (suggestion, corrections)
    }

    /// The typo dictionary of this snapshot (recommended steps repair
    /// descriptions with it too).
    pub fn spelling(&self) -> Arc<Spelling> {
        Arc::clone(&self.spelling)
    }

    /// A known word close to an unknown one, preferring fewer edits, then
    /// more articles.
    fn closest(&self, word: &str) -> Option<String> {
        self.spelling
            .closest(word, |w| self.vocabulary.contains_key(w))
    }

    /// Up to `n` article titles for text being typed: every word must start
    /// a word of the title; titles that start with the text come first.
    pub fn suggest(&self, articles: &[Article], typed: &str, n: usize) -> Vec<usize> {
        self.titles.suggest(articles, typed, n)
    }

    /// Up to `n` articles similar to article `ord` (more-like-this over
    /// title and body): never the article itself, never a near-identical
    /// copy of it, and never two near-identical copies of one another.
    pub fn related(&self, articles: &[Article], ord: usize, n: usize) -> Vec<usize> {
        let Some(article) = articles.get(ord) else {
            return Vec::new();
        };
        let query = related::query(&self.fields, article, self.len());
        let candidates: Vec<usize> = self
            .run(&query)
            .into_iter()
            .map(|(o, _)| o)
            .filter(|&o| o != ord)
            .take(n * 6)
            .collect();
        related::pick_distinct(articles, ord, candidates, n)
    }
}

/// What makes two searches the same.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ResultKey {
    query: String,
    collection: Option<String>,
    sort: Sort,
    page: usize,
    per_page: usize,
    matching: Matching,
}

impl ResultKey {
    fn of(request: &SearchRequest<'_>) -> ResultKey {
        ResultKey {
            query: request.query.to_owned(),
            collection: request.collection.map(str::to_owned),
            sort: request.sort,
            page: request.page,
            per_page: request.per_page,
            matching: request.matching,
        }
    }
}
