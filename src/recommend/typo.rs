//! Typo repair for descriptions: a word the corpus never uses, but that is
//! one or two edits away from a word it uses often (`abonement`,
//! `wachtwoort`), is read as that word. Words are bucketed by first letter
//! and length so a lookup compares against a few hundred words at most.

use std::collections::HashMap;

/// Shortest word that is repaired (short words have too many neighbours).
const MIN_LEN: usize = 5;
/// Words of this length or more may be two edits away.
const TWO_EDITS_LEN: usize = 9;
/// The least number of articles a repair target must occur in.
const MIN_DF: usize = 3;

/// Corpus words by first byte and length, with their document frequency.
#[derive(Debug, Default)]
pub struct Vocabulary {
    buckets: HashMap<(u8, usize), Vec<(String, usize)>>,
}

impl Vocabulary {
    /// Builds the lookup from folded words and how many articles use each.
    pub fn new<'a>(words: impl IntoIterator<Item = (&'a str, usize)>) -> Vocabulary {
        let mut buckets: HashMap<(u8, usize), Vec<(String, usize)>> = HashMap::new();
        for (word, df) in words {
            if df < MIN_DF || word.len() < MIN_LEN - 1 || !word.is_ascii() {
                continue;
            }
            if let Some(&first) = word.as_bytes().first() {
                buckets
                    .entry((first, word.len()))
                    .or_default()
                    .push((word.to_owned(), df));
            }
        }
        for bucket in buckets.values_mut() {
            // Most used first, so ties go to the common word.
            bucket.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        Vocabulary { buckets }
    }

    /// The corpus word a misspelt folded word most likely meant.
    pub fn correct(&self, word: &str) -> Option<&str> {
        if word.len() < MIN_LEN || !word.is_ascii() || word.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        let first = *word.as_bytes().first()?;
        let max = if word.len() >= TWO_EDITS_LEN { 2 } else { 1 };
        let mut best: Option<(&str, usize, usize)> = None;
        for len in word.len().saturating_sub(max)..=word.len() + max {
            for (candidate, df) in self.buckets.get(&(first, len)).into_iter().flatten() {
                let distance = strsim::damerau_levenshtein(word, candidate);
                if distance == 0 || distance > max {
                    continue;
                }
                let better = match best {
                    None => true,
                    Some((_, d, f)) => distance < d || (distance == d && *df > f),
                };
                if better {
                    best = Some((candidate, distance, *df));
                }
            }
        }
        best.map(|(w, _, _)| w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        Vocabulary::new([
            ("abonnement", 40),
            ("wachtwoord", 90),
            ("factuur", 30),
            ("zeldzaam", 1),
        ])
    }

    #[test]
    fn near_misses_are_repaired() {
        let v = vocabulary();
        assert_eq!(v.correct("abonement"), Some("abonnement"));
        assert_eq!(v.correct("wachtwoort"), Some("wachtwoord"));
        assert_eq!(v.correct("factuuur"), Some("factuur"));
    }

    #[test]
    fn far_short_or_rare_words_are_left_alone() {
        let v = vocabulary();
        assert_eq!(v.correct("netflix"), None);
        assert_eq!(v.correct("fact"), None);
        assert_eq!(v.correct("zeldzam"), None);
        assert_eq!(v.correct("factuur"), None);
    }
}
