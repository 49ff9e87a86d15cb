//! The order of the matches: identifier matches first, then the strict
//! matches (every word), reordered so that an article whose title holds
//! the words outranks one whose body repeats them, then — when the strict
//! matches are fewer than a page — looser matches (most of the words),
//! reordered the same way and kept below, with the words they left out.
//!
//! The title signals ([`title_signals`]) are: the share of query words in
//! the title (coverage), every word there, the words as a phrase (adjacent
//! pairs in order), and the share of the title the query accounts for.
//! They are added to the word score scaled to the best match (0..1), so a
//! title match outweighs body repetition but two titles that both hold
//! every word are still told apart by the word score.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use crate::content::Article;
use crate::nl::analysis::{folded_words, stem_word};
use crate::nl::compound::Splitter;

/// Strict matches fewer than this are followed by looser ones.
pub const FILL_TO: usize = 10;
/// Only this many of the best word matches are reordered by their titles.
const RERANK_DEPTH: usize = 200;

/// Weights of the title signals (added to the word score scaled to 0..1).
const COVERAGE: f32 = 0.8;
const ALL_IN_TITLE: f32 = 0.5;
const PHRASE: f32 = 0.3;
const PRECISION: f32 = 0.3;

/// One article's title as stems, and the stems of its compound parts.
type Terms = (Vec<String>, HashSet<String>);

/// Each article's title terms; an update shares those of the articles it
/// keeps with the snapshot still serving.
#[derive(Debug, Default)]
pub struct TitleTerms {
    titles: Vec<Arc<Terms>>,
}

impl TitleTerms {
    pub fn new(articles: &[Article], compounds: &Splitter) -> TitleTerms {
        let titles = (articles.iter())
            .map(|a| Arc::new(terms(a, compounds)))
            .collect();
        TitleTerms { titles }
    }

    /// The terms of `articles`, taken from these (made over the previous
    /// articles with the same `compounds`) for every article that stays
    /// with the same title (`moved`: previous index → new index), made
    /// anew for the others; the same as [`TitleTerms::new`] gives.
    pub(super) fn updated(
        &self,
        articles: &[Article],
        moved: &[Option<u32>],
        compounds: &Splitter,
    ) -> TitleTerms {
        let mut kept = vec![None; articles.len()];
        for (terms, to) in self.titles.iter().zip(moved) {
            if let Some(slot) = to.and_then(|i| kept.get_mut(i as usize)) {
                *slot = Some(terms);
            }
        }
        let titles = (kept.into_iter().zip(articles))
            .map(|(kept, a)| {
                kept.cloned()
                    .unwrap_or_else(|| Arc::new(terms(a, compounds)))
            })
            .collect();
        TitleTerms { titles }
    }
}

/// An article's title as stems, and the stems of its compound parts.
fn terms(article: &Article, compounds: &Splitter) -> Terms {
    let mut stems = Vec::new();
    let mut parts = HashSet::new();
    for word in folded_words(&article.source_title) {
        for part in compounds.split(&word) {
            parts.extend(stem_word(&part));
        }
        stems.extend(stem_word(&word));
    }
    (stems, parts)
}

/// How well a title answers the query words (each given as the stems that
/// count for it): a bonus to add to the scaled word score.
pub fn title_signals(title: &[String], parts: &HashSet<String>, words: &[Vec<String>]) -> f32 {
    if words.is_empty() || title.is_empty() {
        return 0.0;
    }
    let matches = |t: &str, w: &[String]| w.iter().any(|s| s == t);
    let covered = words
        .iter()
        .filter(|w| title.iter().any(|t| matches(t, w)) || w.iter().any(|s| parts.contains(s)))
        .count();
    let coverage = covered as f32 / words.len() as f32;
    let all = if covered == words.len() { 1.0 } else { 0.0 };
    let phrase = if words.len() < 2 {
        all
    } else {
        let pairs = words
            .windows(2)
            .filter(|pair| {
                title
                    .windows(2)
                    .any(|t| matches(&t[0], &pair[0]) && matches(&t[1], &pair[1]))
            })
            .count();
        pairs as f32 / (words.len() - 1) as f32
    };
    let accounted = title
        .iter()
        .filter(|t| words.iter().any(|w| matches(t, w)))
        .count();
    let precision = accounted as f32 / title.len() as f32;
    COVERAGE * coverage + ALL_IN_TITLE * all + PHRASE * phrase + PRECISION * precision
}

