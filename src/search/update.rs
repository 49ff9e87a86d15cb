//! A reload's search index made from the previous snapshot's instead of
//! from scratch: the documents of changed and deleted articles are deleted
//! by their `key` term, those of changed and added articles are added, and
//! the commit gets a new searcher; the previous snapshot's searcher keeps
//! seeing its own commit.
//!
//! Scores stay those of a full build (the statistics of deleted documents
//! are taken off, see [`super::stats`]); ties rank by article order as in
//! a full build (see `SearchIndex::run`). The update is refused
//! (and the caller builds from scratch) when its result could differ from a
//! full build's or grow too costly: when the compound splitter's words would
//! change (a word reaching or leaving two articles), when more than an
//! eighth of the articles changed, after [`MAX_SEGMENTS`] updates, or when
//! the index has moved past the previous snapshot's commit (a reload that
//! failed after committing). An update that fails (say another reload holds
//! the index's writer) is built from scratch by the caller.

use std::sync::Arc;

// Keys are the articles' words (from content authors; requests only look
// them up), so a fast hasher without flood protection is fine here.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use tantivy::indexer::NoMergePolicy;
use tantivy::{Index, IndexWriter, Searcher, Term};

use super::cache::ResultCache;
use super::copies::Fingerprints;
use super::index::{self, Fields, WRITER_BUDGET};
use super::stats::Tombstones;
use super::{SearchError, SearchIndex};
use crate::content::Article;
use crate::nl::compound::Splitter;
use crate::nl::spelling::Spelling;
use crate::nl::synonyms::Synonyms;
use crate::nl::word_list::WordList;

/// At most this many segments (one more per update) before a full build.
pub(super) const MAX_SEGMENTS: usize = 48;

/// What changed between two lists of articles (both in id order).
pub(super) struct Changes<'a> {
    /// Previous versions of changed articles, and deleted articles.
    gone: Vec<&'a Article>,
    /// New versions of changed articles, and added ones, with their index.
    new: Vec<(usize, &'a Article)>,
    /// Previous index → new index of every article that stays.
    moved: Vec<Option<u32>>,
}

impl<'a> Changes<'a> {
    fn between(previous: &'a [Article], articles: &'a [Article]) -> Changes<'a> {
        let before: HashMap<&str, usize> = (previous.iter().enumerate())
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let mut moved = vec![None; previous.len()];
        let mut gone = Vec::new();
        let mut new = Vec::new();
        for (i, article) in articles.iter().enumerate() {
            match before.get(article.id.as_str()) {
                Some(&p) if same_document(&previous[p], article) => {
                    moved[p] = u32::try_from(i).ok();
                }
                Some(&p) => {
                    gone.push(&previous[p]);
                    new.push((i, article));
                }
                None => new.push((i, article)),
            }
        }
        let now: HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        gone.extend(previous.iter().filter(|a| !now.contains(a.id.as_str())));
        Changes { gone, new, moved }
    }

    /// How many documents the update deletes or adds.
    fn len(&self) -> usize {
        self.gone.len() + self.new.len()
    }
}

/// Whether two versions of an article give the same search document (the
/// index position aside). A taken-over article is the same data.
fn same_document(a: &Article, b: &Article) -> bool {
    a.same(b)
        || a.id == b.id
            && a.source_title == b.source_title
            && a.description == b.description
            && a.headings == b.headings
            && a.text == b.text
            && a.collection == b.collection
            && a.date == b.date
            && a.meta.ms_service == b.meta.ms_service
            && index::identifiers(a) == index::identifiers(b)
}

/// The new vocabulary after `changes`, or `None` when a word reaches or
/// leaves two articles (the compound splitter would change).
fn vocabulary(
    previous: &HashMap<String, u32>,
    changes: &Changes<'_>,
) -> Option<HashMap<String, u32>> {
    let mut vocabulary = previous.clone();
    let mut touched: HashSet<String> = HashSet::default();
    for article in &changes.gone {
        let words = index::article_words(article);
        let words: HashSet<&str> = words.iter().collect();
        for word in words {
            if let Some(df) = vocabulary.get_mut(word) {
                *df = df.saturating_sub(1);
                if *df == 0 {
                    vocabulary.remove(word);
                }
            }
            touched.insert(word.to_owned());
        }
    }
    for (_, article) in &changes.new {
        let words = index::article_words(article);
        let words: HashSet<&str> = words.iter().collect();
        for word in words {
            *vocabulary.entry(word.to_owned()).or_default() += 1;
            touched.insert(word.to_owned());
        }
    }
    let splits = |v: &HashMap<String, u32>, w: &str| v.get(w).is_some_and(|&df| df >= 2);
    let same = touched
        .iter()
        .all(|w| splits(previous, w) == splits(&vocabulary, w));
    same.then_some(vocabulary)
}

