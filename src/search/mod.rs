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
//! [`analysis`] and [`synonyms`] are reusable on their own (recommended
//! steps use the same Dutch pipeline).

pub mod analysis;
pub mod compound;
mod index;
pub mod query;
mod related;
pub mod spelling;
pub mod synonyms;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Searcher, Term};

use crate::content::Article;
use compound::Compounds;
use index::Fields;
pub use index::identifiers;
pub use query::Matching;
use synonyms::Synonyms;

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 220;
/// Snippets look at this much article text first (bytes): analysing the
/// text is most of a snippet's cost, and a matched word is nearly always
/// near the start of an article that matches.
const SNIPPET_FIRST_BYTES: usize = 3_000;
/// When that part has no match, snippets look at this much at most (bytes).
const SNIPPET_SOURCE_BYTES: usize = 30_000;
/// Searches whose results are kept per snapshot (the same query, filter,
/// order and page asked again is answered from memory).
const RESULT_CACHE_ENTRIES: usize = 512;
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
    spelling: Arc<spelling::Spelling>,
    compounds: Compounds,
    synonyms: Synonyms,
    /// Folded title and article index, for suggestions.
    titles: Vec<(String, usize)>,
    /// Stems of the vocabulary, for snippets.
    stems: analysis::KnownStems,
    /// Every word of every folded title with the title's place in
    /// `titles`, sorted: the titles with a word that starts with some text
    /// are one range.
    title_words: Vec<(String, usize)>,
    results: ResultCache,
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
        let built = index::build(articles)?;
        let titles: Vec<(String, usize)> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (analysis::folded_words(&a.title).join(" "), i))
            .collect();
        let mut title_words: Vec<(String, usize)> = titles
            .iter()
            .enumerate()
            .flat_map(|(t, (title, _))| title.split(' ').map(move |w| (w.to_owned(), t)))
            .collect();
        title_words.sort_unstable();
        title_words.dedup();
        Ok(SearchIndex {
            searcher: built.searcher,
            fields: built.fields,
            ords: built.ords,
            spelling: Arc::new(spelling::Spelling::new(&built.vocabulary)),
            stems: analysis::KnownStems::new(built.vocabulary.keys()),
            vocabulary: built.vocabulary,
            compounds: built.compounds,
            synonyms,
            titles,
            title_words,
            results: ResultCache::default(),
        })
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
        let ctx = query::Context {
            fields: &self.fields,
            synonyms: &self.synonyms,
            compounds: &self.compounds,
            corrections: &corrections,
            vocabulary: &self.vocabulary,
        };
        let built = query::build(&parsed, &ctx, request.matching);
        let mut highlight = BTreeMap::new();
        let mut ranked: Vec<usize> = self.by_identifier(&parsed.identifiers);
        if let Some(built) = built {
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
            highlight = built.highlight;
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for &o in &ranked {
            if let Some(a) = articles.get(o) {
                *counts.entry(a.collection.as_str()).or_default() += 1;
            }
        }
        let mut collections: Vec<(String, usize)> =
            counts.into_iter().map(|(k, n)| (k.to_owned(), n)).collect();
        collections.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
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
    pub fn spelling(&self) -> Arc<spelling::Spelling> {
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
        let words = analysis::folded_words(&query::clean(typed));
        if words.is_empty() || n == 0 {
            return Vec::new();
        }
        let typed_folded = words.join(" ");
        // Titles in which every typed word starts a word.
        let mut matched = vec![true; self.titles.len()];
        for w in &words {
            let mut starts = vec![false; self.titles.len()];
            let first = self
                .title_words
                .partition_point(|(tw, _)| tw.as_str() < w.as_str());
            for (_, t) in self.title_words[first..]
                .iter()
                .take_while(|(tw, _)| tw.starts_with(w.as_str()))
            {
                starts[*t] = true;
            }
            for (m, s) in matched.iter_mut().zip(starts) {
                *m &= s;
            }
        }
        let mut found: Vec<(bool, usize, &str, usize)> = self
            .titles
            .iter()
            .zip(matched)
            .filter_map(|(title, m)| m.then_some(title))
            .map(|(title, o)| {
                (
                    !title.starts_with(&typed_folded),
                    title.len(),
                    title.as_str(),
                    *o,
                )
            })
            .collect();
        found.sort();
        let mut out: Vec<usize> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for (_, _, title, o) in found {
            if seen.contains(&title) || articles.get(o).is_none() {
                continue;
            }
            seen.push(title);
            out.push(o);
            if out.len() == n {
                break;
            }
        }
        out
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

    /// Query terms for other engines: all terms of `text` plus synonyms,
    /// as a `Should` query over title and body (used by recommended steps
    /// through [`SearchIndex::rank_text`]).
    fn bag_query(&self, text: &str) -> Option<Box<dyn Query>> {
        let terms = self.synonyms.expand_terms(&analysis::dutch_terms(text));
        if terms.is_empty() {
            return None;
        }
        let clauses = terms
            .iter()
            .flat_map(|t| {
                [(self.fields.title, 2.0), (self.fields.body, 1.0)].map(|(field, boost)| {
                    let q: Box<dyn Query> = Box::new(tantivy::query::BoostQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_text(field, t),
                            IndexRecordOption::WithFreqs,
                        )),
                        boost,
                    ));
                    (Occur::Should, q)
                })
            })
            .collect();
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// Articles ranked by how well free text (a problem description)
    /// matches them, best first, with BM25 scores: any word may match.
    pub fn rank_text(&self, text: &str, n: usize) -> Vec<(usize, f32)> {
        let Some(q) = self.bag_query(&query::clean(text)) else {
            return Vec::new();
        };
        let mut found = self.run(&*q);
        found.truncate(n);
        found
    }
}

/// The `<mark>`ed snippet of an article, or its escaped description when no
/// word matched in the body.
fn snippet(generator: &SnippetGenerator, article: &Article) -> String {
    let first = prefix(&article.text, SNIPPET_FIRST_BYTES);
    let longer = prefix(&article.text, SNIPPET_SOURCE_BYTES);
    let sources = [
        Some(first),
        (longer.len() > first.len()).then_some(longer),
        Some(article.description.as_str()),
    ];
    for source in sources.into_iter().flatten() {
        let mut snippet = generator.snippet(source);
        if !snippet.highlighted().is_empty() {
            snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            return snippet.to_html();
        }
    }
    let source = if article.description.trim().is_empty() {
        &article.text
    } else {
        &article.description
    };
    let short: String = source.chars().take(SNIPPET_CHARS).collect();
    let ellipsis = if short.len() < source.len() {
        "…"
    } else {
        ""
    };
    format!("{}{ellipsis}", html_escape::encode_text(short.trim()))
}

/// At most `max` bytes from the start of `text`, cut at a character.
fn prefix(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
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

/// Results of recent searches on one snapshot. Bounded: when full it is
/// emptied and fills again with what is being asked now.
#[derive(Default)]
struct ResultCache {
    entries: Mutex<HashMap<ResultKey, Arc<SearchResults>>>,
}

impl ResultCache {
    fn get(&self, key: &ResultKey) -> Option<Arc<SearchResults>> {
        self.entries.lock().ok()?.get(key).cloned()
    }

    fn insert(&self, key: ResultKey, results: Arc<SearchResults>) {
        // A poisoned lock only means no caching.
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= RESULT_CACHE_ENTRIES {
                entries.clear();
            }
            entries.insert(key, results);
        }
    }
}
