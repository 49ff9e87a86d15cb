//! Synonym groups from a plain text file that non-programmers can edit.
//!
//! The built-in list is `src/search/synonyms.nl.txt`, compiled into the
//! binary. The config key `synonyms` may point at another file with the
//! same format, which then replaces it:
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
pub const BUILTIN: &str = include_str!("synonyms.nl.txt");

/// Synonym groups, looked up by the stem of a single word.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    /// Each group's members as Dutch term sequences.
    groups: Vec<Vec<Vec<String>>>,
    /// Stem of a one-word member → the groups it belongs to.
    by_stem: HashMap<String, Vec<usize>>,
    /// Members that lost stop words: phrases only.
    gapped: HashSet<Vec<String>>,
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
            for member in line.split(',') {
                let terms = dutch_terms(member);
                let gapped = terms.len() < folded_words(member).len();
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
        }
        synonyms
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

    /// Terms plus the single-word synonyms of each, deduplicated, for
    /// callers that score bags of terms (recommended steps).
    pub fn expand_terms(&self, terms: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for term in terms {
            let more = self.alternatives(term);
            let singles = more.iter().filter_map(|m| match m {
                [one] => Some(one),
                _ => None,
            });
            for t in std::iter::once(term).chain(singles) {
                if !out.contains(t) {
                    out.push(t.clone());
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
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
    fn expand_terms_adds_single_word_synonyms_once() {
        let s = Synonyms::parse("factuur, rekening, nota\n");
        let expanded = s.expand_terms(&[stem("facturen"), stem("rekening")]);
        assert_eq!(expanded.len(), 3);
    }

    #[test]
    fn missing_file_is_an_error() {
        assert!(Synonyms::load(Some(Path::new("does/not/exist.txt"))).is_err());
        assert!(Synonyms::load(None).is_ok());
    }
}
