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

/// The candidates reordered by their fused score, best first (ties by
/// article index).
pub fn fused(candidates: Candidates, scoring: &Scoring<'_>) -> Vec<(usize, f32)> {
    let Candidates { scores, mut ranked } = candidates;
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
    for ((doc, score), fit) in ranked.iter_mut().zip(scoring.fits) {
        let lexical = scores[*doc] / best * (COVERAGE_FLOOR + query.coverage(index, *doc)) * fit;
        let latent = scoring.latent_weight * scoring.lsa.similarity(&latent, *doc);
        *score = (lexical + latent).max(0.0);
    }
    match scoring.meaning {
        Some(meaning) => scoring.fusion.rank(&ranked, meaning),
        None => {
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            ranked
        }
    }
}