/// Reorders matches (best first, with word scores) by their titles; each
/// comes with its new score (word score scaled to the best, plus the title
/// signals for the first [`RERANK_DEPTH`]).
pub(super) fn by_title(
    terms: &TitleTerms,
    found: Vec<(usize, f32)>,
    words: &[Vec<String>],
) -> Vec<(usize, f32)> {
    let best = found.first().map_or(1.0, |(_, s)| s.max(f32::MIN_POSITIVE));
    let depth = found.len().min(RERANK_DEPTH);
    let mut head: Vec<(usize, f32)> = found[..depth]
        .iter()
        .map(|&(o, score)| {
            let bonus = terms
                .titles
                .get(o)
                .map_or(0.0, |terms| title_signals(&terms.0, &terms.1, words));
            (o, score / best + bonus)
        })
        .collect();
    head.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    head.into_iter()
        .chain(found[depth..].iter().map(|&(o, score)| (o, score / best)))
        .collect()
}

/// The order of the matches of one query.
#[derive(Debug, Default)]
pub struct Ranked {
    /// Articles, best first.
    pub order: Vec<usize>,
    /// How many at the front are identifier matches.
    pub by_id: usize,
    /// How many at the front (identifier matches included) match every word.
    pub strict: usize,
    /// The score of the first strict match after the identifier matches
    /// (word score scaled to the best plus title signals; 0 without one):
    /// 2 or more when its title holds the query's words.
    pub lead: f32,
    /// The words (as typed) some looser match leaves out, in query order.
    pub relaxed: Vec<String>,
    /// Terms to mark in snippets.
    pub highlight: BTreeMap<String, f32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    fn query(words: &[&str]) -> Vec<Vec<String>> {
        words.iter().map(|w| vec![(*w).to_owned()]).collect()
    }

    #[test]
    fn a_title_with_every_word_beats_one_with_some() {
        let words = query(&["gebruikersaccount", "verwijder", "window", "10"]);
        let exact = title_signals(
            &stems(&["gebruikersaccount", "verwijder", "window", "10"]),
            &HashSet::new(),
            &words,
        );
        let partial = title_signals(&stems(&["domein", "gebruik"]), &HashSet::new(), &words);
        assert!(exact > partial + 1.0, "{exact} vs {partial}");
    }

    #[test]
    fn words_in_order_and_short_titles_count() {
        let words = query(&["wachtwoord", "wijzig"]);
        let phrase = title_signals(&stems(&["wachtwoord", "wijzig"]), &HashSet::new(), &words);
        let apart = title_signals(
            &stems(&["wijzig", "uw", "wachtwoord", "outlook", "com", "frans"]),
            &HashSet::new(),
            &words,
        );
        assert!(phrase > apart);
        // A word found as a compound part of a title word counts too.
        let parts: HashSet<String> = ["postvak".to_owned()].into();
        let compound = title_signals(&stems(&["gedeeldpostvak"]), &parts, &query(&["postvak"]));
        assert!(compound >= COVERAGE + ALL_IN_TITLE);
        assert_eq!(title_signals(&[], &parts, &words), 0.0);
    }

    #[test]
    fn reordering_keeps_every_match_once() {
        let terms = TitleTerms {
            titles: vec![
                Arc::new((stems(&["domein", "gebruik"]), HashSet::new())),
                Arc::new((stems(&["account", "verwijder"]), HashSet::new())),
            ],
        };
        let found = vec![(0, 10.0), (1, 6.0), (7, 1.0)];
        let order = by_title(&terms, found, &query(&["account", "verwijder"]));
        let ords: Vec<usize> = order.iter().map(|(o, _)| *o).collect();
        assert_eq!(ords, [1, 0, 7]);
        // The title that holds both words scores above 2 (0.6 + 1.9).
        assert!(order[0].1 > 2.0, "{order:?}");
        assert!(order[1].1 < 2.0, "{order:?}");
    }
}
