//! Near-copies: articles with the same or nearly the same title and text
//! (the corpus holds many copies under other file names: "Alchemy - …"
//! titles, language variants). Related articles skip them; search shows
//! them as one result with the others listed under it.
//!
//! Two articles are near-copies when their word sets (title and the start
//! of the text) overlap by [`NEAR_IDENTICAL`] or more (Jaccard), or by half
//! that when their titles are nearly the same. Titles are compared on their
//! stems without a language name (`… - FRANS`, `…-Spaans`) and without a
//! collection prefix (`Alchemy - …`): nearly the same when most of the
//! shorter title's stems are in the longer one ([`SAME_TITLE`], overlap
//! coefficient). A title naming a language marks a translation of the same
//! answer: its text shares little with the original, so a same title and
//! [`TRANSLATED`] of the words suffice. Word sets are made once per article
//! and kept.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::OnceLock;

use crate::content::Article;
use crate::nl::analysis::{dutch_terms, folded_words};
use crate::nl::truncate;

/// Word-set overlap (Jaccard) from which two articles count as copies.
pub const NEAR_IDENTICAL: f64 = 0.8;
/// Title-stem overlap from which two titles count as the same.
pub const SAME_TITLE: f64 = 0.75;
/// Word-set overlap that suffices for a translation with the same title.
pub const TRANSLATED: f64 = 0.1;
/// Only the start of long articles is read.
pub const SOURCE_BYTES: usize = 20_000;

/// An article's words and title stems, hashed and sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprint {
    words: Vec<u64>,
    title: Vec<u64>,
    /// The title names a language: a translation.
    translated: bool,
}

/// Language names that mark a translated copy at a title's end.
const LANGUAGES: &[&str] = &[
    "frans",
    "spaans",
    "duits",
    "engels",
    "italiaans",
    "portugees",
    "french",
    "spanish",
    "german",
    "english",
];

/// Collection names put before a copy's title (`Alchemy - …`).
const COLLECTION_PREFIXES: &[&str] = &["alchemy"];

/// A title's folded words without a trailing language name or a leading
/// collection name, and whether a language name was dropped.
fn title_words(title: &str) -> (Vec<String>, bool) {
    let lower = title.trim_end_matches([' ', ')']).to_lowercase();
    let language = LANGUAGES.iter().find(|l| {
        lower.strip_suffix(*l).is_some_and(|rest| {
            rest.ends_with([' ', '-', '(', '_']) && rest.chars().any(char::is_alphanumeric)
        })
    });
    let kept = language.map_or(lower.as_str(), |l| &lower[..lower.len() - l.len()]);
    let mut words = folded_words(kept);
    if words.len() > 1 && COLLECTION_PREFIXES.contains(&words[0].as_str()) {
        words.remove(0);
    }
    (words, language.is_some())
}

