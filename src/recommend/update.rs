//! A reload's recommender made from the previous snapshot's instead of
//! from scratch, when only the text of some articles changed: their
//! postings are replaced in both indexes (the unchanged postings lists are
//! shared with the previous recommender, which keeps answering as before),
//! the corpus's words are kept current (article counts, stems, verb
//! forms), and the changed articles are folded into the latent space,
//! whose basis stays as built.
//!
//! The indexes, words, titles and audiences are then exactly a full
//! build's (term numbers aside); the latent space is not: a full build
//! would find a slightly different basis, and every article's weights
//! move a little with the idf. Recommended steps may therefore differ from
//! a full build's in the latent part of the fused score.
//!
//! The update is refused (and the caller builds from scratch) when:
//! articles were added, removed or renamed; more than an eighth of them
//! changed; [`MAX_UPDATES`] updates were made since the last full build
//! (the latent space drifts from the corpus); the synonyms changed; the
//! compound splitter's dictionary would change (a word reaching or leaving
//! two articles); or a word that stays would be indexed under another
//! verb stem (a word added or removed is another word's infinitive).

use std::collections::HashSet;

// Keys are the articles' words (from content authors), so a fast hasher.
use rustc_hash::FxHashMap;

use crate::content::Article;
use crate::nl::analysis;
use crate::nl::synonyms::Synonyms;

use super::audience::Audience;
use super::blocks::Blocks;
use super::build::{COMPOUNDS, FieldWords, doc_terms, field_words};
use super::counts::Counts;
use super::index::{Bm25f, Index};
use super::lsa::Lsa;
use super::matches;
use super::words::Words;

/// At most this many updates follow a full build.
pub const MAX_UPDATES: usize = 32;

/// What a recommender is made of, apart from its settings.
pub struct Parts {
    pub words: Words,
    pub counts: Counts,
    pub index: Index,
    pub lsa: Lsa,
    pub plain: Index,
    pub titles: Blocks<String>,
    pub audiences: Vec<Audience>,
    /// Updates since the last full build.
    pub updates: usize,
    /// Articles folded into the latent space since the last full build.
    pub folded: usize,
}

/// The fields an article is indexed and judged by.
fn indexed_fields(a: &Article) -> impl PartialEq + '_ {
    let words = (&a.source_title, &a.headings, &a.anchors, &a.description);
    (&a.id, words, &a.text, &a.collection)
}

/// Each article's distinct words.
fn distinct(docs: &[FieldWords]) -> Vec<HashSet<&str>> {
    let words = |doc| FieldWords::all(doc).collect();
    docs.iter().map(words).collect()
}

impl Parts {
    /// These parts, built over `previous`, updated to `articles`; `None`
    /// when they must be built from scratch (see the module docs).
    /// `params` are the scorer's, for the latent space.
    pub fn update(
        &self,
        (previous, articles): (&[Article], &[Article]),
        synonyms: Synonyms,
        params: &Bm25f,
    ) -> Option<Parts> {
        let same_ids = previous.len() == articles.len()
            && previous.len() == self.index.doc_count()
            && previous.iter().zip(articles).all(|(a, b)| a.id == b.id);
        if !same_ids || self.updates >= MAX_UPDATES || synonyms != *self.words.synonyms() {
            return None;
        }
        let changed: Vec<usize> = (0..articles.len())
            .filter(|&d| {
                !previous[d].same(&articles[d])
                    && indexed_fields(&previous[d]) != indexed_fields(&articles[d])
            })
            .collect();
        if changed.len() * 8 > articles.len() {
            return None;
        }
        let old: Vec<FieldWords> = changed.iter().map(|&d| field_words(&previous[d])).collect();
        let new: Vec<FieldWords> = changed.iter().map(|&d| field_words(&articles[d])).collect();
        let pieces = |word: &str| self.words.pieces(word);
        let counted = (self.counts).updated(&distinct(&old), &distinct(&new), COMPOUNDS, pieces)?;
        let words = (self.words).updated(&counted.added, &counted.removed, synonyms)?;
        let mut splits: FxHashMap<&str, Vec<String>> = FxHashMap::default();
        for word in old.iter().chain(&new).flat_map(FieldWords::all) {
            if !splits.contains_key(word) {
                let pieces = words.pieces(word);
                splits.insert(word, pieces.iter().map(|p| analysis::stem(p)).collect());
            }
        }
        let (mut index, mut plain) = (self.index.clone(), self.plain.clone());
        let (mut titles, mut audiences) = (self.titles.clone(), self.audiences.clone());
        let mut folded = Vec::new();
        for ((&d, old), new) in changed.iter().zip(&old).zip(&new) {
            let (old_terms, old_plain) = doc_terms(old, &self.words, &splits);
            let (new_terms, new_plain) = doc_terms(new, &words, &splits);
            let doc = u32::try_from(d).ok()?;
            folded.push((doc, new_terms.terms().cloned().collect::<Vec<_>>()));
            index.replace(doc, &old_terms, new_terms);
            plain.replace(doc, &old_plain, new_plain);
            titles.set(d, matches::normalise_title(&articles[d].source_title));
            audiences[d] = Audience::of_article(&articles[d]);
        }
        index.finish();
        plain.finish();
        let mut lsa = self.lsa.clone();
        for (doc, terms) in folded {
            lsa.fold_in(
                &index,
                params,
                doc,
                terms.iter().filter_map(|t| index.term(t)),
            );
        }
        Some(Parts {
            words,
            counts: counted.counts,
            index,
            lsa,
            plain,
            titles,
            audiences,
            updates: self.updates + 1,
            folded: self.folded + changed.len(),
        })
    }
}
