//! The fused score of each candidate: its word score relative to the best
//! candidate's, times how much of the description it covers and its
//! audience factor, plus its latent (LSA) similarity to the description;
//! then fused with meaning when the description's vector is given.

use super::candidates::Candidates;
use super::fusion::{Fusion, Meaning};
use super::index::Index;
use super::lsa::Lsa;
use super::query::Query;

/// Reordering multiplies the first-stage score by this plus the share of
/// the description's weight the article covers.
const COVERAGE_FLOOR: f32 = 0.75;
/// Reordering adds this times the latent similarity of description and
/// article to the (normalised) lexical score.
pub const LATENT_WEIGHT: f32 = 1.0;

/// What the fused score reads.
pub struct Scoring<'a> {
    pub index: &'a Index,
    pub query: &'a Query,
    pub lsa: &'a Lsa,
    /// Weight of the latent similarity (0 when the rule is off).
    pub latent_weight: f32,
    /// Each candidate's audience factor, in the candidates' order.
    pub fits: &'a [f32],
    pub meaning: Option<Meaning<'a>>,
    pub fusion: &'a Fusion,
}

/// One candidate's word signals (the first part of the fused score).
#[derive(Debug, Clone, Copy)]
pub struct WordSignals {
    pub doc: usize,
    /// Its BM25F score (0 for an article added by meaning).
    pub bm25: f32,
    /// The share of the description it covers.
    pub coverage: f32,
    /// Its latent (LSA) similarity to the description.
    pub latent: f32,
    /// The word score: lexical evidence relative to the best candidate,
    /// times coverage and audience, plus the weighted latent similarity.
    pub score: f32,
}

/// Each candidate's word signals, in the candidates' order.
pub fn word_signals(candidates: &Candidates, scoring: &Scoring<'_>) -> Vec<WordSignals> {
    let Candidates { scores, ranked } = candidates;
    let Scoring { index, query, .. } = *scoring;
    let latent = scoring
        .lsa
        .embed(index, query.terms.iter().map(|t| (t.term, t.weight)));
    // Lexical evidence relative to the best candidate, plus the latent
    // similarity (a cosine, so on a comparable scale).
    let best = ranked
        .iter()
        .map(|r| scores[r.0])
        .fold(f32::EPSILON, f32::max);
    ranked
        .iter()
        .zip(scoring.fits)
        .map(|(&(doc, _), fit)| {
            let bm25 = scores[doc];
            let coverage = query.coverage(index, doc);
            let lexical = bm25 / best * (COVERAGE_FLOOR + coverage) * fit;
            let latent = scoring.lsa.similarity(&latent, doc);
            let score = (lexical + scoring.latent_weight * latent).max(0.0);
            WordSignals {
                doc,
                bm25,
                coverage,
                latent,
                score,
            }
        })
        .collect()
}

/// The candidates reordered by their fused score, best first (ties by
/// article index).
pub fn fused(candidates: Candidates, scoring: &Scoring<'_>) -> Vec<(usize, f32)> {
    let mut ranked: Vec<(usize, f32)> = word_signals(&candidates, scoring)
        .into_iter()
        .map(|w| (w.doc, w.score))
        .collect();
    match scoring.meaning {
        Some(meaning) => scoring.fusion.rank(&ranked, meaning),
        None => {
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            ranked
        }
    }
}
