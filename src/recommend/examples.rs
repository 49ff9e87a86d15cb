//! The examples stage: descriptions support staff confirmed as answered by
//! an article (or by none, "Geen artikel") take part in matching after the
//! other stages.
//!
//! Each example is compared with the description by its words (the Dice
//! overlap of their Dutch stems, stop words left out) and, when the
//! encoder made vectors for both, by meaning (the cosine of the two
//! descriptions embedded as queries). The nearest example that is a
//! *strong* match (see [`Strength::is_strong`]; the thresholds were
//! measured, BENCHMARKS.md) decides: its article becomes the first and
//! confident match, or — for "Geen artikel" — the answer abstains (the
//! matches stay listed as alternatives, none is shown as the solution).
//! Weaker resemblances change nothing, so examples cannot pull
//! descriptions of other problems towards their article.
//!
//! [`Examples`] is an immutable snapshot; article ids are resolved when
//! matching, so an example whose article is gone is simply ignored.

use std::collections::HashSet;

use super::{Match, Meaning, Recommendation, Recommender};
use crate::content::ArticleIx;
use crate::nl::analysis::dutch_terms;

/// A strong match by meaning alone: the cosine of the two descriptions.
pub const SURE_COSINE: f32 = 0.93;
/// A strong match by words alone: the Dice overlap of their stems.
pub const SURE_OVERLAP: f32 = 0.75;
/// Agreement with the other stages: an example whose article is among
/// their first [`AGREEING_RANK`] matches decides with a cosine of at least
/// this.
pub const COSINE_AGREEING: f32 = 0.91;
/// See [`COSINE_AGREEING`].
pub const AGREEING_RANK: usize = 3;

/// One confirmed description, as the snapshot is built from.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub description: String,
    /// The article id that answers it; `None`: no article does.
    pub article: Option<String>,
    /// The description embedded as a query (when the encoder was there).
    pub vector: Option<Vec<f32>>,
}

#[derive(Debug, Clone)]
struct Taught {
    article: Option<String>,
    terms: HashSet<String>,
    vector: Option<Vec<f32>>,
}

/// The confirmed examples at one moment; never changes.
#[derive(Debug, Clone, Default)]
pub struct Examples {
    taught: Vec<Taught>,
    /// The store's change marker they were read at.
    version: i64,
}

/// How much a description resembles an example.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Strength {
    /// Cosine of the two descriptions' vectors (0 without them).
    pub cosine: f32,
    /// Dice overlap of their stems.
    pub overlap: f32,
    /// Where the example's article stands among the other stages' matches
    /// (1-based), when it is there.
    pub listed: Option<usize>,
}

impl Strength {
    /// Whether the resemblance is strong enough to decide the answer.
    pub fn is_strong(self) -> bool {
        self.cosine >= SURE_COSINE
            || self.overlap >= SURE_OVERLAP
            || (self.cosine >= COSINE_AGREEING
                && self.listed.is_some_and(|rank| rank <= AGREEING_RANK))
    }

    /// Orders strong matches: meaning first, words as a tie-breaker.
    fn rank(self) -> f32 {
        self.cosine + 0.5 * self.overlap
    }
}

/// The example nearest to a description.
#[derive(Debug, Clone, PartialEq)]
pub struct Nearest<'a> {
    pub article: Option<&'a str>,
    pub strength: Strength,
}

impl Examples {
    /// A snapshot of `examples`, read at the store's `version`.
    pub fn new(examples: Vec<Example>, version: i64) -> Examples {
        let taught = examples
            .into_iter()
            .map(|e| Taught {
                terms: terms(&e.description),
                article: e.article,
                vector: e.vector.filter(|v| !v.is_empty()),
            })
            .collect();
        Examples { taught, version }
    }

    pub fn version(&self) -> i64 {
        self.version
    }

    pub fn len(&self) -> usize {
        self.taught.len()
    }

    pub fn is_empty(&self) -> bool {
        self.taught.is_empty()
    }

    /// Whether every example has its vector.
    pub fn embedded(&self) -> bool {
        self.taught.iter().all(|t| t.vector.is_some())
    }

    /// The article ids the examples name (each once, sorted).
    pub fn articles(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .taught
            .iter()
            .filter_map(|t| t.article.as_deref())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The strongest example for `problem` (and its vector, when there is
    /// one) whose article `usable` accepts ("Geen artikel" always is), if
    /// it is a strong match.
    pub fn nearest(
        &self,
        problem: &str,
        query: Option<&[f32]>,
        listed: impl Fn(&str) -> Option<usize>,
        usable: impl Fn(&str) -> bool,
    ) -> Option<Nearest<'_>> {
        self.compared(problem, query, listed, usable)
            .filter(|n| n.strength.is_strong())
            .max_by(|a, b| a.strength.rank().total_cmp(&b.strength.rank()))
    }

    /// The example that resembles `problem` most, strong or not (for
    /// measuring the thresholds).
    pub fn closest(&self, problem: &str, query: Option<&[f32]>) -> Option<Nearest<'_>> {
        self.compared(problem, query, |_| None, |_| true)
            .max_by(|a, b| a.strength.rank().total_cmp(&b.strength.rank()))
    }