fn hashed(words: impl IntoIterator<Item = String>) -> Vec<u64> {
    let mut out: Vec<u64> = words
        .into_iter()
        .map(|w| {
            let mut h = DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

impl Fingerprint {
    pub fn of(article: &Article) -> Fingerprint {
        let mut words = folded_words(&article.source_title);
        words.extend(folded_words(truncate(&article.text, SOURCE_BYTES)));
        let (title, translated) = title_words(&article.source_title);
        Fingerprint {
            words: hashed(words),
            title: hashed(dutch_terms(&title.join(" "))),
            translated,
        }
    }
}

/// Jaccard overlap of two sorted, deduplicated lists.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let both = common(a, b);
    both as f64 / (a.len() + b.len() - both) as f64
}

/// How much of the shorter list is in the longer (overlap coefficient);
/// 0 when either has fewer than two entries.
fn containment(a: &[u64], b: &[u64]) -> f64 {
    let shorter = a.len().min(b.len());
    if shorter < 2 {
        return 0.0;
    }
    common(a, b) as f64 / shorter as f64
}

/// How many entries two sorted, deduplicated lists share.
fn common(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both
}

/// Whether two articles are near-copies of each other.
pub fn near_copies(a: &Fingerprint, b: &Fingerprint) -> bool {
    let (small, large) = (
        a.words.len().min(b.words.len()),
        a.words.len().max(b.words.len()),
    );
    let translation = a.translated != b.translated;
    let least = if translation {
        TRANSLATED
    } else {
        NEAR_IDENTICAL / 2.0
    };
    // The overlap can be no larger than the smaller set over the larger.
    if large > 0 && (small as f64 / large as f64) < least {
        return false;
    }
    let text = jaccard(&a.words, &b.words);
    text >= NEAR_IDENTICAL || text >= least && containment(&a.title, &b.title) >= SAME_TITLE
}

/// Fingerprints of a snapshot's articles, made when first asked for.
#[derive(Debug, Default)]
pub struct Fingerprints {
    made: Vec<OnceLock<Fingerprint>>,
}

impl Fingerprints {
    pub fn new(articles: usize) -> Fingerprints {
        Fingerprints {
            made: (0..articles).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Article `ord`'s fingerprint (`articles` as the index was built).
    pub fn get<'a>(&'a self, articles: &[Article], ord: usize) -> Option<&'a Fingerprint> {
        let slot = self.made.get(ord)?;
        let article = articles.get(ord)?;
        Some(slot.get_or_init(|| Fingerprint::of(article)))
    }
}

/// One result with the near-copies ranked below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub head: usize,
    pub copies: Vec<usize>,
}

/// Groups the first `depth` of `ranked` (best first): each article joins
/// the first earlier group one of whose members it nearly copies. The first `pinned`
/// (identifier matches) always head their own group; articles beyond
/// `depth` stay alone.
pub fn group(
    articles: &[Article],
    prints: &Fingerprints,
    ranked: &[usize],
    pinned: usize,
    depth: usize,
) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    // Each group's members' fingerprints: an article joins a group when it
    // nearly copies any member (a copy of a copy is the same answer).
    let mut members: Vec<Vec<&Fingerprint>> = Vec::new();
    let mut seen = HashSet::new();
    for (i, &ord) in ranked.iter().enumerate() {
        if !seen.insert(ord) {
            continue;
        }
        let print = (i < depth).then(|| prints.get(articles, ord)).flatten();
        let joined = (i >= pinned).then_some(print).flatten().and_then(|p| {
            members
                .iter()
                .position(|m| m.iter().any(|h| near_copies(h, p)))
                .map(|g| (g, p))
        });
        match joined {
            Some((g, p)) => {
                groups[g].copies.push(ord);
                members[g].push(p);
            }
            None => {
                groups.push(Group {
                    head: ord,
                    copies: Vec::new(),
                });
                members.push(print.into_iter().collect());
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(words: &[&str], title: &[&str]) -> Fingerprint {
        Fingerprint {
            words: hashed(words.iter().map(|w| (*w).to_owned())),
            title: hashed(title.iter().map(|w| (*w).to_owned())),
            translated: false,
        }
    }

    #[test]
    fn same_text_or_same_title_with_half_the_text() {
        let a = print(
            &["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
            &["x", "y"],
        );
        let same_text = print(&["a", "b", "c", "d", "e", "f", "g", "h", "i", "k"], &["z"]);
        let same_title = print(
            &["a", "b", "c", "d", "e", "f", "p", "q", "r", "s"],
            &["x", "y"],
        );
        let other = print(&["a", "b", "c", "d", "e", "f", "p", "q", "r", "s"], &["z"]);
        assert!(near_copies(&a, &same_text));
        assert!(near_copies(&a, &same_title));
        assert!(!near_copies(&a, &other));
        assert!(!near_copies(&a, &print(&["a"], &["x", "y"])));
    }

    #[test]
    fn a_translation_with_the_same_title_is_a_copy() {
        let words: Vec<String> = (0..20).map(|i| format!("w{i}")).collect();
        let few: Vec<&str> = words.iter().map(String::as_str).collect();
        let a = print(&few[..10], &["x", "y", "z"]);
        let mut b = print(&few[8..], &["x", "y", "z"]);
        assert!(!near_copies(&a, &b), "little shared text");
        b.translated = true;
        assert!(near_copies(&a, &b), "a translation");
        b.title = hashed(["x".to_owned(), "q".to_owned()]);
        assert!(!near_copies(&a, &b), "another title");
    }

    #[test]
    fn titles_lose_a_language_name_and_a_collection_prefix() {
        let (words, translated) = title_words("Outlook.com wijziging wachtwoord-Frans");
        assert!(translated);
        assert_eq!(words.last().map(String::as_str), Some("wachtwoord"));
        let (words, translated) = title_words("Alchemy - Uw wachtwoord wijzigen");
        assert!(!translated);
        assert_eq!(words, ["uw", "wachtwoord", "wijzigen"]);
        assert!(title_words("Outlook.com ongewenste e-mail - FRANS").1);
        assert!(title_words("Outlook.com-wachtwoord Spaans").1);
        assert!(!title_words("Frans").1, "a title that is only a language");
        assert!(!title_words("Wachtwoord wijzigen").1);
        assert_eq!(title_words("Alchemy").0, ["alchemy"]);
    }

    #[test]
    fn jaccard_of_sorted_lists() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[], &[]), 1.0);
        assert_eq!(jaccard(&[1], &[]), 0.0);
        assert_eq!(containment(&[1, 2], &[1, 2, 3, 4]), 1.0);
        assert_eq!(containment(&[1], &[1, 2]), 0.0);
    }
}
