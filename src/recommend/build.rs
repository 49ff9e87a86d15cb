//! Building the recommender's indexes from the articles, once per library
//! load: every article's fields as folded words, their stems (verb forms
//! as their infinitive's), compound pieces at lower weight, into the full
//! BM25F index; and the stems of title and body alone into the plain
//! baseline index.

// Keys are the articles' words (from content authors, not requests), so a
// fast hasher without flood protection is fine here.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rayon::prelude::*;

use crate::content::Article;
use crate::nl::analysis::{StemCache, is_stop_word, slug_text};
use crate::nl::compound::{Limits, Splitter};
use crate::nl::synonyms::Synonyms;
use crate::nl::word_list::WordList;

use super::counts::Counts;
use super::index::{DocTerms, FIELDS, Field, Index};
use super::rules::Rules;
use super::words::Words;

/// Weight of a compound part relative to a whole word.
pub const PART_WEIGHT: f32 = 0.5;

/// How recommended steps split compounds: parts of three letters or more,
/// heads of four, words of seven; any word of at least two articles may
/// be a part.
pub const COMPOUNDS: Limits = Limits {
    min_part: 3,
    min_head: 4,
    min_word: 7,
    min_doc_freq: 2,
    letters_only: false,
};

/// An article's fields as words, before indexing.
pub struct FieldWords {
    fields: [WordList; FIELDS],
}

impl FieldWords {
    /// Every word of every field, repeats included.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().flat_map(WordList::iter)
    }
}

/// What the build makes.
pub struct Built {
    pub words: Words,
    /// What an update needs to keep the words current.
    pub counts: Counts,
    /// Stems, verb forms and compound pieces over every field.
    pub index: Index,
    /// Stemmed, unsplit title+body index for the baseline.
    pub plain: Index,
}

/// Builds the indexes over `articles` (indices stay the library's).
pub fn build(articles: &[Article], synonyms: Synonyms, rules: Rules) -> Built {
    // On all cores (a reload's search index update leaves one free); the
    // order stays the articles'.
    let docs: Vec<FieldWords> = articles.par_iter().map(field_words).collect();
    let doc_freq = doc_freq(&docs);
    let mut cache = StemCache::default();
    for word in doc_freq.keys() {
        if !is_stop_word(word) {
            cache.stem(word);
        }
    }
    let vocabulary = doc_freq.iter().map(|(w, df)| (w.as_str(), *df));
    let splitter = Splitter::from_vocabulary(vocabulary, COMPOUNDS);
    let mut splits: HashMap<&str, Vec<String>> = HashMap::default();
    let mut counts = Counts::default();
    for (word, &df) in &doc_freq {
        let parts = splitter.pieces(word);
        counts.enter(word, df, &parts);
        if !parts.is_empty() {
            let stems = parts.iter().map(|p| cache.stem(p)).collect();
            splits.insert(word.as_str(), stems);
        }
    }
    let words = Words::new(cache.into_map(), splitter, synonyms, rules);
    let (index, plain) = index_docs(docs, &words, &splits);
    Built {
        words,
        counts,
        index,
        plain,
    }
}

/// In how many articles each word occurs (the words owned, so that the
/// articles' word lists can go while the index is filled).
fn doc_freq(docs: &[FieldWords]) -> HashMap<String, usize> {
    let mut doc_freq: HashMap<String, usize> = HashMap::default();
    for doc in docs {
        let distinct: HashSet<&str> = doc.all().collect();
        for word in distinct {
            match doc_freq.get_mut(word) {
                Some(df) => *df += 1,
                None => {
                    doc_freq.insert(word.to_owned(), 1);
                }
            }
        }
    }
    doc_freq
}

/// The full index and the plain one, over every article in order; each
/// article's words are dropped once indexed.
fn index_docs(
    docs: Vec<FieldWords>,
    words: &Words,
    splits: &HashMap<&str, Vec<String>>,
) -> (Index, Index) {
    let mut index = Index::default();
    let mut plain = Index::default();
    for doc in docs {
        let (terms, plain_terms) = doc_terms(&doc, words, splits);
        index.push(terms);
        plain.push(plain_terms);
    }
    index.finish();
    plain.finish();
    (index, plain)
}

/// One article's terms in the full index and in the plain one.
pub fn doc_terms(
    doc: &FieldWords,
    words: &Words,
    splits: &HashMap<&str, Vec<String>>,
) -> (DocTerms, DocTerms) {
    let mut terms = DocTerms::default();
    let mut plain_terms = DocTerms::default();
    for field in Field::ALL {
        let in_plain = matches!(field, Field::Title | Field::Body);
        for word in doc.fields[field.index()].iter() {
            terms.grow(field);
            if in_plain {
                plain_terms.grow(field);
            }
            let (Some(term), Some(stem)) = (words.indexed(word), words.corpus_stem(word)) else {
                continue;
            };
            terms.add(field, term, 1.0);
            if in_plain {
                plain_terms.add(field, stem, 1.0);
            }
            for part in splits.get(word).into_iter().flatten() {
                terms.add(field, part, PART_WEIGHT);
            }
        }
    }
    (terms, plain_terms)
}

/// An article's fields as folded words (what it is indexed from).
pub fn field_words(article: &Article) -> FieldWords {
    let folded = WordList::folded;
    let mut headings = folded(&article.headings.join(" \n "));
    for anchor in &article.anchors {
        headings.push_folded(&slug_text(anchor));
    }
    let mut fields = [
        folded(&article.source_title),
        headings,
        folded(&slug_text(article.slug())),
        folded(&article.description),
        folded(&article.text),
    ];
    fields.iter_mut().for_each(WordList::shrink_to_fit);
    FieldWords { fields }
}