    /// How `problem` resembles every example, in the snapshot's order
    /// (for measuring and fitting the gate).
    pub fn strengths(&self, problem: &str, query: Option<&[f32]>) -> Vec<Nearest<'_>> {
        self.compared(problem, query, |_| None, |_| true).collect()
    }

    /// Each example's distinct stems, in the snapshot's order.
    pub fn terms(&self) -> Vec<Vec<&str>> {
        self.taught
            .iter()
            .map(|t| {
                let mut terms: Vec<&str> = t.terms.iter().map(String::as_str).collect();
                terms.sort_unstable();
                terms
            })
            .collect()
    }

    fn compared(
        &self,
        problem: &str,
        query: Option<&[f32]>,
        listed: impl Fn(&str) -> Option<usize>,
        usable: impl Fn(&str) -> bool,
    ) -> impl Iterator<Item = Nearest<'_>> {
        let words = if self.taught.is_empty() {
            HashSet::new()
        } else {
            terms(problem)
        };
        let compared: Vec<Nearest<'_>> = self
            .taught
            .iter()
            .filter(|t| t.article.as_deref().is_none_or(&usable))
            .map(|t| Nearest {
                article: t.article.as_deref(),
                strength: Strength {
                    cosine: match (query, &t.vector) {
                        (Some(q), Some(v)) if q.len() == v.len() => dot(q, v),
                        _ => 0.0,
                    },
                    overlap: dice(&words, &t.terms),
                    listed: t.article.as_deref().and_then(&listed),
                },
            })
            .collect();
        compared.into_iter()
    }
}

/// The distinct Dutch stems of a text, stop words left out.
fn terms(text: &str) -> HashSet<String> {
    dutch_terms(text).into_iter().collect()
}

