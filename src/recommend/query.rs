//! A description turned into weighted index terms, remembering which words
//! of the description each term came from (for highlighting). The words
//! are read in the order of [`crate::nl::STEPS`].

use crate::nl::analysis::{Word, is_stop_word};
use crate::nl::lexicon::is_filler;
use crate::nl::separable::joined_verbs;

use super::answer::Mode;
use super::build::PART_WEIGHT;
use super::index::{Field, Index, Posting};
use super::words::Words;

/// Weight of a synonym of a description's word.
const SYNONYM_WEIGHT: f32 = 0.7;

/// Weight of an error code or other identifier (`30125`, `0x801c0003`):
/// an article that names it is about exactly that.
const CODE_WEIGHT: f32 = 3.0;

/// Whether a folded word is a code: five or more characters with digits.
fn is_code(folded: &str) -> bool {
    folded.len() >= 5 && folded.bytes().filter(u8::is_ascii_digit).count() >= 3
}

/// One term of a description.
#[derive(Debug, Clone)]
pub struct QueryTerm {
    pub term: u32,
    pub weight: f32,
    /// Byte spans of the words it came from.
    pub spans: Vec<(usize, usize)>,
}

/// One content word of a description and every term that stands for it
/// (its stem, its compound parts, its synonyms).
#[derive(Debug, Clone)]
pub struct Concept {
    /// Indices into [`Query::terms`], with the weight each carries here.
    pub terms: Vec<(usize, f32)>,
}

/// The weighted terms of one description.
#[derive(Debug, Default)]
pub struct Query {
    pub terms: Vec<QueryTerm>,
    /// The description's content words, for coverage.
    pub concepts: Vec<Concept>,
    /// Content words the corpus has never seen (nor their parts).
    pub unknown: usize,
}

impl Query {
    /// The query for a description (`text`, analysed as `words`) against
    /// `index` (the full index, or the plain one for the baseline).
    pub fn build(known: &Words, index: &Index, text: &str, words: &[Word], mode: Mode) -> Query {
        let mut query = Query::default();
        for word in words {
            let folded = word.folded.as_str();
            if is_stop_word(folded) {
                continue;
            }
            let span = (word.start, word.end);
            if mode == Mode::Baseline {
                query.add_plain(index, &known.plain_stem_of(folded), span);
                continue;
            }
            // A single letter (`collega's`, `zo'n`) means nothing alone.
            if (known.rules().filler && is_filler(folded)) || folded.chars().count() < 2 {
                continue;
            }
            let spans = [span];
            if query.add_word(known, index, folded, &spans, false) {
                continue;
            }
            // Only words nothing above knew reach here, so none is "known".
            let repaired = known.repair(folded);
            if repaired.is_some_and(|w| query.add_word(known, index, &w, &spans, false)) {
                continue;
            }
            if folded.len() >= 4 && !folded.bytes().all(|b| b.is_ascii_digit()) {
                query.unknown += 1;
            }
        }
        if mode != Mode::Baseline {
            query.add_joined_and_phrases(known, index, text, words);
        }
        query
    }

    /// A baseline word: its plain stem alone.
    fn add_plain(&mut self, index: &Index, stem: &str, span: (usize, usize)) {
        if let Some(term) = index.term(stem) {
            let i = self.add(term, 1.0, &[span]);
            if !self.concepts.iter().any(|c| c.terms == [(i, 1.0)]) {
                self.concepts.push(Concept {
                    terms: vec![(i, 1.0)],
                });
            }
        }
    }

    /// Separable verbs joined (when known as a whole) and the phrases of
    /// the synonym list, after the words one by one.
    fn add_joined_and_phrases(&mut self, known: &Words, index: &Index, text: &str, words: &[Word]) {
        if known.rules().separable {
            for joined in joined_verbs(text, words) {
                self.add_word(known, index, &joined.folded, &joined.spans, true);
            }
        }
        let folded: Vec<&str> = words.iter().map(|w| w.folded.as_str()).collect();
        for found in known.synonyms().phrases_in(&folded) {
            let spans: Vec<(usize, usize)> = words
                .iter()
                .skip(found.start)
                .take(found.len)
                .map(|w| (w.start, w.end))
                .collect();
            self.add_members(index, &found.alternatives, &spans);
        }
    }

