//! The corpus's word counts a recommender update keeps current: in how
//! many articles each word occurs, and how many words give each stem the
//! matcher knows (see [`super::words::Words`]), so that an update knows
//! which stems come and go.
//!
//! Both maps are persistent (`imbl`): an update's copy shares every entry
//! it does not change with the counts of the snapshot still serving,
//! instead of copying tens of thousands of words on every reload.

use std::collections::HashSet;

use imbl::HashMap;

use crate::nl::analysis::is_stop_word;
use crate::nl::compound::Limits;

/// The word counts an update keeps current.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// Folded word → in how many articles it occurs.
    vocabulary: HashMap<String, usize>,
    /// Word with a stem in [`Words`] → how many corpus words put it there
    /// (the word itself unless it is a stop word, and every word it is a
    /// compound piece of).
    refs: HashMap<String, usize>,
}

/// The new counts and the words whose stems come and go.
pub struct Counted {
    pub counts: Counts,
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl Counts {
    /// Counts a corpus word found in `df` articles with its compound pieces.
    pub fn enter(&mut self, word: &str, df: usize, pieces: &[String]) {
        self.vocabulary.insert(word.to_owned(), df);
        refer(&mut self.refs, word, pieces, true);
    }

    /// The counts with the `old` versions of changed articles (each its
    /// distinct words) replaced by the `new` ones; `None` when the
    /// dictionary of a splitter with `limits` would change. `pieces` cuts
    /// a word as the splitter does.
    pub fn updated(
        &self,
        old: &[HashSet<&str>],
        new: &[HashSet<&str>],
        limits: Limits,
        pieces: impl Fn(&str) -> Vec<String>,
    ) -> Option<Counted> {
        let mut vocabulary = self.vocabulary.clone();
        let mut touched: HashSet<&str> = HashSet::new();
        for (docs, up) in [(old, false), (new, true)] {
            for distinct in docs {
                for &word in distinct {
                    let df = vocabulary.get(word).copied().unwrap_or(0);
                    let df = if up { df + 1 } else { df.saturating_sub(1) };
                    vocabulary.insert(word.to_owned(), df);
                    touched.insert(word);
                }
            }
        }
        let df = |v: &HashMap<String, usize>, w: &str| v.get(w).copied().unwrap_or(0);
        let mut refs = self.refs.clone();
        let mut keys: HashSet<String> = HashSet::new();
        for &word in &touched {
            let (before, after) = (df(&self.vocabulary, word), df(&vocabulary, word));
            if limits.admits(word, before) != limits.admits(word, after) {
                return None;
            }
            if (before == 0) != (after == 0) {
                let pieces = pieces(word);
                refer(&mut refs, word, &pieces, after > 0);
                keys.insert(word.to_owned());
                keys.extend(pieces);
            }
        }
        // Only touched words and their pieces can have reached zero.
        for &word in &touched {
            if vocabulary.get(word) == Some(&0) {
                vocabulary.remove(word);
            }
        }
        for key in &keys {
            if refs.get(key.as_str()) == Some(&0) {
                refs.remove(key.as_str());
            }
        }
        let (mut added, mut removed) = (Vec::new(), Vec::new());
        for key in keys {
            match (self.refs.contains_key(&key), refs.contains_key(&key)) {
                (false, true) => added.push(key),
                (true, false) => removed.push(key),
                _ => {}
            }
        }
        Some(Counted {
            counts: Counts { vocabulary, refs },
            added,
            removed,
        })
    }
}

/// Counts `word` and its distinct pieces in (`up`) or out of `refs`.
fn refer(refs: &mut HashMap<String, usize>, word: &str, pieces: &[String], up: bool) {
    let mut keys: HashSet<&str> = pieces.iter().map(String::as_str).collect();
    let own = !is_stop_word(word);
    for (key, count) in keys.drain().map(|k| (k, 1)).chain(own.then_some((word, 1))) {
        let n = refs.get(key).copied().unwrap_or(0);
        let n = if up {
            n + count
        } else {
            n.saturating_sub(count)
        };
        refs.insert(key.to_owned(), n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        min_part: 3,
        min_head: 4,
        min_word: 7,
        min_doc_freq: 2,
        letters_only: false,
    };

    fn pieces(word: &str) -> Vec<String> {
        match word {
            "wachtwoord" => vec!["wacht".to_owned(), "woord".to_owned()],
            _ => Vec::new(),
        }
    }

    fn counts(docs: &[&[&str]]) -> Counts {
        let mut df: std::collections::HashMap<&str, usize> = Default::default();
        for doc in docs {
            for word in doc.iter().copied().collect::<HashSet<_>>() {
                *df.entry(word).or_default() += 1;
            }
        }
        let mut counts = Counts::default();
        for (word, df) in df {
            counts.enter(word, df, &pieces(word));
        }
        counts
    }

    fn set<'a>(words: &[&'a str]) -> Vec<HashSet<&'a str>> {
        vec![words.iter().copied().collect()]
    }

    #[test]
    fn stems_come_and_go_with_the_last_word_that_gives_them() {
        let before = counts(&[&["factuur", "wachtwoord"], &["factuur", "woord"]]);
        let old = set(&["factuur", "wachtwoord"]);
        let new = set(&["factuur", "betaling"]);
        let counted = before.updated(&old, &new, LIMITS, pieces).expect("update");
        let mut added = counted.added.clone();
        let mut removed = counted.removed.clone();
        added.sort();
        removed.sort();
        // `woord` stays (its own article), `wacht` only came with the word.
        assert_eq!(added, ["betaling"]);
        assert_eq!(removed, ["wacht", "wachtwoord"]);
        let after = counts(&[&["factuur", "betaling"], &["factuur", "woord"]]);
        assert_eq!(counted.counts.vocabulary, after.vocabulary);
        assert_eq!(counted.counts.refs, after.refs);
    }

    #[test]
    fn a_word_reaching_two_articles_is_refused() {
        let before = counts(&[&["factuur"], &["betaling"]]);
        let old = set(&["factuur"]);
        let new = set(&["betaling"]);
        assert!(before.updated(&old, &new, LIMITS, pieces).is_none());
    }
}