fn dice(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    let total = a.len() + b.len();
    if total == 0 {
        return 0.0;
    }
    let shared = a.intersection(b).count();
    (2 * shared) as f32 / total as f32
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `found` after the examples stage: a strong example's article first and
/// confident (`article` is its library index), or no confident answer for
/// a strong "Geen artikel" example.
pub fn apply(
    mut found: Recommendation,
    decided: Option<(Option<ArticleIx>, Strength)>,
    limit: usize,
) -> Recommendation {
    let Some((article, strength)) = decided else {
        return found;
    };
    let Some(article) = article else {
        found.confident = false;
        found.confidence = found
            .confidence
            .min(1.0 - strength.cosine.max(strength.overlap));
        return found;
    };
    let top = found.matches.first().map_or(1.0, |m| m.score);
    let taught = match found.matches.iter().position(|m| m.article == article) {
        Some(at) => found.matches.remove(at),
        None => Match {
            article,
            score: top,
            spans: Vec::new(),
        },
    };
    found.matches.insert(
        0,
        Match {
            score: taught.score.max(top),
            ..taught
        },
    );
    found.matches.truncate(limit.max(1));
    found.confident = true;
    found.confidence = found
        .confidence
        .max(strength.cosine.max(strength.overlap).min(1.0));
    found
}

impl Recommender {
    /// [`Recommender::recommend`] followed by the examples stage; article
    /// ids resolve to library indices with `index_of` (an example whose
    /// article is not loaded is ignored).
    pub fn recommend_taught(
        &self,
        problem: &str,
        limit: usize,
        meaning: Option<Meaning<'_>>,
        examples: &Examples,
        index_of: impl Fn(&str) -> Option<ArticleIx>,
    ) -> Recommendation {
        let found = self.recommend(problem, limit, meaning);
        if limit == 0 {
            return found;
        }
        let query = meaning.map(|m| m.query);
        let listed = |id: &str| {
            let doc = index_of(id)?;
            found
                .matches
                .iter()
                .position(|m| m.article == doc)
                .map(|p| p + 1)
        };
        let decided = examples
            .nearest(problem, query, listed, |id| index_of(id).is_some())
            .map(|n| (n.article.and_then(&index_of), n.strength));
        apply(found, decided, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(description: &str, article: Option<&str>, vector: Option<Vec<f32>>) -> Example {
        Example {
            description: description.into(),
            article: article.map(str::to_owned),
            vector,
        }
    }

    fn found(articles: &[usize], confident: bool) -> Recommendation {
        Recommendation {
            confident,
            confidence: 0.4,
            matches: articles
                .iter()
                .enumerate()
                .map(|(i, &article)| Match {
                    article: ArticleIx::new(article),
                    score: 1.0 - i as f32 * 0.1,
                    spans: vec![(0, 1)],
                })
                .collect(),
        }
    }

    #[test]
    fn the_same_words_in_another_order_are_a_strong_match() {
        let examples = Examples::new(
            vec![example(
                "outlook start niet op na de update",
                Some("a/outlook"),
                None,
            )],
            1,
        );
        let near = examples
            .nearest(
                "na de update start outlook niet meer op",
                None,
                |_| None,
                |_| true,
            )
            .expect("strong");
        assert_eq!(near.article, Some("a/outlook"));
        assert!(near.strength.overlap >= SURE_OVERLAP, "{near:?}");
        assert!(
            examples
                .nearest("mijn printer drukt niets af", None, |_| None, |_| true)
                .is_none()
        );
    }

    #[test]
    fn meaning_alone_decides_when_the_vectors_are_close() {
        let examples = Examples::new(
            vec![
                example("iets heel anders", Some("a/far"), Some(vec![0.0, 1.0])),
                example("geen woorden gedeeld", Some("a/near"), Some(vec![1.0, 0.0])),
            ],
            1,
        );
        let query = [0.99_f32, 0.141];
        let near = examples
            .nearest("compleet andere zin", Some(&query), |_| None, |_| true)
            .expect("strong");
        assert_eq!(near.article, Some("a/near"));
        assert!(
            examples
                .nearest("compleet andere zin", Some(&[0.7, 0.7]), |_| None, |_| true)
                .is_none()
        );
    }

    #[test]
    fn a_closer_resemblance_decides_when_the_other_stages_list_the_article() {
        let examples = Examples::new(
            vec![example(
                "geen woorden gedeeld",
                Some("a/near"),
                Some(vec![1.0, 0.0]),
            )],
            1,
        );
        let query = [0.92_f32, 0.392];
        let listed = |rank: usize| move |_: &str| Some(rank);
        assert!(
            examples
                .nearest("andere zin", Some(&query), listed(2), |_| true)
                .is_some()
        );
        assert!(
            examples
                .nearest(
                    "andere zin",
                    Some(&query),
                    listed(AGREEING_RANK + 1),
                    |_| true
                )
                .is_none()
        );
        assert!(
            examples
                .nearest("andere zin", Some(&query), |_| None, |_| true)
                .is_none()
        );
    }

    #[test]
    fn strengths_and_terms_follow_the_examples_order() {
        let examples = Examples::new(
            vec![
                example("printer drukt niet af", Some("a/printer"), None),
                example("wachtwoord vergeten", None, None),
            ],
            1,
        );
        let all = examples.strengths("mijn wachtwoord vergeten", None);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].article, Some("a/printer"));
        assert!(all[1].strength.overlap > all[0].strength.overlap, "{all:?}");
        let terms = examples.terms();
        assert_eq!(terms.len(), 2);
        assert!(terms.iter().all(|t| t.windows(2).all(|w| w[0] < w[1])));
    }

    #[test]
    fn examples_of_articles_that_are_gone_are_ignored() {
        let examples = Examples::new(vec![example("wachtwoord vergeten", Some("a/weg"), None)], 1);
        assert!(
            examples
                .nearest("wachtwoord vergeten", None, |_| None, |id| id != "a/weg")
                .is_none()
        );
        let none = Examples::new(vec![example("wachtwoord vergeten", None, None)], 1);
        assert_eq!(
            none.nearest("wachtwoord vergeten", None, |_| None, |_| false)
                .map(|n| n.article),
            Some(None)
        );
    }

    #[test]
    fn a_strong_example_puts_its_article_first_and_confident() {
        let strong = Strength {
            cosine: 0.95,
            overlap: 0.2,
            listed: None,
        };
        let moved = apply(
            found(&[3, 7, 9], false),
            Some((Some(ArticleIx::new(9)), strong)),
            3,
        );
        let order: Vec<usize> = moved.matches.iter().map(|m| m.article.get()).collect();
        assert_eq!(order, [9, 3, 7]);
        assert!(moved.confident);
        assert_eq!(moved.matches[0].spans, [(0, 1)], "its matched words stay");
        let added = apply(
            found(&[3, 7, 9], false),
            Some((Some(ArticleIx::new(42)), strong)),
            3,
        );
        let order: Vec<usize> = added.matches.iter().map(|m| m.article.get()).collect();
        assert_eq!(order, [42, 3, 7]);
        assert!(added.matches[0].score >= added.matches[1].score);
    }

    #[test]
    fn a_strong_no_article_example_abstains_but_keeps_the_alternatives() {
        let strong = Strength {
            cosine: 0.0,
            overlap: 0.9,
            listed: None,
        };
        let abstained = apply(found(&[3, 7], true), Some((None, strong)), 5);
        assert!(!abstained.confident);
        assert_eq!(abstained.matches.len(), 2);
        let untouched = apply(found(&[3, 7], true), None, 5);
        assert!(untouched.confident);
    }
}
