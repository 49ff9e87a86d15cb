//! Near-copies: articles with the same or nearly the same title and text
//! (the corpus holds many copies under other file names: "Alchemy - …"
//! titles, language variants). Related articles skip them; search shows
//! them as one result with the others listed under it.
//!
//! Two articles are near-copies when their word sets (title and the start
//! of the text) overlap by [`NEAR_IDENTICAL`] or more (Jaccard), or by half
//! that when their titles are nearly the same (the title stems overlap by
//! [`SAME_TITLE`] or more). Word sets are made once per article and kept.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::OnceLock;

use crate::content::Article;
use crate::nl::analysis::{dutch_terms, folded_words};

/// Word-set overlap (Jaccard) from which two articles count as copies.
pub const NEAR_IDENTICAL: f64 = 0.8;
/// Title-stem overlap from which two titles count as the same.
pub const SAME_TITLE: f64 = 0.75;
/// Only the start of long articles is read.
pub const SOURCE_BYTES: usize = 20_000;

/// The start of `text`, at most `bytes` long, on a character boundary.
pub fn prefix(text: &str, bytes: usize) -> &str {
    let mut end = text.len().min(bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// An article's words and title stems, hashed and sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprint {
    words: Vec<u64>,
    title: Vec<u64>,
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
        words.extend(folded_words(prefix(&article.text, SOURCE_BYTES)));
        Fingerprint {
            words: hashed(words),
            title: hashed(dutch_terms(&article.source_title)),
        }
    }
}

/// Jaccard overlap of two sorted, deduplicated lists.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
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
    both as f64 / (a.len() + b.len() - both) as f64
}

/// Whether two articles are near-copies of each other.
pub fn near_copies(a: &Fingerprint, b: &Fingerprint) -> bool {
    let (small, large) = (
        a.words.len().min(b.words.len()),
        a.words.len().max(b.words.len()),
    );
    // The overlap can be no larger than the smaller set over the larger.
    if large > 0 && (small as f64 / large as f64) < NEAR_IDENTICAL / 2.0 {
        return false;
    }
    let text = jaccard(&a.words, &b.words);
    text >= NEAR_IDENTICAL
        || text >= NEAR_IDENTICAL / 2.0 && jaccard(&a.title, &b.title) >= SAME_TITLE
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
/// the first earlier group whose head it nearly copies. The first `pinned`
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
    let mut heads: Vec<Option<&Fingerprint>> = Vec::new();
    let mut seen = HashSet::new();
    for (i, &ord) in ranked.iter().enumerate() {
        if !seen.insert(ord) {
            continue;
        }
        let print = (i < depth).then(|| prints.get(articles, ord)).flatten();
        let joined = (i >= pinned).then_some(print).flatten().and_then(|p| {
            heads
                .iter()
                .position(|h| h.is_some_and(|h| near_copies(h, p)))
        });
        match joined.and_then(|g| groups.get_mut(g)) {
            Some(g) => g.copies.push(ord),
            None => {
                groups.push(Group {
                    head: ord,
                    copies: Vec::new(),
                });
                heads.push(print);
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
    fn jaccard_of_sorted_lists() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[], &[]), 1.0);
        assert_eq!(jaccard(&[1], &[]), 0.0);
    }
}
