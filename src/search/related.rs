//! Related articles: a more-like-this query from an article's title and
//! body, then a filter that keeps one of each group of near-copies
//! ([`super::copies`]).
//!
//! The query is built here rather than with tantivy's `MoreLikeThisQuery`,
//! which takes its terms from a hash map: terms of equal score were chosen
//! in a different order in every process, so the related articles of one
//! article changed from run to run. Here terms are ranked by tf·idf, ties
//! by field and then by term, so one index always gives one list.

use std::collections::BTreeMap;

use tantivy::Term;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use super::copies::{Fingerprint, SOURCE_BYTES, near_copies};
use super::index::Fields;
use super::stats::Stats;
use crate::content::Article;
use crate::nl::analysis::dutch_terms;
use crate::nl::truncate;

/// At most this many of the article's most telling terms are used.
const MAX_TERMS: usize = 30;
/// Terms shorter than this (in characters) are not telling.
const MIN_TERM_CHARS: usize = 3;
/// Terms in fewer articles than this are not shared with any other.
const MIN_DOC_FREQUENCY: u64 = 2;

/// BM25's idf, as more-like-this weighs terms.
fn idf(doc_freq: u64, docs: u64) -> f32 {
    let x = (docs.saturating_sub(doc_freq) as f32 + 0.5) / (doc_freq as f32 + 0.5);
    (1.0 + x).ln()
}

/// The terms of an article's title and the start of its body, each with
/// its field and how often it occurs there, in a stable order.
fn term_counts(fields: &Fields, article: &Article) -> BTreeMap<(u32, String), (Field, usize)> {
    let mut counts = BTreeMap::new();
    for (field, text) in [
        (fields.title, article.source_title.as_str()),
        (fields.body, truncate(&article.text, SOURCE_BYTES)),
    ] {
        for term in dutch_terms(text) {
            if term.chars().count() >= MIN_TERM_CHARS {
                counts
                    .entry((field.field_id(), term))
                    .or_insert((field, 0))
                    .1 += 1;
            }
        }
    }
    counts
}

/// The more-like-this query for an article: its [`MAX_TERMS`] terms with
/// the highest tf·idf that occur in at least two articles and in at most a
/// tenth of them, ties broken by field and term.
pub fn query(stats: &Stats<'_>, fields: &Fields, article: &Article) -> BooleanQuery {
    let docs = stats.searcher.num_docs();
    let max_doc_frequency = (docs / 10).max(2);
    let mut scored: Vec<(f32, u32, String, Field)> = Vec::new();
    for ((field_id, text), (field, tf)) in term_counts(fields, article) {
        let term = Term::from_field_text(field, &text);
        let doc_freq = stats.doc_freq(&term);
        if !(MIN_DOC_FREQUENCY..=max_doc_frequency).contains(&doc_freq) {
            continue;
        }
        scored.push((tf as f32 * idf(doc_freq, docs), field_id, text, field));
    }
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    let clauses: Vec<(Occur, Box<dyn Query>)> = scored
        .into_iter()
        .take(MAX_TERMS)
        .map(|(_, _, text, field)| {
            let q = TermQuery::new(
                Term::from_field_text(field, &text),
                IndexRecordOption::Basic,
            );
            (Occur::Should, Box::new(q) as Box<dyn Query>)
        })
        .collect();
    BooleanQuery::new(clauses)
}

/// Up to `n` candidates (best first) that are near-copies neither of the
/// article `ord` nor of a candidate already picked.
pub fn pick_distinct(
    articles: &[Article],
    ord: usize,
    candidates: Vec<usize>,
    n: usize,
) -> Vec<usize> {
    let Some(own) = articles.get(ord) else {
        return Vec::new();
    };
    let mut kept: Vec<Fingerprint> = vec![Fingerprint::of(own)];
    let mut out = Vec::new();
    for candidate in candidates {
        if out.len() == n {
            break;
        }
        let Some(article) = articles.get(candidate) else {
            continue;
        };
        if candidate == ord {
            continue;
        }
        let print = Fingerprint::of(article);
        if kept.iter().any(|k| near_copies(k, &print)) {
            continue;
        }
        kept.push(print);
        out.push(candidate);
    }
    out
}
