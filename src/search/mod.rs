//! Dutch full-text search over the loaded articles.
//!
//! [`SearchIndex::build`] makes an in-RAM tantivy index from the articles of
//! one library snapshot (it is part of that snapshot); a reload makes the
//! next snapshot's index from it with only the changed documents
//! ([`SearchIndex::update_alongside`], `update`). Then:
//!
//! * [`SearchIndex::search`]: user text → ranked, filtered, paginated hits
//!   with `<mark>` snippets, per-collection counts and a "did you mean"
//!   spelling. Identifiers (`ms.custom`, `ms.assetid`, article ids) come
//!   first; every other word goes through [`query`], never through tantivy's
//!   query grammar, so any input gives a normal result. `matches` and `rank`
//!   order the matches (titles first, looser ones when strict are few),
//!   [`fuse`] adds the nearest articles by meaning when the caller gives
//!   them, and [`copies`] folds near-copies into one result.
//! * [`SearchIndex::related`]: similar articles, without itself or copies.
//! * [`SearchIndex::suggest`]: titles for a search box that is being typed in.
//!
//! Dutch words are analysed by the language layer ([`crate::nl`]); here
//! they become tantivy fields and queries ([`query`], [`clauses`]), the
//! index (`index`), snippets, title completion and a result `cache`.

mod cache;
mod clauses;
pub mod copies;
pub mod fuse;
mod index;
mod matches;
pub mod query;
mod rank;
mod related;
mod request;
mod snippet;
mod stats;
mod suggest;
pub mod update;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use tantivy::collector::TopDocs;
use tantivy::query::{Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Index, Searcher, Term};

use crate::content::{Article, ArticleIx};
use crate::nl::analysis;
use crate::nl::compound::Splitter;
use crate::nl::spelling::Spelling;
use crate::nl::synonyms::{self, Synonyms};
use cache::ResultCache;
use copies::Fingerprints;
use index::Fields;
pub use index::identifiers;
pub use query::Matching;
use rank::TitleTerms;
pub use request::{SearchRequest, Sort};
use snippet::{SNIPPET_CHARS, snippet};
use stats::{Stats, Tombstones};
use suggest::Titles;

/// The most results one page may hold.
pub const MAX_PER_PAGE: usize = 100;
const GROUP_DEPTH: usize = 60; // near-copies are folded within this many

/// The index could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Synonyms(#[from] synonyms::SynonymsError),
}

/// One result on the requested page.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The article in the library's list.
    pub article: ArticleIx,
    /// Escaped text with the matched words in `<mark>…</mark>`.
    pub snippet_html: String,
    /// Near-copies of the article, shown as "ook in: …".
    pub also: Vec<ArticleIx>,
    /// A looser match: it lacks some of the words.
    pub relaxed: bool,
    /// Found by meaning alone.
    pub by_meaning: bool,
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
    /// The words (as typed) that the looser matches leave out, when there
    /// are looser matches.
    pub relaxed: Vec<String>,
}

