//! Synonym groups from a plain text file that non-programmers can edit.
//!
//! The built-in list is `src/nl/lexicon/synonyms.txt`, compiled into the
//! binary; search and recommended steps both read it. The config key
//! `synonyms` may point at another file with the same format, which then
//! replaces it:
//!
//! ```text
//! # comment
//! kaart, creditcard, betaalpas
//! terugbetaling, restitutie, geld terug
//! ```
//!
//! One group per line, members separated by commas; a member may be
//! several words (it then matches as a phrase). Members are analysed with
//! the Dutch pipeline, so case, accents and inflection don't matter. Stop
//! words in a member leave a gap: a member that keeps one word after that
//! (`de-installeren` → `installeren`, `uit dienst` → `dienst`) would mean
//! something else and is left out; one that keeps several (`out of
//! office`) matches as a phrase in search, but is not used where words are
//! matched one by one (recommended steps).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::analysis::{dutch_terms, folded_words};

/// The built-in synonym file.
pub const BUILTIN: &str = include_str!("lexicon/synonyms.txt");

/// Synonym groups, looked up by the stem of a single word.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Synonyms {
    /// Each group's members as Dutch term sequences.
    groups: Vec<Vec<Vec<String>>>,
    /// Stem of a one-word member → the groups it belongs to.
    by_stem: HashMap<String, Vec<usize>>,
    /// Members that lost stop words: phrases only.
    gapped: HashSet<Vec<String>>,
    /// Members of two or more words as written (folded, stop words kept),
    /// with their group and their own terms, for finding them in text.
    phrases: Vec<Phrase>,
}

#[derive(Debug, Clone, PartialEq)]
struct Phrase {
    words: Vec<String>,
    group: usize,
    terms: Vec<String>,
}

/// A synonym-list phrase found in a text.
#[derive(Debug, PartialEq)]
pub struct PhraseMatch<'a> {
    /// Index of its first word in the words searched, and its length.
    pub start: usize,
    pub len: usize,
    /// The other members of its group (none that lost stop words).
    pub alternatives: Vec<&'a [String]>,
}

/// A synonym file that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read synonym file {path}: {source}")]
pub struct SynonymsError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
}

impl Synonyms {
    /// The built-in list.
    pub fn builtin() -> Synonyms {
        Synonyms::parse(BUILTIN)
    }

    /// The list in `path`, or the built-in list when there is no path.
    pub fn load(path: Option<&Path>) -> Result<Synonyms, SynonymsError> {
        match path {
            None => Ok(Synonyms::builtin()),
            Some(path) => std::fs::read_to_string(path)
                .map(|text| Synonyms::parse(&text))
                .map_err(|source| SynonymsError {
                    path: path.display().to_string(),
                    source,
                }),
        }
    }

