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
/// the earlier group one of whose members it nearly copies, and when it
/// nearly copies members of several groups, those groups become one (a
/// copy of a copy is the same answer, whichever was ranked first). The
/// first `pinned` (identifier matches) always head their own group and
/// are never merged; articles beyond `depth` stay alone.
pub fn group(
    articles: &[Article],
    prints: &Fingerprints,
    ranked: &[usize],
    pinned: usize,
    depth: usize,
) -> Vec<Group> {
    group_by(ranked, pinned, depth, |ord| prints.get(articles, ord))
}

/// [`group`] with each article's fingerprint from `print_of`.
fn group_by<'a>(
    ranked: &[usize],
    pinned: usize,
    depth: usize,
    print_of: impl Fn(usize) -> Option<&'a Fingerprint>,
) -> Vec<Group> {
    // Each group's members (rank position, article, fingerprint); a
    // merged group is left empty and dropped at the end.
    let mut groups: Vec<Vec<(usize, usize, Option<&Fingerprint>)>> = Vec::new();
    let mut seen = HashSet::new();
    for (i, &ord) in ranked.iter().enumerate() {
        if !seen.insert(ord) {
            continue;
        }
        let print = (i < depth).then(|| print_of(ord)).flatten();
        let matched: Vec<usize> = match print.filter(|_| i >= pinned) {
            Some(p) => (groups.iter().enumerate())
                .filter(|(_, m)| {
                    m.iter()
                        .any(|(_, _, h)| h.is_some_and(|h| near_copies(h, p)))
                })
                .map(|(g, _)| g)
                .collect(),
            None => Vec::new(),
        };
        let Some(&into) = matched.first() else {
            groups.push(vec![(i, ord, print)]);
            continue;
        };
        groups[into].push((i, ord, print));
        // Later groups join the first, unless headed by an identifier match.
        for &other in &matched[1..] {
            if groups[other]
                .first()
                .is_some_and(|(at, _, _)| *at >= pinned)
            {
                let moved = std::mem::take(&mut groups[other]);
                groups[into].extend(moved);
            }
        }
        groups[into].sort_by_key(|(at, _, _)| *at);
    }
    groups
        .into_iter()
        .filter_map(|members| {
            let mut ords = members.into_iter().map(|(_, ord, _)| ord);
            let head = ords.next()?;
            Some(Group {
                head,
                copies: ords.collect(),
            })
        })
        .collect()
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
    fn a_copy_of_two_results_folds_them_into_one() {
        let words: Vec<String> = (0..30).map(|i| format!("w{i}")).collect();
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        // Same titles: 0 and 1 share too little text, 2 copies each of them.
        let prints = [
            print(&w[..10], &["x", "y"]),
            print(&w[5..15], &["x", "y"]),
            print(&w[1..14], &["x", "y"]),
            print(&w[20..30], &["d", "e"]),
        ];
        assert!(!near_copies(&prints[0], &prints[1]));
        assert!(near_copies(&prints[2], &prints[0]) && near_copies(&prints[2], &prints[1]));
        let of = |o: usize| prints.get(o);
        let groups = group_by(&[0, 3, 1, 2], 0, 10, of);
        let heads: Vec<(usize, Vec<usize>)> =
            groups.into_iter().map(|g| (g.head, g.copies)).collect();
        assert_eq!(heads, [(0, vec![1, 2]), (3, vec![])]);
        // Identifier matches head their own groups and are never merged.
        let pinned = group_by(&[1, 0, 2], 2, 10, of);
        assert_eq!(
            pinned[0],
            Group {
                head: 1,
                copies: vec![2]
            }
        );
        assert_eq!(
            pinned[1],
            Group {
                head: 0,
                copies: vec![]
            }
        );
        // Beyond the depth nothing is grouped.
        assert_eq!(group_by(&[0, 1, 2], 0, 2, of).len(), 3);
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