/// The search index of one library snapshot.
pub struct SearchIndex {
    /// The index a reload updates, the commit `searcher` sees and the
    /// statistics of documents deleted since the last full build.
    index: Index,
    opstamp: u64,
    tombstones: Tombstones,
    /// How many reloads updated the index since it was built from scratch.
    updates: usize,
    searcher: Searcher,
    fields: Fields,
    ords: Vec<Vec<u32>>,
    /// Folded word → articles; keys from content authors, so a fast hasher.
    vocabulary: rustc_hash::FxHashMap<String, u32>,
    spelling: Arc<Spelling>,
    compounds: Splitter,
    synonyms: Synonyms,
    /// Article titles, for suggestions.
    titles: Titles,
    /// Stems of the vocabulary, for snippets.
    stems: analysis::KnownStems,
    /// Titles as stems, for ranking.
    title_terms: TitleTerms,
    /// Near-copy fingerprints, made when first needed.
    prints: Fingerprints,
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
        SearchIndex::build_alongside(articles, synonyms, || ()).map(|(index, ())| index)
    }

    /// Like [`SearchIndex::build`], running `alongside` on another core
    /// from the start (the recommender, which gets the index's spelling
    /// corrector afterwards, see [`SearchIndex::spelling`]).
    pub fn build_alongside<R: Send>(
        articles: &[Article],
        synonyms: Synonyms,
        alongside: impl FnOnce() -> R + Send,
    ) -> Result<(SearchIndex, R), SearchError> {
        // The recommender is the longer side: the title tables join the index.
        let (built, result) = rayon::join(
            || {
                let folded = index::fold(articles);
                let spelling = Arc::new(Spelling::new(&folded.vocabulary));
                let built = index::build_folded(articles, folded)?;
                let title_terms = TitleTerms::new(articles, &built.compounds);
                let titles = Titles::new(articles);
                Ok::<_, SearchError>((built, titles, title_terms, spelling))
            },
            alongside,
        );
        let (built, titles, title_terms, spelling) = built?;
        let index = SearchIndex {
            index: built.index,
            opstamp: built.opstamp,
            tombstones: Tombstones::default(),
            updates: 0,
            searcher: built.searcher,
            fields: built.fields,
            ords: built.ords,
            spelling,
            stems: built.stems,
            vocabulary: built.vocabulary,
            compounds: built.compounds,
            synonyms,
            titles,
            title_terms,
            prints: Fingerprints::new(articles.len()),
            results: ResultCache::default(),
        };
        Ok((index, result))
    }

    /// How many articles are indexed.
    pub fn len(&self) -> usize {
        usize::try_from(self.searcher.num_docs()).unwrap_or(usize::MAX)
    }

    /// How many reloads updated this index since it was last built from
    /// scratch (0: built from scratch).
    pub fn updates(&self) -> usize {
        self.updates
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

    /// The statistics queries are scored with: a full build's.
    fn stats(&self) -> Stats<'_> {
        Stats {
            searcher: &self.searcher,
            tombstones: &self.tombstones,
        }
    }

    /// Every match of `query` with its score, best first (ties in article
    /// order, whatever segment a document is in).
    fn run(&self, query: &dyn Query) -> Vec<(usize, f32)> {
        let limit = self.len().max(1);
        let top = TopDocs::with_limit(limit).order_by_score();
        match (self.searcher).search_with_statistics_provider(query, &top, &self.stats()) {
            Ok(found) => {
                let mut found: Vec<(usize, f32)> = (found.into_iter())
                    .filter_map(|(score, addr)| self.ord(addr).map(|o| (o, score)))
                    .collect();
                found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                found
            }
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

    /// The kept answer to a search asked before on this snapshot.
    pub fn cached(&self, request: &SearchRequest<'_>) -> Option<Arc<SearchResults>> {
        self.results.get(&ResultKey::of(request))
    }

    /// [`SearchIndex::search`] without the result cache (benchmarks).
    pub fn search_uncached(
        &self,
        articles: &[Article],
        request: &SearchRequest<'_>,
    ) -> SearchResults {
        let parsed = query::parse(request.query);
        let (suggestion, corrections) = self.correct(&parsed);
        let ranked = self.ranked(&parsed, &corrections, request.matching);
        let exact = !parsed.identifiers.is_empty() || !parsed.phrases.is_empty();
        let fused = fuse::fuse(&ranked, request.meaning.unwrap_or_default(), exact);
        let groups = self.grouped(articles, &fused, ranked.by_id, request);
        let collections = self.collection_counts(articles, &fused, ranked.by_id, request);
        let per_page = request.per_page.clamp(1, MAX_PER_PAGE);
        let total = groups.len();
        let pages = total.div_ceil(per_page).max(1);
        let page = request.page.clamp(1, pages);
        let generator = SnippetGenerator::new(
            ranked.highlight,
            self.stems.dutch_analyzer(),
            self.fields.body,
            SNIPPET_CHARS,
        );
        let looser: HashSet<usize> = fused.order[fused.relaxed_from..].iter().copied().collect();
        let hits: Vec<Hit> = groups
            .into_iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .filter_map(|g| {
                let article = articles.get(g.head)?;
                Some(Hit {
                    article: ArticleIx::new(g.head),
                    snippet_html: snippet(&generator, article),
                    relaxed: looser.contains(&g.head),
                    by_meaning: fused.by_meaning.contains(&g.head),
                    also: g.copies.into_iter().map(ArticleIx::new).collect(),
                })
            })
            .collect();
        let relaxed = if looser.is_empty() {
            Vec::new()
        } else {
            ranked.relaxed
        };
        SearchResults {
            total,
            page,
            pages,
            hits,
            collections,
            suggestion,
            relaxed,
        }
    }

    /// The fused order filtered by collection, sorted by date when asked,
    /// and with near-copies folded into one result each.
    fn grouped(
        &self,
        articles: &[Article],
        fused: &fuse::Fused,
        pinned: usize,
        request: &SearchRequest<'_>,
    ) -> Vec<copies::Group> {
        let mut order = fused.order.clone();
        let mut pinned = pinned;
        if let Some(key) = request.collection {
            let keep = |o: &usize| articles.get(*o).is_some_and(|a| a.collection == key);
            pinned = fused.order[..pinned].iter().filter(|o| keep(o)).count();
            order.retain(keep);
        }
        if request.sort == Sort::Date {
            // Stable: equal dates keep relevance order.
            order.sort_by(|&a, &b| {
                let date = |o: usize| articles.get(o).and_then(|a| a.date);
                date(b).cmp(&date(a))
            });
            pinned = 0;
        }
        copies::group(articles, &self.prints, &order, pinned, GROUP_DEPTH)
    }

    /// Results per collection key, most first (ties by key): each counted
    /// as the collection's filter would count it, near-copies folded.
    fn collection_counts(
        &self,
        articles: &[Article],
        fused: &fuse::Fused,
        pinned: usize,
        request: &SearchRequest<'_>,
    ) -> Vec<(String, usize)> {
        let keys: BTreeSet<&str> = (fused.order.iter())
            .filter_map(|&o| articles.get(o).map(|a| a.collection.as_str()))
            .collect();
        let mut counts: Vec<(String, usize)> = (keys.into_iter())
            .map(|key| {
                let only = SearchRequest {
                    collection: Some(key),
                    sort: Sort::Relevance,
                    ..request.clone()
                };
                let n = self.grouped(articles, fused, pinned, &only).len();
                (key.to_owned(), n)
            })
            .collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        counts
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
    pub fn suggest(&self, articles: &[Article], typed: &str, n: usize) -> Vec<ArticleIx> {
        let found = self.titles.suggest(articles, typed, n).into_iter();
        found.map(ArticleIx::new).collect()
    }

    /// Up to `n` articles similar to article `ord` (more-like-this over
    /// title and body): never the article itself, never a near-identical
    /// copy of it, and never two near-identical copies of one another.
    pub fn related(&self, articles: &[Article], ix: ArticleIx, n: usize) -> Vec<ArticleIx> {
        let Some(article) = articles.get(ix.get()) else {
            return Vec::new();
        };
        let query = related::query(&self.stats(), &self.fields, article);
        let candidates: Vec<usize> = self
            .run(&query)
            .into_iter()
            .map(|(o, _)| o)
            .filter(|&o| o != ix.get())
            .take(n * 6)
            .collect();
        let picked = related::pick_distinct(articles, ix.get(), candidates, n).into_iter();
        picked.map(ArticleIx::new).collect()
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
    meaning: bool,
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
            meaning: request.meaning.is_some(),
        }
    }
}