/// The previous index updated with `changes`: the new searcher, its commit
/// and the tombstones including the documents deleted now.
fn apply(
    index: &Index,
    fields: &Fields,
    compounds: &Splitter,
    changes: &Changes<'_>,
    tombstones: &Tombstones,
) -> tantivy::Result<(Searcher, u64, Tombstones)> {
    let mut tombstones = tombstones.clone();
    let writer: IndexWriter = index.writer_with_num_threads(1, WRITER_BUDGET)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    let gone_words: Vec<WordList> = changes
        .gone
        .iter()
        .map(|a| index::article_words(a))
        .collect();
    let mut cache = HashMap::default();
    for (article, words) in changes.gone.iter().zip(&gone_words) {
        writer.delete_term(Term::from_field_text(fields.key, &article.id));
        let doc = index::document(fields, compounds, &mut cache, (article, 0), words);
        tombstones.bury(index, &doc)?;
    }
    let new_words: Vec<WordList> = (changes.new.iter())
        .map(|(_, a)| index::article_words(a))
        .collect();
    for (&(ord, article), words) in changes.new.iter().zip(&new_words) {
        let doc = index::document(fields, compounds, &mut cache, (article, ord), words);
        writer.add_document(doc)?;
    }
    let (searcher, opstamp) = index::commit_and_search(writer, index)?;
    Ok((searcher, opstamp, tombstones))
}

/// Per segment, per doc id of `searcher`: the article's index, from the
/// previous searcher's table for the segments it had (`moved` to the new
/// indices) and from the `ord` field for the new segment.
fn ords(
    searcher: &Searcher,
    previous: &Searcher,
    previous_ords: &[Vec<u32>],
    moved: &[Option<u32>],
) -> tantivy::Result<Vec<Vec<u32>>> {
    let fresh = index::ords(searcher)?;
    let before: HashMap<_, &Vec<u32>> = (previous.segment_readers().iter())
        .map(|s| s.segment_id())
        .zip(previous_ords)
        .collect();
    let mut out = Vec::new();
    for (segment, fresh) in searcher.segment_readers().iter().zip(fresh) {
        let Some(old) = before.get(&segment.segment_id()) else {
            out.push(fresh);
            continue;
        };
        let table = (old.iter().enumerate())
            .map(|(doc, &o)| {
                let alive = !segment.is_deleted(doc as u32);
                let now = moved.get(o as usize).copied().flatten();
                now.filter(|_| alive).unwrap_or(u32::MAX)
            })
            .collect();
        out.push(table);
    }
    Ok(out)
}

/// Whether an update of `index` may follow the commit `opstamp` seen by a
/// searcher with `segments` segments.
fn may_update(index: &Index, opstamp: u64, segments: usize) -> bool {
    segments < MAX_SEGMENTS && index.load_metas().is_ok_and(|m| m.opstamp == opstamp)
}

/// An update worked out before anything is written: what changed and the
/// vocabulary after it.
pub struct Plan<'a> {
    changes: Changes<'a>,
    vocabulary: HashMap<String, u32>,
}

impl SearchIndex {
    /// How to make the index of `articles` from this one, built over
    /// `previous`; `None` when it must be built from scratch (see the
    /// module docs).
    pub fn plan_update<'a>(
        &self,
        previous: &'a [Article],
        articles: &'a [Article],
    ) -> Option<Plan<'a>> {
        let segments = self.searcher.segment_readers().len();
        if !may_update(&self.index, self.opstamp, segments) {
            return None;
        }
        let changes = Changes::between(previous, articles);
        if changes.len() * 8 > articles.len().max(previous.len()) {
            return None;
        }
        let vocabulary = vocabulary(&self.vocabulary, &changes)?;
        Some(Plan {
            changes,
            vocabulary,
        })
    }

    /// Carries out `plan` over this index, running `alongside` on another
    /// core as [`SearchIndex::build_alongside`] does.
    pub fn update_alongside<R: Send>(
        &self,
        plan: Plan<'_>,
        articles: &[Article],
        synonyms: Synonyms,
        alongside: impl FnOnce() -> R + Send,
    ) -> Result<(SearchIndex, R), SearchError> {
        let Plan {
            changes,
            vocabulary,
        } = plan;
        let spelling = Arc::new(Spelling::new(&vocabulary));
        let (updated, other) = rayon::join(
            || self.write(&changes),
            || (alongside(), self.titles.updated(articles, &changes.moved)),
        );
        let (searcher, opstamp, tombstones) = updated?;
        let ords = ords(&searcher, &self.searcher, &self.ords, &changes.moved)?;
        let (result, titles) = other;
        let added: Vec<String> = (changes.new.iter())
            .flat_map(|(_, a)| {
                let words = index::article_words(a);
                (words.iter())
                    .filter(|w| !self.vocabulary.contains_key(*w))
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        let index = SearchIndex {
            index: self.index.clone(),
            opstamp,
            tombstones,
            updates: self.updates + 1,
            searcher,
            fields: self.fields,
            ords,
            spelling,
            stems: self.stems.extended(&added),
            vocabulary,
            compounds: self.compounds.clone(),
            synonyms,
            titles,
            title_terms: (self.title_terms).updated(articles, &changes.moved, &self.compounds),
            prints: Fingerprints::new(articles.len()),
            results: ResultCache::default(),
        };
        Ok((index, result))
    }

    fn write(&self, changes: &Changes<'_>) -> tantivy::Result<(Searcher, u64, Tombstones)> {
        apply(
            &self.index,
            &self.fields,
            &self.compounds,
            changes,
            &self.tombstones,
        )
    }
}
