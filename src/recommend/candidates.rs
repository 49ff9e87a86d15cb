//! The first stage of ranking: every article scored with BM25F for the
//! description's terms, and the best of them kept as candidates (with the
//! articles nearest in meaning added, when meaning takes part).

use std::collections::HashSet;

use super::fusion::Meaning;
use super::index::{Bm25f, Index};
use super::query::Query;

/// How many first-stage candidates are reordered.
pub const CANDIDATES: usize = 50;

/// The first stage's result.
#[derive(Debug, Default)]
pub struct Candidates {
    /// Every article's BM25F score, by article index.
    pub scores: Vec<f32>,
    /// The candidates (article, score), best first; articles added by
    /// meaning score 0.
    pub ranked: Vec<(usize, f32)>,
}

/// Scores every article of `index` for `query` and keeps the best
/// [`CANDIDATES`]; with `nearest`, adds that many articles nearest in
/// meaning that are not candidates yet.
pub fn gather(
    index: &Index,
    params: &Bm25f,
    query: &Query,
    nearest: Option<(Meaning, usize)>,
) -> Candidates {
    let mut scores = vec![0.0f32; index.doc_count()];
    for term in &query.terms {
        index.score_term(params, term.term, term.weight, &mut scores);
    }
    let mut ranked = top(&scores, CANDIDATES);
    if let Some((meaning, n)) = nearest {
        add_nearest(&mut ranked, meaning, n);
    }
    Candidates { scores, ranked }
}

/// Adds the `n` articles nearest in meaning that are not candidates yet.
fn add_nearest(ranked: &mut Vec<(usize, f32)>, meaning: Meaning, n: usize) {
    let known: HashSet<usize> = ranked.iter().map(|r| r.0).collect();
    ranked.extend(
        meaning
            .articles
            .nearest(meaning.query, n)
            .into_iter()
            .filter(|(doc, _)| !known.contains(doc))
            .map(|(doc, _)| (doc, 0.0)),
    );
}

/// The `n` best-scoring articles, best first (ties by index).
fn top(scores: &[f32], n: usize) -> Vec<(usize, f32)> {
    let mut ranked: Vec<(usize, f32)> = scores
        .iter()
        .enumerate()
        .filter(|(_, s)| **s > 0.0)
        .map(|(i, s)| (i, *s))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(n);
    ranked
}
