//! Measuring recommended steps on labelled descriptions: lines of
//! `{"q": "...", "expect": ["id", ...]}` (an empty `expect` means no article
//! answers it), scored as top-1 accuracy, top-3 recall, MRR, abstentions on
//! unanswerable lines and false abstentions on answerable ones.

use serde::Deserialize;

use crate::content::ArticleIx;
use crate::library::Library;
use crate::recommend::{Fusion, Meaning, Mode, Recommendation, Recommender};
use crate::semantic::Semantic;

/// How many matches each line is scored on.
const DEPTH: usize = 10;

/// One labelled description.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub q: String,
    #[serde(default)]
    pub expect: Vec<String>,
}

/// A line that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct CaseError {
    pub line: usize,
    pub reason: String,
}

/// Parses JSON lines; blank lines are skipped.
pub fn parse_cases(text: &str) -> Result<Vec<Case>, CaseError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| CaseError {
                line: i + 1,
                reason: e.to_string(),
            })
        })
        .collect()
}

/// How one case went.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub case: Case,
    pub confident: bool,
    pub confidence: f32,
    /// Ids of the matches, best first.
    pub ids: Vec<String>,
    /// 1-based rank of the first expected article, if found.
    pub rank: Option<usize>,
}

impl Outcome {
    pub fn answerable(&self) -> bool {
        !self.case.expect.is_empty()
    }

    /// Confident and right, or (unanswerable) abstained.
    pub fn correct(&self) -> bool {
        if self.answerable() {
            self.confident && self.rank == Some(1)
        } else {
            !self.confident
        }
    }
}

/// The figures over a whole file.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
    pub answerable: usize,
    pub unanswerable: usize,
    /// Confident and the first match expected, over answerable lines.
    pub top1: f64,
    /// An expected article among the first three, over answerable lines.
    pub top3: f64,
    pub mrr: f64,
    /// Share of unanswerable lines that abstained.
    pub abstained: f64,
    /// Share of answerable lines that abstained.
    pub false_abstentions: f64,
}

/// Runs every case through the library's recommender; with `semantic`
/// (and the library's article vectors attached) meaning takes part.
pub fn evaluate(
    library: &Library,
    cases: &[Case],
    mode: Mode,
    semantic: Option<&Semantic>,
) -> Report {
    let queries = query_vectors(cases, semantic);
    let recommender = library.recommender();
    evaluate_with(
        library,
        recommender,
        cases,
        mode,
        &queries,
        &recommender.fusion(),
    )
}

/// Each case's description vector (`None` without an encoder).
pub fn query_vectors(cases: &[Case], semantic: Option<&Semantic>) -> Vec<Option<Vec<f32>>> {
    cases
        .iter()
        .map(|case| semantic.and_then(|s| s.query_now(&case.q)))
        .collect()
}

/// Like [`evaluate`] with the description vectors made already, another
/// recommender over the same articles (other word rules) and other fusion
/// weights: for measuring them without embedding again.
pub fn evaluate_with(
    library: &Library,
    recommender: &Recommender,
    cases: &[Case],
    mode: Mode,
    queries: &[Option<Vec<f32>>],
    fusion: &Fusion,
) -> Report {
    let outcomes: Vec<Outcome> = cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let meaning = queries
                .get(i)
                .and_then(Option::as_deref)
                .zip(library.vectors())
                .map(|(query, articles)| Meaning { query, articles });
            let found = recommender.recommend_fused(&case.q, DEPTH, mode, meaning, fusion);
            outcome(library, case, &found)
        })
        .collect();
    summarise(outcomes)
}

