//! Known-item search evaluation: lines of `{"q": "...", "expect": ["id",
//! ...]}` where `q` is what a staff member types to find one article and
//! `expect` lists the articles that count as found (near-copies of one
//! answer). Each query is scored on the first page of ten results: hit@1,
//! hit@5 and MRR@10. A result with near-copies counts as each of them
//! (the page shows them under it).

use std::time::{Duration, Instant};

use crate::eval::recommend::Case;
use crate::library::Library;
use crate::recommend::Mode;
use crate::search::SearchRequest;
use crate::search::fuse::MEANING_CANDIDATES;
use crate::semantic::Semantic;

/// Results looked at per query: one page.
pub const DEPTH: usize = 10;

/// What ranks the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ranking {
    /// The portal's search, as the results page shows it: words fused
    /// with meaning when the encoder and the article vectors are there.
    Portal,
    /// The portal's search by words alone.
    Words,
    /// The nearest articles by meaning alone.
    Meaning,
    /// Plain BM25 over title and body, for comparison.
    Baseline,
}

/// How one query went.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub case: Case,
    /// Ids of the first page, best first.
    pub ids: Vec<String>,
    /// 1-based rank of the first expected article on the page, if any.
    pub rank: Option<usize>,
    /// How long the first page took (query encoding included).
    pub took: Duration,
}

/// The figures over a whole set.
#[derive(Debug, Clone)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
    pub hit1: f64,
    pub hit5: f64,
    pub mrr10: f64,
}

impl Report {
    /// The median and the 99th percentile of the time per query.
    pub fn latency(&self) -> (Duration, Duration) {
        let mut took: Vec<Duration> = self.outcomes.iter().map(|o| o.took).collect();
        took.sort();
        let at = |p: f64| {
            let i = ((took.len().saturating_sub(1)) as f64 * p).round() as usize;
            took.get(i).copied().unwrap_or_default()
        };
        (at(0.5), at(0.99))
    }

    /// The queries whose expected article is not first.
    pub fn misses(&self) -> impl Iterator<Item = &Outcome> {
        self.outcomes.iter().filter(|o| o.rank != Some(1))
    }
}

/// The nearest articles to `query` by meaning, as search fuses them;
/// empty without the encoder or the article vectors.
pub fn meaning(library: &Library, semantic: Option<&Semantic>, query: &str) -> Vec<(usize, f32)> {
    let (Some(vectors), Some(vector)) =
        (library.vectors(), semantic.and_then(|s| s.query_now(query)))
    else {
        return Vec::new();
    };
    vectors.nearest_overall(&vector, MEANING_CANDIDATES)
}

/// The ids of the first page for `query` under `ranking` (a result's
/// near-copies right after it).
pub fn first_page(
    library: &Library,
    semantic: Option<&Semantic>,
    query: &str,
    ranking: Ranking,
) -> Vec<String> {
    let articles = library.articles();
    let indices: Vec<usize> = match ranking {
        Ranking::Portal | Ranking::Words => {
            let near = match ranking {
                Ranking::Portal => meaning(library, semantic, query),
                _ => Vec::new(),
            };
            let mut request = SearchRequest::new(query);
            request.per_page = DEPTH;
            request.meaning = (!near.is_empty()).then_some(near.as_slice());
            library
                .search()
                .search_uncached(articles, &request)
                .hits
                .iter()
                .flat_map(|hit| std::iter::once(hit.article).chain(hit.also.iter().copied()))
                .map(|ix| ix.get())
                .collect()
        }
        Ranking::Meaning => meaning(library, semantic, query)
            .into_iter()
            .take(DEPTH)
            .map(|(o, _)| o)
            .collect(),
        Ranking::Baseline => library
            .recommender()
            .recommend_with(query, DEPTH, Mode::Baseline, None)
            .matches
            .iter()
            .map(|m| m.article.get())
            .collect(),
    };
    indices
        .into_iter()
        .filter_map(|ix| articles.get(ix).map(|a| a.id.clone()))
        .collect()
}

/// Scores every case.
pub fn evaluate(
    library: &Library,
    semantic: Option<&Semantic>,
    cases: &[Case],
    ranking: Ranking,
) -> Report {
    let outcomes = cases
        .iter()
        .map(|case| {
            let started = Instant::now();
            let ids = first_page(library, semantic, &case.q, ranking);
            let took = started.elapsed();
            let rank = rank_of(&ids, &case.expect);
            Outcome {
                case: case.clone(),
                ids,
                rank,
                took,
            }
        })
        .collect();
    summarise(outcomes)
}

/// 1-based rank of the first expected id within the first [`DEPTH`].
pub fn rank_of(ids: &[String], expect: &[String]) -> Option<usize> {
    ids.iter()
        .take(DEPTH)
        .position(|id| expect.iter().any(|e| e == id))
        .map(|p| p + 1)
}

/// hit@1, hit@5 and MRR@10 over the outcomes.
pub fn summarise(outcomes: Vec<Outcome>) -> Report {
    let n = outcomes.len().max(1) as f64;
    let within = |k: usize| {
        outcomes
            .iter()
            .filter(|o| o.rank.is_some_and(|r| r <= k))
            .count() as f64
            / n
    };
    let hit1 = within(1);
    let hit5 = within(5);
    let mrr10 = outcomes
        .iter()
        .filter_map(|o| o.rank)
        .map(|r| 1.0 / r as f64)
        .sum::<f64>()
        / n;
    Report {
        outcomes,
        hit1,
        hit5,
        mrr10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(rank: Option<usize>) -> Outcome {
        Outcome {
            case: Case {
                q: "q".into(),
                expect: vec!["a".into()],
            },
            ids: Vec::new(),
            rank,
            took: Duration::ZERO,
        }
    }

    #[test]
    fn rank_is_the_first_expected_id_on_the_page() {
        let ids: Vec<String> = ["x", "b", "a"].iter().map(|s| s.to_string()).collect();
        assert_eq!(rank_of(&ids, &["a".into(), "b".into()]), Some(2));
        assert_eq!(rank_of(&ids, &["z".into()]), None);
    }

    #[test]
    fn figures_count_hits_within_their_depth() {
        let report = summarise(vec![
            outcome(Some(1)),
            outcome(Some(4)),
            outcome(Some(7)),
            outcome(None),
        ]);
        assert_eq!(report.hit1, 0.25);
        assert_eq!(report.hit5, 0.5);
        let mrr = (1.0 + 0.25 + 1.0 / 7.0) / 4.0;
        assert!((report.mrr10 - mrr).abs() < 1e-12);
        assert_eq!(report.misses().count(), 3);
    }

    #[test]
    fn latency_is_the_median_and_the_slowest_percent() {
        let outcomes = [5, 1, 100, 2, 3]
            .into_iter()
            .map(|ms| Outcome {
                took: Duration::from_millis(ms),
                ..outcome(Some(1))
            })
            .collect();
        let report = summarise(outcomes);
        assert_eq!(
            report.latency(),
            (Duration::from_millis(3), Duration::from_millis(100))
        );
    }
}
