//! What the full matcher knows of each candidate of one description before
//! ordering it: the signals of every stage side by side, for fitting and
//! measuring a reranker outside the portal (`eval --dump-candidates`).

use serde::Serialize;

use crate::nl::analysis;

use super::candidates;
use super::confidence;
use super::fusion::Meaning;
use super::index::Field;
use super::query::Query;
use super::score;
use super::{BLEND, MAX_PROBLEM_BYTES, Mode, Recommender, truncate};

/// One candidate's signals.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateSignals {
    pub article: usize,
    /// BM25F score (0 for an article added by meaning).
    pub bm25: f32,
    /// Share of the description covered: by the whole article, by its
    /// title and file name, by its description field.
    pub coverage: f32,
    pub title_coverage: f32,
    pub description_coverage: f32,
    /// Product and platform factor.
    pub audience: f32,
    /// Latent (LSA) similarity.
    pub latent: f32,
    /// The word score the fusion reads.
    pub words: f32,
    /// Cosine with the best passage and with the title embedded as a query
    /// (0 without meaning).
    pub cosine: f32,
    pub title_cosine: f32,
    /// The fused score and 1-based rank in the fused order.
    pub fused: f32,
    pub fused_rank: usize,
    /// Whether it would be confident as the first match.
    pub confident: bool,
    /// Length of the title and of the body (weighted words).
    pub title_length: f32,
    pub body_length: f32,
}

/// A description's query figures and its candidates, in fused order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Signals {
    /// Content words of the description known to the corpus, and unknown.
    pub concepts: usize,
    pub unknown: usize,
    pub candidates: Vec<CandidateSignals>,
}

impl Recommender {
    /// The signals of every candidate of `problem` for the full matcher
    /// ([`Mode::Blend`]), meaning taking part when given.
    pub fn candidate_signals(&self, problem: &str, meaning: Option<Meaning<'_>>) -> Signals {
        let fusion = &self.fusion;
        let problem = truncate(problem, MAX_PROBLEM_BYTES);
        let words = analysis::words(problem);
        let index = &self.parts.index;
        let query = Query::build(&self.parts.words, index, problem, &words, Mode::Blend);
        let nearest = meaning.map(|m| (m, fusion.candidates));
        let found = candidates::gather(index, &BLEND, &query, nearest);
        let fits = self.fits(&found, &words);
        let scoring = self.scoring(&query, &fits, meaning, fusion);
        let signals = score::word_signals(&found, &scoring);
        let fused = score::fused(found, &scoring);
        let evidence = self.evidence((problem, &words, &query), Mode::Blend, meaning, fusion);
        let cosines = |doc: usize| {
            meaning.map_or((0.0, 0.0), |m| {
                (
                    m.articles.similarity(m.query, doc),
                    m.articles.title_similarity(m.query, doc),
                )
            })
        };
        let candidates = fused
            .iter()
            .enumerate()
            .filter_map(|(rank, &(doc, score))| {
                let (s, fit) = signals.iter().zip(&fits).find(|(s, _)| s.doc == doc)?;
                let (cosine, title_cosine) = cosines(doc);
                let length = index.length(doc);
                Some(CandidateSignals {
                    article: doc,
                    bm25: s.bm25,
                    coverage: s.coverage,
                    title_coverage: query.coverage_in(index, doc, &[Field::Title, Field::Name]),
                    description_coverage: query.coverage_in(index, doc, &[Field::Description]),
                    audience: *fit,
                    latent: s.latent,
                    words: s.score,
                    cosine,
                    title_cosine,
                    fused: score,
                    fused_rank: rank + 1,
                    confident: confidence::judge_article(Some(doc), &evidence).confident,
                    title_length: length[Field::Title.index()],
                    body_length: length[Field::Body.index()],
                })
            })
            .collect();
        Signals {
            concepts: query.concepts.len(),
            unknown: query.unknown,
            candidates,
        }
    }
}
