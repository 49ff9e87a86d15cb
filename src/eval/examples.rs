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
