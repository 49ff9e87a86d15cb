//! Dutch compound splitting against the corpus vocabulary: `betaalkaart`
//! becomes `betaal` and `kaart`, `creditcardgegevens` becomes `credit`,
//! `card` and `gegevens`. A part counts only when the corpus uses it as a
//! word of its own; linking `s`/`e`/`en` between the parts is allowed.

use std::collections::HashSet;

/// Shortest word worth splitting.
const MIN_COMPOUND: usize = 7;
/// Shortest part.
const MIN_PART: usize = 3;
/// Shortest head (the right part carries the meaning in Dutch).
const MIN_HEAD: usize = 4;

/// The words compounds may be split into.
#[derive(Debug, Default)]
pub struct Splitter {
    known: HashSet<String>,
}

impl Splitter {
    pub fn new(known: HashSet<String>) -> Splitter {
        Splitter { known }
    }

    /// The parts of a folded compound word, or nothing when it is not one.
    /// The longest known head wins; the modifier is split once more.
    pub fn split(&self, word: &str) -> Vec<String> {
        let mut parts = Vec::new();
        self.split_into(word, 2, &mut parts);
        if parts.len() < 2 { Vec::new() } else { parts }
    }

    fn split_into(&self, word: &str, depth: usize, parts: &mut Vec<String>) {
        if depth == 0 || word.len() < MIN_COMPOUND || !word.is_ascii() {
            parts.push(word.to_owned());
            return;
        }
        for cut in MIN_PART..=word.len().saturating_sub(MIN_HEAD) {
            let (left, head) = word.split_at(cut);
            if !self.known.contains(head) {
                continue;
            }
            let modifier = [
                left,
                left.strip_suffix('s').unwrap_or(""),
                strip_linking_e(left),
            ]
            .into_iter()
            .find(|m| m.len() >= MIN_PART && self.known.contains(*m));
            if let Some(modifier) = modifier {
                self.split_into(modifier, depth - 1, parts);
                parts.push(head.to_owned());
                return;
            }
        }
        parts.push(word.to_owned());
    }
}

fn strip_linking_e(left: &str) -> &str {
    left.strip_suffix("en")
        .or_else(|| left.strip_suffix('e'))
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn splitter(words: &[&str]) -> Splitter {
        Splitter::new(words.iter().map(|w| (*w).to_owned()).collect())
    }

    #[test]
    fn splits_on_known_parts() {
        let s = splitter(&[
            "credit",
            "card",
            "creditcard",
            "gegevens",
            "betaal",
            "kaart",
        ]);
        assert_eq!(
            s.split("creditcardgegevens"),
            ["credit", "card", "gegevens"]
        );
        assert_eq!(s.split("betaalkaart"), ["betaal", "kaart"]);
    }

    #[test]
    fn linking_s_is_allowed() {
        let s = splitter(&["veiligheid", "instellingen"]);
        assert_eq!(
            s.split("veiligheidsinstellingen"),
            ["veiligheid", "instellingen"]
        );
    }

    #[test]
    fn unknown_or_short_words_stay_whole() {
        let s = splitter(&["kaart"]);
        assert!(s.split("betaalkaart").is_empty());
        assert!(s.split("kaart").is_empty());
    }
}
