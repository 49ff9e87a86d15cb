//! "Did you mean": the closest known word for an unknown one.
//!
//! The dictionary is made once, when the index is built: only words that
//! occur in at least two articles, grouped by first letter and sorted by
//! length, so a lookup compares a typo with the few hundred words that can
//! be within reach instead of scanning the whole vocabulary.

use std::cmp::Reverse;
// Keys are the articles' words (from content authors; requests only look
// them up), so a fast hasher without flood protection is fine here.
use rustc_hash::FxHashMap as HashMap;

use super::analysis;

/// Words found in fewer articles than this are never suggested.
const MIN_ARTICLES: u32 = 2;
/// Words shorter than this are never corrected.
const MIN_CHARS: usize = 4;
/// From this many letters two edits are allowed.
const TWO_EDITS_CHARS: usize = 8;

/// One known word.
#[derive(Debug)]
struct Entry {
    word: String,
    chars: usize,
    articles: u32,
}

/// Known words by first letter, each list sorted by length.
#[derive(Debug, Default)]
pub struct Spelling {
    by_first: HashMap<char, Vec<Entry>>,
}

impl Spelling {
    /// The dictionary for a vocabulary of folded word → article count.
    pub fn new(vocabulary: &HashMap<String, u32>) -> Spelling {
        let mut by_first: HashMap<char, Vec<Entry>> = HashMap::default();
        for (word, &articles) in vocabulary {
            if articles < MIN_ARTICLES {
                continue;
            }
            let Some(first) = word.chars().next() else {
                continue;
            };
            by_first.entry(first).or_default().push(Entry {
                word: word.clone(),
                chars: word.chars().count(),
                articles,
            });
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|e| e.chars);
        }
        Spelling { by_first }
    }

    /// A known word close to `word` (folded), preferring fewer edits, then
    /// more articles, then alphabetical order; `None` when `word` is known
    /// (`is_known`), short, has digits or is a stop word.
    pub fn closest(&self, word: &str, is_known: impl Fn(&str) -> bool) -> Option<String> {
        let letters = word.chars().count();
        if letters < MIN_CHARS
            || word.chars().any(|c| c.is_ascii_digit())
            || is_known(word)
            || analysis::is_stop_word(word)
        {
            return None;
        }
        let max = if letters >= TWO_EDITS_CHARS { 2 } else { 1 };
        let first = word.chars().next()?;
        let list = self.by_first.get(&first)?;
        let start = list.partition_point(|e| e.chars + max < letters);
        let histogram = Letters::of(word);
        let mut best: Option<(usize, Reverse<u32>, &str)> = None;
        for entry in list[start..]
            .iter()
            .take_while(|e| e.chars <= letters + max)
        {
            // Each edit changes at most two letter counts by one: a cheap
            // lower bound before the real distance.
            if histogram.difference(&Letters::of(&entry.word)) > 2 * max {
                continue;
            }
            let distance = strsim::damerau_levenshtein(word, &entry.word);
            if distance == 0 || distance > max {
                continue;
            }
            let key = (distance, Reverse(entry.articles), entry.word.as_str());
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
        best.map(|(_, _, w)| w.to_owned())
    }
}

/// Letter counts of a word: `a`–`z` each, everything else together.
struct Letters([u8; 27]);

impl Letters {
    fn of(word: &str) -> Letters {
        let mut counts = [0u8; 27];
        for c in word.chars() {
            let slot = if c.is_ascii_lowercase() {
                usize::from(c as u8 - b'a')
            } else {
                26
            };
            counts[slot] = counts[slot].saturating_add(1);
        }
        Letters(counts)
    }

    /// Sum of the differences per letter.
    fn difference(&self, other: &Letters) -> usize {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| usize::from(a.abs_diff(*b)))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelling(words: &[(&str, u32)]) -> (Spelling, HashMap<String, u32>) {
        let vocabulary: HashMap<String, u32> =
            words.iter().map(|(w, n)| ((*w).to_owned(), *n)).collect();
        (Spelling::new(&vocabulary), vocabulary)
    }

    #[test]
    fn finds_the_closest_common_word() {
        let (s, v) = spelling(&[
            ("wachtwoord", 40),
            ("wachtwoorden", 9),
            ("abonnement", 30),
            ("abonnementen", 3),
            ("zeldzaam", 1),
        ]);
        let known = |w: &str| v.contains_key(w);
        assert_eq!(
            s.closest("wachtwoort", known).as_deref(),
            Some("wachtwoord")
        );
        assert_eq!(s.closest("abonement", known).as_deref(), Some("abonnement"));
        assert_eq!(s.closest("wachtwoord", known), None, "known word");
        assert_eq!(
            s.closest("zeldzam", known),
            None,
            "rare words are not offered"
        );
        assert_eq!(s.closest("xyzzy", known), None);
        assert_eq!(s.closest("wac", known), None, "too short");
    }

    #[test]
    fn fewer_edits_then_more_articles_win() {
        let (s, v) = spelling(&[("kaart", 5), ("kaarten", 50), ("kaars", 9), ("kaast", 9)]);
        let known = |w: &str| v.contains_key(w);
        // One edit from kaart, kaars and kaast: most articles, then a–z.
        assert_eq!(s.closest("kaarz", known).as_deref(), Some("kaars"));
        // One edit from kaart and from kaarten: kaarten is in more articles.
        assert_eq!(s.closest("kaartn", known).as_deref(), Some("kaarten"));
        // Two edits allowed only from eight letters on.
        assert_eq!(s.closest("kaaaaz", known), None);
    }

    #[test]
    fn letter_bound_never_exceeds_the_distance() {
        for (a, b) in [("abcd", "abdc"), ("wachtwoort", "wachtwoord"), ("ab", "ba")] {
            let bound = Letters::of(a).difference(&Letters::of(b));
            assert!(bound <= 2 * strsim::damerau_levenshtein(a, b), "{a} {b}");
        }
    }
}
