//! The last stage: whether the first match is sure enough to be presented
//! as the solution, and how sure it is. Words alone decide by how much of
//! the description the first match covers (asking more when the
//! description names something the match never mentions, or words no
//! article knows); with meaning, the cosine of description and match takes
//! part ([`Fusion::confident`]).

use crate::nl::analysis::Word;
use crate::nl::lexicon::is_product;

use super::answer::{Match, Mode};
use super::fusion::{Fusion, Meaning};
use super::index::Index;
use super::names;
use super::query::Query;
use super::words::Words;

/// The least coverage of the first match that counts as confident when
/// the articles know every content word of the description.
const CONFIDENT: f32 = 0.15;
/// The least coverage when the description names something (a brand, a
/// service) that the first match never mentions.
const CONFIDENT_WITH_FOREIGN_NAME: f32 = 0.45;
/// The least coverage when the description names something no article
/// mentions (a brand, a service, a word of another domain): then the
/// question is often not about anything the portal covers.
const CONFIDENT_WITH_UNKNOWN: f32 = 0.33;

/// What the judgement reads about one description.
pub struct Evidence<'a> {
    /// The description as analysed (`problem`, its `words`).
    pub problem: &'a str,
    pub words: &'a [Word],
    pub query: &'a Query,
    /// The index the query was scored on.
    pub index: &'a Index,
    pub known: &'a Words,
    pub mode: Mode,
    pub meaning: Option<Meaning<'a>>,
    pub fusion: &'a Fusion,
}

/// The judgement on the first match.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Confidence {
    /// Whether the first match should be presented as the solution.
    pub confident: bool,
    /// How sure the first match is, from 0 to 1.
    pub confidence: f32,
}

/// Judges the first of `matches`.
pub fn judge(matches: &[Match], evidence: &Evidence<'_>) -> Confidence {
    judge_article(matches.first().map(|m| m.article.get()), evidence)
}

/// Judges article `first` as if it were the first match.
pub fn judge_article(first: Option<usize>, evidence: &Evidence<'_>) -> Confidence {
    let Evidence {
        query, index, mode, ..
    } = *evidence;
    let coverage = first.map_or(0.0, |doc| query.coverage(index, doc));
    let foreign = mode != Mode::Baseline
        && evidence.known.rules().names
        && first.is_some_and(|doc| names_unmentioned(evidence, doc));
    let words_confident = !query.is_empty() && coverage >= confidence_bar(query, foreign);
    let cosine = evidence
        .meaning
        .zip(first)
        .map(|(meaning, doc)| meaning.articles.similarity(meaning.query, doc));
    let (confident, confidence) = match (mode, cosine) {
        (Mode::Meaning, Some(cosine)) => (cosine >= evidence.fusion.sure, cosine),
        (Mode::Blend, Some(cosine)) => (evidence.fusion.confident(words_confident, cosine), cosine),
        _ => (words_confident, coverage),
    };
    Confidence {
        confident,
        confidence,
    }
}

/// The coverage the first match needs to be presented as the solution.
fn confidence_bar(query: &Query, foreign: bool) -> f32 {
    if foreign {
        CONFIDENT_WITH_FOREIGN_NAME
    } else if query.unknown > 0 {
        CONFIDENT_WITH_UNKNOWN
    } else {
        CONFIDENT
    }
}

/// Whether the description names something (a brand, a service) that
/// article `doc` never mentions and the portal does not cover.
fn names_unmentioned(evidence: &Evidence<'_>, doc: usize) -> bool {
    let index = evidence.index;
    let doc = u32::try_from(doc).unwrap_or(u32::MAX);
    names::in_text(evidence.problem, evidence.words)
        .into_iter()
        .any(|name| {
            !is_product(name)
                && index
                    .term(&evidence.known.stem_of(index, name))
                    .is_none_or(|term| index.posting(term, doc).is_none())
        })
}
