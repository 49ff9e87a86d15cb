//! A description turned into weighted index terms, remembering which words
//! of the description each term came from (for highlighting).

use super::analysis::Word;
use super::filler::is_filler;
use super::index::Index;
use super::{Mode, PART_WEIGHT, Recommender};

/// One term of a description.
#[derive(Debug, Clone)]
pub struct QueryTerm {
    pub term: u32,
    pub weight: f32,
    /// Byte spans of the words it came from.
    pub spans: Vec<(usize, usize)>,
}

/// The weighted terms of one description.
#[derive(Debug, Default)]
pub struct Query {
    pub terms: Vec<QueryTerm>,
    /// Content words the corpus has never seen (nor their parts).
    pub unknown: usize,
    /// Terms added by [`Query::expand`]; they rank but never highlight.
    pub expansion: Vec<QueryTerm>,
}

impl Query {
    pub fn build(recommender: &Recommender, index: &Index, words: &[Word], mode: Mode) -> Query {
        let mut query = Query::default();
        for word in words {
            let folded = word.folded.as_str();
            if recommender.analyzer.is_stop_word(folded) {
                continue;
            }
            let span = (word.start, word.end);
            if mode == Mode::Baseline {
                if let Some(term) = index.term(&recommender.stem_of(folded)) {
                    query.add(term, 1.0, span);
                }
                continue;
            }
            if is_filler(folded) {
                continue;
            }
            let mut known = false;
            if let Some(term) = index.term(&recommender.stem_of(folded)) {
                query.add(term, 1.0, span);
                known = true;
            }
            for part in recommender.splitter.split(folded) {
                if let Some(term) = index.term(&recommender.stem_of(&part)) {
                    query.add(term, PART_WEIGHT, span);
                    known = true;
                }
            }
            if !known && folded.len() >= 4 && !folded.bytes().all(|b| b.is_ascii_digit()) {
                query.unknown += 1;
            }
        }
        query
    }

    /// Adds a term, or raises the weight of one already there.
    fn add(&mut self, term: u32, weight: f32, span: (usize, usize)) {
        if let Some(existing) = self.terms.iter_mut().find(|t| t.term == term) {
            existing.weight = existing.weight.max(weight);
            if !existing.spans.contains(&span) {
                existing.spans.push(span);
            }
        } else {
            self.terms.push(QueryTerm {
                term,
                weight,
                spans: vec![span],
            });
        }
    }

    /// The most a description could score: every term's weighted idf,
    /// with unseen words counted as the rarest possible terms.
    pub fn mass(&self, index: &Index) -> f32 {
        let known: f32 = self
            .terms
            .iter()
            .map(|t| t.weight * index.idf(t.term))
            .sum();
        known + self.unknown as f32 * index.max_idf()
    }

    /// The share of [`Query::mass`] an article contains.
    pub fn coverage(&self, index: &Index, doc: usize) -> f32 {
        let doc = u32::try_from(doc).unwrap_or(u32::MAX);
        let hit: f32 = self
            .terms
            .iter()
            .filter(|t| index.posting(t.term, doc).is_some())
            .map(|t| t.weight * index.idf(t.term))
            .sum();
        let mass = self.mass(index);
        if mass > 0.0 { hit / mass } else { 0.0 }
    }

    /// Pseudo-relevance feedback: adds the topic terms that the best
    /// first-stage articles share, weighted by how well those articles
    /// scored and how rare the terms are. `ranked` is best first.
    pub fn expand(
        &mut self,
        index: &Index,
        ranked: &[(usize, f32)],
        docs: usize,
        terms: usize,
        weight: f32,
    ) {
        let Some(&(_, best)) = ranked.first() else {
            return;
        };
        let mut gains: std::collections::HashMap<u32, f32> = std::collections::HashMap::new();
        for &(doc, score) in ranked.iter().take(docs) {
            for &term in index.topic_terms(doc) {
                *gains.entry(term).or_default() += score / best;
            }
        }
        let mut gains: Vec<(u32, f32)> = gains
            .into_iter()
            .filter(|(t, g)| *g > 1.0 && !self.terms.iter().any(|q| q.term == *t))
            .map(|(t, g)| (t, g * index.idf(t)))
            .collect();
        gains.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let top = gains.first().map_or(1.0, |g| g.1);
        for (term, gain) in gains.into_iter().take(terms) {
            self.expansion.push(QueryTerm {
                term,
                weight: weight * gain / top,
                spans: Vec::new(),
            });
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The description's words that occur in article `doc`, in text order.
    pub fn spans_in(&self, index: &Index, doc: usize) -> Vec<(usize, usize)> {
        let doc = u32::try_from(doc).unwrap_or(u32::MAX);
        let mut spans: Vec<(usize, usize)> = self
            .terms
            .iter()
            .filter(|t| index.posting(t.term, doc).is_some())
            .flat_map(|t| t.spans.iter().copied())
            .collect();
        spans.sort_unstable();
        spans.dedup();
        spans
    }
}