/// Per line, every candidate of the full matcher with its signals, its
/// article's id and collection and whether it is expected, as one JSON
/// object (`eval --dump-candidates`: for fitting a reranker outside).
pub fn candidate_lines(
    library: &Library,
    cases: &[Case],
    semantic: Option<&Semantic>,
) -> Vec<serde_json::Value> {
    let queries = query_vectors(cases, semantic);
    cases
        .iter()
        .zip(&queries)
        .enumerate()
        .map(|(line, (case, query))| {
            let meaning = query
                .as_deref()
                .zip(library.vectors())
                .map(|(query, articles)| Meaning { query, articles });
            let signals = library.recommender().candidate_signals(&case.q, meaning);
            let candidates: Vec<serde_json::Value> = signals
                .candidates
                .iter()
                .filter_map(|c| {
                    let article = library.at(ArticleIx::new(c.article))?;
                    let right = case
                        .expect
                        .iter()
                        .any(|e| e.eq_ignore_ascii_case(&article.id));
                    let mut value = serde_json::to_value(c).ok()?;
                    let object = value.as_object_mut()?;
                    object.insert("id".into(), article.id.clone().into());
                    object.insert("collection".into(), article.collection.clone().into());
                    object.insert("title".into(), article.source_title.clone().into());
                    object.insert("right".into(), right.into());
                    Some(value)
                })
                .collect();
            serde_json::json!({
                "line": line + 1,
                "q": case.q,
                "expect": case.expect,
                "concepts": signals.concepts,
                "unknown": signals.unknown,
                "candidates": candidates,
            })
        })
        .collect()
}

/// How `found` scores against `case`.
pub(super) fn outcome(library: &Library, case: &Case, found: &Recommendation) -> Outcome {
    let ids: Vec<String> = found
        .matches
        .iter()
        .filter_map(|m| library.at(m.article))
        .map(|a| a.id.clone())
        .collect();
    let rank = ids
        .iter()
        .position(|id| case.expect.iter().any(|e| e.eq_ignore_ascii_case(id)))
        .map(|p| p + 1);
    Outcome {
        case: case.clone(),
        confident: found.confident,
        confidence: found.confidence,
        ids,
        rank,
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Computes the figures from individual outcomes.
pub fn summarise(outcomes: Vec<Outcome>) -> Report {
    let answerable: Vec<&Outcome> = outcomes.iter().filter(|o| o.answerable()).collect();
    let unanswerable: Vec<&Outcome> = outcomes.iter().filter(|o| !o.answerable()).collect();
    let a = answerable.len();
    let top1 = answerable.iter().filter(|o| o.correct()).count();
    let top3 = answerable
        .iter()
        .filter(|o| o.rank.is_some_and(|r| r <= 3))
        .count();
    let mrr: f64 = answerable
        .iter()
        .filter_map(|o| o.rank)
        .map(|r| 1.0 / r as f64)
        .sum();
    let abstained = unanswerable.iter().filter(|o| !o.confident).count();
    let false_abstentions = answerable.iter().filter(|o| !o.confident).count();
    Report {
        answerable: a,
        unanswerable: unanswerable.len(),
        top1: ratio(top1, a),
        top3: ratio(top3, a),
        mrr: if a == 0 { 0.0 } else { mrr / a as f64 },
        abstained: ratio(abstained, unanswerable.len()),
        false_abstentions: ratio(false_abstentions, a),
        outcomes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(expect: &[&str], confident: bool, rank: Option<usize>) -> Outcome {
        Outcome {
            case: Case {
                q: String::new(),
                expect: expect.iter().map(|s| (*s).to_owned()).collect(),
            },
            confident,
            confidence: 0.0,
            ids: Vec::new(),
            rank,
        }
    }

    #[test]
    fn figures_follow_the_definitions() {
        let report = summarise(vec![
            o(&["a"], true, Some(1)),
            o(&["a"], false, Some(1)),
            o(&["a"], true, Some(3)),
            o(&["a"], true, None),
            o(&[], false, None),
            o(&[], true, None),
        ]);
        assert_eq!(report.answerable, 4);
        assert!((report.top1 - 0.25).abs() < 1e-9);
        assert!((report.top3 - 0.75).abs() < 1e-9);
        assert!((report.mrr - (1.0 + 1.0 + 1.0 / 3.0) / 4.0).abs() < 1e-9);
        assert!((report.abstained - 0.5).abs() < 1e-9);
        assert!((report.false_abstentions - 0.25).abs() < 1e-9);
    }

    #[test]
    fn lines_parse_and_extra_keys_are_ignored() {
        let cases =
            parse_cases("{\"q\": \"x\", \"expect\": [\"a/b\"], \"note\": \"n\"}\n\n{\"q\": \"y\", \"expect\": []}\n")
                .unwrap();
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[0].expect, ["a/b"]);
        assert!(parse_cases("{not json}").is_err());
    }
}
