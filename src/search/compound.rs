//! Dutch compound splitting (decompounding) from the corpus's own
//! vocabulary: `creditcardgegevens` → `creditcard` + `gegevens`,
//! `betalingsmethode` → `betaling` + `methode` (linking `s` / `en` / `e`
//! allowed between parts).
//!
//! The dictionary is every folded word that occurs in at least
//! [`MIN_DOC_FREQ`] articles and has at least [`MIN_PART`] letters, so it
//! follows the content and needs no word list. The parts of each compound
//! are indexed in a separate `parts` field; a query word is split the same
//! way, so `betaalmethode` (→ `betaal` + `methode`) meets
//! `betalingsmethode` through the stems of its parts.

use std::collections::{HashMap, HashSet};

/// The shortest part a compound may be split into.
pub const MIN_PART: usize = 4;
/// Words shorter than this are never split.
const MIN_COMPOUND: usize = 2 * MIN_PART;
/// A dictionary word must occur in this many articles (filters typos).
pub const MIN_DOC_FREQ: u32 = 2;
/// Linking morphemes between a modifier and a head.
const LINKS: [&str; 4] = ["", "s", "en", "e"];
/// How deep parts are split again (`creditcardgegevens` → `creditcard`,
/// `gegevens`, then `credit`, `card`).
const MAX_DEPTH: usize = 2;

/// Splits compounds using a dictionary of known words.
#[derive(Debug, Default)]
pub struct Compounds {
    words: HashSet<String>,
}

impl Compounds {
    /// A dictionary from folded words and the number of articles each
    /// occurs in.
    pub fn from_vocabulary(vocabulary: &HashMap<String, u32>) -> Compounds {
        let words = vocabulary
            .iter()
            .filter(|(w, df)| {
                **df >= MIN_DOC_FREQ
                    && w.chars().count() >= MIN_PART
                    && w.chars().all(|c| c.is_ascii_lowercase())
                    && !super::analysis::is_stop_word(w)
            })
            .map(|(w, _)| w.clone())
            .collect();
        Compounds { words }
    }

    /// A dictionary from a list of words (tests, tools).
    pub fn from_words<I: IntoIterator<Item = S>, S: Into<String>>(words: I) -> Compounds {
        Compounds {
            words: words.into_iter().map(Into::into).collect(),
        }
    }

    /// How many words the dictionary holds.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the dictionary is empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The parts of a folded word (never the word itself), or nothing when
    /// it is not a compound of known words. Parts of parts are included.
    pub fn split(&self, word: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.split_into(word, MAX_DEPTH, &mut out);
        out
    }

    /// The modifier and head of a compound, e.g. `betalings` + `methode` →
    /// (`betaling`, `methode`).
    pub fn halves<'w>(&self, word: &'w str) -> Option<(&'w str, &'w str)> {
        if word.len() < MIN_COMPOUND || !word.is_ascii() {
            return None;
        }
        self.best_split(word)
    }

    /// A key that is equal for compounds of the same parts in any
    /// inflection: the stems of modifier and head, joined. `betaalmethode`
    /// and `betalingsmethode` give the same key. Indexed in the `parts`
    /// field (where it is stemmed once more, as the query side does too).
    pub fn key(&self, word: &str) -> Option<String> {
        let (modifier, head) = self.halves(word)?;
        let modifier = super::analysis::stem_word(modifier)?;
        let head = super::analysis::stem_word(head)?;
        Some(format!("{modifier}{head}"))
    }

    fn split_into(&self, word: &str, depth: usize, out: &mut Vec<String>) {
        if depth == 0 || word.len() < MIN_COMPOUND || !word.is_ascii() {
            return;
        }
        if let Some((modifier, head)) = self.best_split(word) {
            for part in [modifier, head] {
                if !out.iter().any(|p| p == part) {
                    out.push(part.to_owned());
                }
                self.split_into(part, depth - 1, out);
            }
        }
    }

    /// The two-part split with the longest known head; the modifier may end
    /// in a linking morpheme.
    fn best_split<'w>(&self, word: &'w str) -> Option<(&'w str, &'w str)> {
        // ASCII only (checked by the caller), so byte offsets are chars.
        (MIN_PART..=word.len() - MIN_PART).find_map(|cut| {
            let (front, head) = word.split_at(cut);
            if !self.words.contains(head) {
                return None;
            }
            LINKS.iter().find_map(|link| {
                let modifier = front.strip_suffix(link)?;
                (modifier.len() >= MIN_PART && self.words.contains(modifier))
                    .then_some((modifier, head))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dictionary() -> Compounds {
        Compounds::from_words([
            "creditcard",
            "credit",
            "card",
            "gegevens",
            "betaling",
            "methode",
            "betaal",
            "limiet",
            "wacht",
            "woord",
        ])
    }

    #[test]
    fn splits_into_known_parts_recursively() {
        assert_eq!(
            dictionary().split("creditcardgegevens"),
            ["creditcard", "credit", "card", "gegevens"]
        );
        assert_eq!(dictionary().split("creditcardlimiet")[0], "creditcard");
    }

    #[test]
    fn linking_s_is_dropped() {
        assert_eq!(
            dictionary().split("betalingsmethode"),
            ["betaling", "methode"]
        );
        assert_eq!(dictionary().split("betaalmethode"), ["betaal", "methode"]);
    }

    #[test]
    fn inflected_compounds_share_a_key() {
        let d = dictionary();
        assert_eq!(d.key("betaalmethode"), d.key("betalingsmethode"));
        assert!(d.key("betaalmethode").is_some());
        assert_ne!(d.key("creditcardgegevens"), d.key("betalingsmethode"));
        assert_eq!(d.key("abonnement"), None);
    }

    #[test]
    fn unknown_or_short_words_stay_whole() {
        assert!(dictionary().split("abonnement").is_empty());
        assert!(dictionary().split("card").is_empty());
        assert!(dictionary().split("financiële").is_empty());
    }
}