    /// Parses the file format described in the module docs. Lines that
    /// yield fewer than two usable members are ignored.
    pub fn parse(text: &str) -> Synonyms {
        let mut synonyms = Synonyms::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut members: Vec<Vec<String>> = Vec::new();
            let mut phrases = Vec::new();
            for member in line.split(',') {
                let terms = dutch_terms(member);
                let words = folded_words(member);
                let gapped = terms.len() < words.len();
                // Only members written as several words: `outlook.com` or
                // `wi-fi` is one word to a reader, naming one thing.
                if words.len() >= 2 && member.trim().contains(char::is_whitespace) {
                    phrases.push((words, terms.clone()));
                }
                if gapped && terms.len() < 2 {
                    continue;
                }
                if gapped {
                    synonyms.gapped.insert(terms.clone());
                }
                if !terms.is_empty() && !members.contains(&terms) {
                    members.push(terms);
                }
            }
            if members.len() < 2 {
                continue;
            }
            let index = synonyms.groups.len();
            for member in &members {
                if let [stem] = member.as_slice() {
                    let groups = synonyms.by_stem.entry(stem.clone()).or_default();
                    if !groups.contains(&index) {
                        groups.push(index);
                    }
                }
            }
            synonyms.groups.push(members);
            for (words, terms) in phrases {
                synonyms.phrases.push(Phrase {
                    words,
                    group: index,
                    terms,
                });
            }
        }
        synonyms
    }

    /// Whether a one-word member of some group has this stem.
    pub fn knows(&self, stem: &str) -> bool {
        self.by_stem.contains_key(stem)
    }

    /// How many groups were read.
    pub fn group_count(&self) -> usize {
        self.groups.len()
    }

    /// The other members of every group that holds `stem` (a term from
    /// [`dutch_terms`]), each as a term sequence; never `stem` itself.
    pub fn alternatives(&self, stem: &str) -> Vec<&[String]> {
        let mut out: Vec<&[String]> = Vec::new();
        for &group in self.by_stem.get(stem).into_iter().flatten() {
            for member in self.groups.get(group).into_iter().flatten() {
                let is_self = matches!(member.as_slice(), [only] if only == stem);
                if !is_self && !out.contains(&member.as_slice()) {
                    out.push(member);
                }
            }
        }
        out
    }

    /// Like [`Synonyms::alternatives`] without the members that lost stop
    /// words, for matching words one by one rather than as phrases.
    pub fn whole_alternatives(&self, stem: &str) -> Vec<&[String]> {
        let mut out = self.alternatives(stem);
        out.retain(|member| !self.gapped.contains(*member));
        out
    }

    /// Every member of two or more words that occurs in `words` (folded,
    /// stop words kept, in order), with the other members of its group:
    /// `uit dienst` in "hij gaat uit dienst" brings `vertrekken`. Members
    /// that lost stop words are found here too, since the text keeps them.
    pub fn phrases_in(&self, words: &[&str]) -> Vec<PhraseMatch<'_>> {
        let mut out = Vec::new();
        for phrase in &self.phrases {
            let n = phrase.words.len();
            let Some(start) = words
                .windows(n)
                .position(|window| window.iter().zip(&phrase.words).all(|(a, b)| *a == b))
            else {
                continue;
            };
            let alternatives = self
                .groups
                .get(phrase.group)
                .into_iter()
                .flatten()
                .filter(|m| **m != phrase.terms && !self.gapped.contains(*m))
                .map(Vec::as_slice)
                .collect();
            out.push(PhraseMatch {
                start,
                len: n,
                alternatives,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn phrases_are_found_in_text_with_their_stop_words() {
        let synonyms =
            Synonyms::parse("vertrekken, uit dienst, weggaan\nterugbetaling, geld terug");
        let words = ["hij", "gaat", "uit", "dienst", "en", "wil", "geld", "terug"];
        let found = synonyms.phrases_in(&words);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found[0].start, found[0].len), (2, 2));
        assert_eq!(
            found[0].alternatives,
            vec![
                dutch_terms("vertrekken").as_slice(),
                dutch_terms("weggaan").as_slice()
            ]
        );
        assert_eq!((found[1].start, found[1].len), (6, 2));
        assert_eq!(
            found[1].alternatives,
            vec![dutch_terms("terugbetaling").as_slice()]
        );
        assert!(
            synonyms.phrases_in(&["dienst", "uit"]).is_empty(),
            "in order only"
        );
    }

    #[test]
    fn members_that_lose_stop_words_are_phrases_or_left_out() {
        let synonyms = Synonyms::parse(
            "verwijderen, wissen, de-installeren\nafwezigheidsbericht, out of office",
        );
        let installer = dutch_terms("installeren").remove(0);
        assert!(synonyms.alternatives(&installer).is_empty());
        let verwijder = dutch_terms("verwijderen").remove(0);
        assert_eq!(synonyms.alternatives(&verwijder).len(), 1, "only wissen");
        let away = dutch_terms("afwezigheidsbericht").remove(0);
        assert_eq!(
            synonyms.alternatives(&away),
            vec![dutch_terms("out of office").as_slice()],
            "a phrase for search"
        );
        assert!(
            synonyms.whole_alternatives(&away).is_empty(),
            "not a bag of words"
        );
    }

    use super::*;

    fn stem(word: &str) -> String {
        dutch_terms(word).remove(0)
    }

    #[test]
    fn builtin_groups_link_both_ways() {
        let s = Synonyms::builtin();
        assert!(s.group_count() >= 5);
        let from_kaart = s.alternatives(&stem("kaart"));
        assert!(from_kaart.contains(&[stem("creditcard")].as_slice()));
        assert!(from_kaart.contains(&[stem("betaalpas")].as_slice()));
        let from_card = s.alternatives(&stem("creditcard"));
        assert!(from_card.contains(&[stem("kaart")].as_slice()));
        assert!(
            s.alternatives(&stem("afgewezen"))
                .contains(&[stem("geweigerd")].as_slice())
        );
    }

    #[test]
    fn multi_word_members_are_phrases_and_comments_are_skipped() {
        let s = Synonyms::parse("# x, y\nrestitutie, geld terug\nalleen\n");
        assert_eq!(s.group_count(), 1);
        let alt = s.alternatives(&stem("restitutie"));
        assert_eq!(alt, [[stem("geld"), stem("terug")].as_slice()]);
    }

    #[test]
    fn missing_file_is_an_error() {
        assert!(Synonyms::load(Some(Path::new("does/not/exist.txt"))).is_err());
        assert!(Synonyms::load(None).is_ok());
    }
}