    /// Adds a content word as a concept: its stem, its compound parts and
    /// its synonyms. A `whole_only` word (a joined separable verb) counts
    /// only when the corpus or the synonym list knows it as a whole.
    /// Returns whether anything of it is known.
    fn add_word(
        &mut self,
        known: &Words,
        index: &Index,
        folded: &str,
        spans: &[(usize, usize)],
        whole_only: bool,
    ) -> bool {
        let stem = known.stem_of(index, folded);
        let whole = index
            .term(&stem)
            .filter(|&t| !whole_only || index.df(t) >= 2);
        let synonyms = known.synonyms().whole_alternatives(&stem);
        if whole_only && whole.is_none() && synonyms.is_empty() {
            return false;
        }
        let mut concept = Concept { terms: Vec::new() };
        if let Some(term) = whole {
            let weight = if is_code(folded) { CODE_WEIGHT } else { 1.0 };
            concept.terms.push((self.add(term, weight, spans), weight));
        }
        if !whole_only {
            for part in known.pieces(folded) {
                if let Some(term) = index.term(&known.stem_of(index, &part)) {
                    concept
                        .terms
                        .push((self.add(term, PART_WEIGHT, spans), PART_WEIGHT));
                }
            }
        }
        let members = self.add_synonyms(index, &synonyms, spans);
        concept.terms.extend(members);
        if concept.terms.is_empty() {
            return false;
        }
        if !self.concepts.iter().any(|c| c.terms == concept.terms) {
            self.concepts.push(concept);
        }
        true
    }

    /// Adds the synonyms of a phrase of the description (`uit dienst` →
    /// `vertrekken`) as one concept.
    fn add_members(&mut self, index: &Index, members: &[&[String]], spans: &[(usize, usize)]) {
        let concept = Concept {
            terms: self.add_synonyms(index, members, spans),
        };
        if !concept.terms.is_empty() && !self.concepts.iter().any(|c| c.terms == concept.terms) {
            self.concepts.push(concept);
        }
    }

    /// Adds synonym members' terms; a member of several words shares the
    /// synonym weight among them. Returns the concept entries.
    fn add_synonyms(
        &mut self,
        index: &Index,
        members: &[&[String]],
        spans: &[(usize, usize)],
    ) -> Vec<(usize, f32)> {
        let mut out = Vec::new();
        for member in members {
            let weight = SYNONYM_WEIGHT / member.len() as f32;
            let terms = member.iter().filter(|t| t.chars().count() >= 2);
            for term in terms.filter_map(|t| index.term(t)) {
                out.push((self.add(term, weight, spans), weight));
            }
        }
        out
    }

    /// Adds a term, or raises the weight of one already there; returns its
    /// position in [`Query::terms`].
    fn add(&mut self, term: u32, weight: f32, spans: &[(usize, usize)]) -> usize {
        if let Some(i) = self.terms.iter().position(|t| t.term == term) {
            let existing = &mut self.terms[i];
            existing.weight = existing.weight.max(weight);
            for span in spans {
                if !existing.spans.contains(span) {
                    existing.spans.push(*span);
                }
            }
            i
        } else {
            self.terms.push(QueryTerm {
                term,
                weight,
                spans: spans.to_vec(),
            });
            self.terms.len() - 1
        }
    }

    /// How much one concept weighs: its best term's weighted idf.
    fn concept_mass(&self, index: &Index, concept: &Concept) -> f32 {
        concept
            .terms
            .iter()
            .filter_map(|&(i, w)| self.terms.get(i).map(|t| w * index.idf(t.term)))
            .fold(0.0, f32::max)
    }

    /// The most a description could score: every concept's mass, with
    /// unseen words counted as the rarest possible terms.
    pub fn mass(&self, index: &Index) -> f32 {
        let known: f32 = self
            .concepts
            .iter()
            .map(|c| self.concept_mass(index, c))
            .sum();
        known + self.unknown as f32 * index.max_idf()
    }

    /// The share of [`Query::mass`] an article contains: per concept, the
    /// weighted idf of the best of its terms the article has.
    pub fn coverage(&self, index: &Index, doc: usize) -> f32 {
        self.share(index, doc, |_| true)
    }

    /// Like [`Query::coverage`], counting only the terms `doc` holds in
    /// one of `fields`.
    pub fn coverage_in(&self, index: &Index, doc: usize, fields: &[Field]) -> f32 {
        self.share(index, doc, |p| {
            fields.iter().any(|f| p.tf()[f.index()] > 0.0)
        })
    }

    /// The share of [`Query::mass`] held by the terms whose posting in
    /// `doc` passes `counts`.
    fn share(&self, index: &Index, doc: usize, counts: impl Fn(&Posting) -> bool) -> f32 {
        let doc = u32::try_from(doc).unwrap_or(u32::MAX);
        let held = |term: u32| index.posting(term, doc).is_some_and(&counts);
        let hit: f32 = self
            .concepts
            .iter()
            .map(|c| {
                c.terms
                    .iter()
                    .filter_map(|&(i, w)| self.terms.get(i).map(|t| (t.term, w)))
                    .filter(|&(t, _)| held(t))
                    .map(|(t, w)| w * index.idf(t))
                    .fold(0.0, f32::max)
            })
            .sum();
        let mass = self.mass(index);
        if mass > 0.0 { hit / mass } else { 0.0 }
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

#[cfg(test)]
mod tests {
    use super::is_code;

    #[test]
    fn error_codes_are_codes_and_versions_are_not() {
        for code in ["30125", "0x801c0003", "80070005"] {
            assert!(is_code(code), "{code}");
        }
        for word in ["2016", "365", "office", "windows10"] {
            assert!(!is_code(word), "{word}");
        }
    }
}
