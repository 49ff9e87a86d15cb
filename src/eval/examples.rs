//! Measuring what taught examples add: `helpportal eval FILE --examples
//! EXAMPLES.jsonl` scores recommended steps with the examples of a file
//! loaded as the portal would hold them (masked like a confirmation,
//! embedded like the background task does), through the same examples
//! stage as the web pages. The file is read like `helpportal examples
//! import` reads it: one article per line, or none.

use super::recommend::{Case, Outcome, Report, outcome, summarise};
use crate::insights::example_lines::ExampleLine;
use crate::insights::mask;
use crate::library::Library;
use crate::recommend::Meaning;
use crate::recommend::examples::{Example, Examples, Nearest};
use crate::semantic::Semantic;

/// How many matches each line is scored on.
const DEPTH: usize = 10;

/// The examples of a file's lines, masked and (with `semantic`) embedded.
pub fn load(lines: &[ExampleLine], semantic: Option<&Semantic>) -> Examples {
    let examples = lines
        .iter()
        .map(|line| {
            let description = mask::normalise_query(&line.description);
            Example {
                vector: semantic.and_then(|s| s.query_now(&description)),
                description,
                article: line.article.clone(),
            }
        })
        .collect();
    Examples::new(examples, 0)
}

/// One case's outcome and the example closest to it (for measuring the
/// thresholds).
pub struct Scored<'a> {
    pub outcome: Outcome,
    pub closest: Option<Nearest<'a>>,
}

/// Every case through the full matcher and the examples stage; with
/// `semantic` (and the library's article vectors) meaning takes part.
pub fn evaluate<'a>(
    library: &Library,
    cases: &[Case],
    semantic: Option<&Semantic>,
    examples: &'a Examples,
) -> (Report, Vec<Scored<'a>>) {
    let recommender = library.recommender();
    let scored: Vec<Scored<'_>> = cases
        .iter()
        .map(|case| {
            let query = semantic.and_then(|s| s.query_now(&case.q));
            let meaning = query
                .as_deref()
                .zip(library.vectors())
                .map(|(query, articles)| Meaning { query, articles });
            let found = recommender
                .recommend_taught(&case.q, DEPTH, meaning, examples, |id| library.index_of(id));
            Scored {
                outcome: outcome(library, case, &found),
                closest: examples.closest(&case.q, query.as_deref()),
            }
        })
        .collect();
    let report = summarise(scored.iter().map(|s| s.outcome.clone()).collect());
    (report, scored)
}

/// Per case, what the examples stage could read (for fitting it, see
/// `scripts/fit-example-gate.py`): the matches without examples (id, score,
/// passage and title cosine), whether the first is confident, every
/// example's cosine and word overlap (in the examples' order), the passage
/// and title cosine of every article the examples name, the case's
/// stems, and its cosine to every example of `lines` embedded as a passage
/// (rather than as a query).
pub fn features(
    library: &Library,
    cases: &[Case],
    semantic: Option<&Semantic>,
    examples: &Examples,
    lines: &[ExampleLine],
) -> Vec<serde_json::Value> {
    let recommender = library.recommender();
    let named = examples.articles();
    let as_passages: Vec<Vec<f32>> = lines
        .iter()
        .filter_map(|l| semantic?.passage_now(&mask::normalise_query(&l.description)))
        .collect();
    cases
        .iter()
        .map(|case| {
            let query = semantic.and_then(|s| s.query_now(&case.q));
            let vectors = query.as_deref().zip(library.vectors());
            let meaning = vectors.map(|(query, articles)| Meaning { query, articles });
            let cosines = |doc: usize| {
                vectors.map_or((0.0, 0.0), |(q, a)| {
                    (a.similarity(q, doc), a.title_similarity(q, doc))
                })
            };
            let found = recommender.recommend(&case.q, DEPTH, meaning);
            let top: Vec<serde_json::Value> = found
                .matches
                .iter()
                .filter_map(|m| {
                    let (passage, title) = cosines(m.article.get());
                    let id = &library.at(m.article)?.id;
                    Some(serde_json::json!([id, m.score, passage, title]))
                })
                .collect();
            let near: Vec<[f32; 2]> = examples
                .strengths(&case.q, query.as_deref())
                .iter()
                .map(|n| [n.strength.cosine, n.strength.overlap])
                .collect();
            let articles: serde_json::Map<String, serde_json::Value> = named
                .iter()
                .filter_map(|id| {
                    let (passage, title) = cosines(library.index_of(id)?.get());
                    Some(((*id).to_owned(), serde_json::json!([passage, title])))
                })
                .collect();
            let passage_cosines: Vec<f32> = query.as_deref().map_or(Vec::new(), |q| {
                as_passages.iter().map(|p| dot(q, p)).collect()
            });
            serde_json::json!({
                "q": case.q,
                "passages": passage_cosines,
                "expect": case.expect,
                "confident": found.confident,
                "confidence": found.confidence,
                "top": top,
                "examples": near,
                "articles": articles,
                "terms": crate::nl::analysis::dutch_terms(&case.q),
            })
        })
        .collect()
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
