//! Dutch compound splitting (decompounding) from the corpus's own
//! vocabulary: `creditcardgegevens` → `creditcard` + `gegevens`,
//! `betalingsmethode` → `betaling` + `methode` (linking `s` / `en` / `e`
//! allowed between parts).
//!
//! The dictionary is every folded word that occurs in enough articles and
//! is long enough to be a part, so it follows the content and needs no
//! word list. How long a part, a head and a compound must be are
//! [`Limits`] that each user passes: search splits more cautiously (parts
//! of four letters, words of eight) than recommended steps (parts of
//! three, heads of four, words of seven).
//!
//! Search indexes the parts of each compound in a separate `parts` field
//! and splits a query word the same way ([`Splitter::split`],
//! [`Splitter::halves`], [`Splitter::key`]), so `betaalmethode` (→
//! `betaal` and `methode`) meets `betalingsmethode` through the stems of
//! its parts.
//! Recommended steps index the pieces a word is cut into
//! ([`Splitter::pieces`]) as extra terms of lower weight.

use std::collections::HashSet;
use std::sync::Arc;

use super::analysis::{is_stop_word, stem_word};

/// Linking morphemes between a modifier and a head.
const LINKS: [&str; 4] = ["", "s", "en", "e"];
/// How deep parts are split again (`creditcardgegevens` → `creditcard`,
/// `gegevens`, then `credit`, `card`).
const MAX_DEPTH: usize = 2;

/// How long the parts of a compound must be, and which words may be parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The shortest part (a modifier, and a dictionary word).
    pub min_part: usize,
    /// The shortest head (the right part carries the meaning in Dutch).
    pub min_head: usize,
    /// Words shorter than this are never split.
    pub min_word: usize,
    /// A dictionary word must occur in this many articles (filters typos).
    pub min_doc_freq: usize,
    /// Only words of the letters `a`–`z` are dictionary words (no digits).
    pub letters_only: bool,
}

impl Limits {
    /// Whether a folded word found in `df` articles is a dictionary word.
    pub fn admits(&self, word: &str, df: usize) -> bool {
        df >= self.min_doc_freq
            && word.chars().count() >= self.min_part
            && (!self.letters_only || word.chars().all(|c| c.is_ascii_lowercase()))
            && !is_stop_word(word)
    }
}

/// Splits compounds using a dictionary of known words.
#[derive(Debug, Clone)]
pub struct Splitter {
    /// Shared by clones (a reload's update keeps the dictionary).
    words: Arc<HashSet<String>>,
    limits: Limits,
}

impl Splitter {
    /// A dictionary from folded words and the number of articles each
    /// occurs in: the words that pass `limits` and are no stop words.
    pub fn from_vocabulary<'a>(
        vocabulary: impl IntoIterator<Item = (&'a str, usize)>,
        limits: Limits,
    ) -> Splitter {
        let words = vocabulary
            .into_iter()
            .filter(|(w, df)| limits.admits(w, *df))
            .map(|(w, _)| w.to_owned())
            .collect();
        Splitter {
            words: Arc::new(words),
            limits,
        }
    }

    /// A dictionary from a list of words (tests).
    #[cfg(test)]
    pub(crate) fn from_words<I: IntoIterator<Item = S>, S: Into<String>>(
        words: I,
        limits: Limits,
    ) -> Splitter {
        Splitter {
            words: Arc::new(words.into_iter().map(Into::into).collect()),
            limits,
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
    /// it is not a compound of known words. Parts of parts, of modifier
    /// and head alike, are included.
    pub fn split(&self, word: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.split_into(word, MAX_DEPTH, &mut out);
        out
    }

    /// The pieces a folded compound word is cut into, left to right, or
    /// nothing when it is not one. The longest known head wins; the
    /// modifier is cut once more, the head is not.
    pub fn pieces(&self, word: &str) -> Vec<String> {
        let mut pieces = Vec::new();
        self.pieces_into(word, MAX_DEPTH, &mut pieces);
        if pieces.len() < 2 { Vec::new() } else { pieces }
    }

    /// The modifier and head of a compound, e.g. `betalings` + `methode` →
    /// (`betaling`, `methode`).
    pub fn halves<'w>(&self, word: &'w str) -> Option<(&'w str, &'w str)> {
        if word.len() < self.limits.min_word || !word.is_ascii() {
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
        let modifier = stem_word(modifier)?;
        let head = stem_word(head)?;
        Some(format!("{modifier}{head}"))
    }

    fn split_into(&self, word: &str, depth: usize, out: &mut Vec<String>) {
        if depth == 0 {
            return;
        }
        if let Some((modifier, head)) = self.halves(word) {
            for part in [modifier, head] {
                if !out.iter().any(|p| p == part) {
                    out.push(part.to_owned());
                }
                self.split_into(part, depth - 1, out);
            }
        }
    }

    fn pieces_into(&self, word: &str, depth: usize, pieces: &mut Vec<String>) {
        match self.halves(word).filter(|_| depth > 0) {
            Some((modifier, head)) => {
                self.pieces_into(modifier, depth - 1, pieces);
                pieces.push(head.to_owned());
            }
            None => pieces.push(word.to_owned()),
        }
    }

    /// The two-part split with the longest known head; the modifier may end
    /// in a linking morpheme.
    fn best_split<'w>(&self, word: &'w str) -> Option<(&'w str, &'w str)> {
        let Limits {
            min_part, min_head, ..
        } = self.limits;
        // ASCII only (checked by the caller), so byte offsets are chars.
        (min_part..=word.len().saturating_sub(min_head)).find_map(|cut| {
            let (front, head) = word.split_at(cut);
            if !self.words.contains(head) {
                return None;
            }
            LINKS.iter().find_map(|link| {
                let modifier = front.strip_suffix(link)?;
                (modifier.len() >= min_part && self.words.contains(modifier))
                    .then_some((modifier, head))
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEARCH: Limits = Limits {
        min_part: 4,
        min_head: 4,
        min_word: 8,
        min_doc_freq: 2,
        letters_only: true,
    };
    const RECOMMEND: Limits = Limits {
        min_part: 3,
        min_head: 4,
        min_word: 7,
        min_doc_freq: 2,
        letters_only: false,
    };

    fn dictionary() -> Splitter {
        Splitter::from_words(
            [
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
            ],
            SEARCH,
        )
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

    fn pieces(words: &[&str]) -> Splitter {
        Splitter::from_words(words.iter().copied(), RECOMMEND)
    }

    #[test]
    fn pieces_are_cut_on_known_parts() {
        let s = pieces(&[
            "credit",
            "card",
            "creditcard",
            "gegevens",
            "betaal",
            "kaart",
        ]);
        assert_eq!(
            s.pieces("creditcardgegevens"),
            ["credit", "card", "gegevens"]
        );
        assert_eq!(s.pieces("betaalkaart"), ["betaal", "kaart"]);
    }

    #[test]
    fn pieces_allow_a_linking_s() {
        let s = pieces(&["veiligheid", "instellingen"]);
        assert_eq!(
            s.pieces("veiligheidsinstellingen"),
            ["veiligheid", "instellingen"]
        );
    }

    #[test]
    fn unknown_or_short_words_have_no_pieces() {
        let s = pieces(&["kaart"]);
        assert!(s.pieces("betaalkaart").is_empty());
        assert!(s.pieces("kaart").is_empty());
    }
}
