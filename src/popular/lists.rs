//! The lists built from the opened-result counts for one library snapshot:
//! "Veelgestelde vragen" for the whole site and per collection, and each
//! collection's articles by popularity. Built in the background (see
//! [`super::Popular`]); pages only read them.

use std::collections::HashMap;
use std::sync::{Arc, Weak};

use crate::content::ArticleIx;
use crate::library::Library;

/// Entries in the home page's "Veelgestelde vragen".
pub const SITE_ENTRIES: usize = 8;
/// Entries in a collection's "Veelgestelde vragen".
pub const COLLECTION_ENTRIES: usize = 8;

/// How often each article (by id) was opened in the counting window.
#[derive(Debug, Default)]
pub struct Opens {
    pub counts: HashMap<String, u64>,
}

/// The lists of one collection, as indices into [`Library::articles`].
#[derive(Debug, Default)]
pub struct CollectionLists {
    /// "Veelgestelde vragen": never an article with `ROBOTS: NOINDEX`.
    pub frequently_asked: Vec<ArticleIx>,
    /// Every article of the collection, most opened first, then by title.
    pub by_popularity: Vec<ArticleIx>,
}

/// Every list for one snapshot and one set of counts.
#[derive(Debug)]
pub struct Lists {
    library: Weak<Library>,
    /// The home page's "Veelgestelde vragen".
    pub frequently_asked: Vec<ArticleIx>,
    collections: HashMap<String, CollectionLists>,
}

impl Lists {
    /// Builds every list for `library` from `opens`, topped up from the
    /// `featured` article ids and then from the most recently updated
    /// articles while the counts fill too few places.
    pub fn build(library: &Arc<Library>, opens: &Opens, featured: &[String]) -> Lists {
        let count = |i: ArticleIx| {
            library
                .at(i)
                .and_then(|a| opens.counts.get(&a.id))
                .copied()
                .unwrap_or(0)
        };
        let mut opened: Vec<ArticleIx> = opens
            .counts
            .iter()
            .filter(|&(_, &n)| n > 0)
            .filter_map(|(id, _)| library.index_of(id))
            .collect();
        // Most opened first; ties by title, as the collection lists.
        let rank = title_ranks(library);
        opened.sort_by_key(|&i| (std::cmp::Reverse(count(i)), rank.get(i.get()).copied()));
        let featured: Vec<ArticleIx> = featured
            .iter()
            .filter_map(|id| library.index_of(id.trim()))
            .collect();
        let recent: Vec<ArticleIx> = library
            .recent(usize::MAX)
            .filter_map(|a| library.index_of(&a.id))
            .collect();
        let listed = |i: ArticleIx| library.at(i).is_some_and(|a| !a.meta.noindex());
        let sources = [opened.as_slice(), &featured, &recent];
        let frequently_asked = pick(&sources, listed, SITE_ENTRIES);
        let collections = library
            .collections()
            .iter()
            .map(|c| {
                let inside = |i: ArticleIx| {
                    listed(i) && library.at(i).is_some_and(|a| a.collection == c.key)
                };
                let mut by_popularity = c.articles.clone();
                // Stable: articles opened equally often stay in title order.
                by_popularity.sort_by_key(|&i| std::cmp::Reverse(count(i)));
                let lists = CollectionLists {
                    frequently_asked: pick(&sources, inside, COLLECTION_ENTRIES),
                    by_popularity,
                };
                (c.key.clone(), lists)
            })
            .collect();
        Lists {
            library: Arc::downgrade(library),
            frequently_asked,
            collections,
        }
    }

    /// Whether these lists were built for `library`.
    pub fn is_for(&self, library: &Arc<Library>) -> bool {
        std::ptr::eq(self.library.as_ptr(), Arc::as_ptr(library))
    }

    /// The lists of the collection `key`.
    pub fn collection(&self, key: &str) -> Option<&CollectionLists> {
        self.collections.get(key)
    }
}

/// Each article's place in its collection's title order.
fn title_ranks(library: &Library) -> Vec<usize> {
    let mut rank = vec![usize::MAX; library.articles().len()];
    for collection in library.collections() {
        for (place, &i) in collection.articles.iter().enumerate() {
            if let Some(slot) = rank.get_mut(i.get()) {
                *slot = place;
            }
        }
    }
    rank
}

/// The first `n` distinct articles that `allowed` lets through, taken from
/// each source in turn (most opened, featured, recent).
pub fn pick<T: Copy + PartialEq>(
    sources: &[&[T]],
    allowed: impl Fn(T) -> bool,
    n: usize,
) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(n);
    for &i in sources.iter().flat_map(|s| s.iter()) {
        if out.len() == n {
            break;
        }
        if allowed(i) && !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opened_articles_come_first_then_featured_then_recent() {
        let opened = [7, 3];
        let featured = [3, 9, 4];
        let recent = [1, 2, 5, 6];
        let all = pick(&[&opened, &featured, &recent], |_| true, 5);
        assert_eq!(all, vec![7, 3, 9, 4, 1]);
    }

    #[test]
    fn unlisted_articles_never_appear_and_short_sources_give_short_lists() {
        let listed = |i: usize| i % 2 == 1;
        let got = pick(&[&[2, 3], &[4, 5], &[]], listed, 8);
        assert_eq!(got, vec![3, 5]);
    }
}
