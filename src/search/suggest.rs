//! Titles for a search box that is being typed in: every typed word must
//! start a word of the title.

use crate::content::Article;
use crate::nl::analysis;

use super::query;

/// An article's title folded, its words joined by spaces.
fn fold(article: &Article) -> String {
    analysis::folded_words(&article.title).join(" ")
}

/// Every word of the `titles` whose place passes `take`, with the place.
fn words(titles: &[(String, usize)], take: impl Fn(usize) -> bool) -> Vec<(String, usize)> {
    (titles.iter().enumerate())
        .filter(|(t, _)| take(*t))
        .flat_map(|(t, (title, _))| title.split(' ').map(move |w| (w.to_owned(), t)))
        .collect()
}

/// The folded titles of one snapshot's articles.
#[derive(Debug, Default)]
pub(super) struct Titles {
    /// Folded title and article index.
    titles: Vec<(String, usize)>,
    /// Every word of every folded title with the title's place in
    /// `titles`, sorted: the titles with a word that starts with some text
    /// are one range.
    title_words: Vec<(String, usize)>,
}

impl Titles {
    pub(super) fn new(articles: &[Article]) -> Titles {
        let titles: Vec<(String, usize)> = (articles.iter().enumerate())
            .map(|(i, a)| (fold(a), i))
            .collect();
        let mut title_words = words(&titles, |_| true);
        title_words.sort_unstable();
        title_words.dedup();
        Titles {
            titles,
            title_words,
        }
    }

    /// The titles of `articles`, taken from these (made over the previous
    /// articles) for every article that stays with the same title
    /// (`moved`: previous index → new index, increasing), folded anew for
    /// the others; the same as [`Titles::new`] gives.
    pub(super) fn updated(&self, articles: &[Article], moved: &[Option<u32>]) -> Titles {
        let to = |t: usize| moved.get(t).copied().flatten().map(|i| i as usize);
        let mut kept = vec![None; articles.len()];
        for (t, (title, _)) in self.titles.iter().enumerate() {
            if let Some(slot) = to(t).and_then(|i| kept.get_mut(i)) {
                *slot = Some(title);
            }
        }
        let titles: Vec<(String, usize)> = (kept.iter().zip(articles).enumerate())
            .map(|(i, (kept, a))| (kept.map_or_else(|| fold(a), String::clone), i))
            .collect();
        // The kept titles' words, still sorted (`moved` keeps their order),
        // then the new titles' words sorted: a stable sort merges the two runs.
        let mut title_words: Vec<(String, usize)> = (self.title_words.iter())
            .filter_map(|(w, t)| Some((w.clone(), to(*t)?)))
            .collect();
        let mut new = words(&titles, |i| kept.get(i).is_some_and(Option::is_none));
        new.sort_unstable();
        title_words.append(&mut new);
        title_words.sort();
        title_words.dedup();
        Titles {
            titles,
            title_words,
        }
    }

    /// Up to `n` article titles for text being typed (see
    /// `SearchIndex::suggest`).
    pub(super) fn suggest(&self, articles: &[Article], typed: &str, n: usize) -> Vec<usize> {
        let words = analysis::folded_words(&query::clean(typed));
        if words.is_empty() || n == 0 {
            return Vec::new();
        }
        let typed_folded = words.join(" ");
        // Titles in which every typed word starts a word.
        let mut matched = vec![true; self.titles.len()];
        for w in &words {
            let mut starts = vec![false; self.titles.len()];
            let first = self
                .title_words
                .partition_point(|(tw, _)| tw.as_str() < w.as_str());
            for (_, t) in self.title_words[first..]
                .iter()
                .take_while(|(tw, _)| tw.starts_with(w.as_str()))
            {
                starts[*t] = true;
            }
            for (m, s) in matched.iter_mut().zip(starts) {
                *m &= s;
            }
        }
        let mut found: Vec<(bool, usize, &str, usize)> = self
            .titles
            .iter()
            .zip(matched)
            .filter_map(|(title, m)| m.then_some(title))
            .map(|(title, o)| {
                (
                    !title.starts_with(&typed_folded),
                    title.len(),
                    title.as_str(),
                    *o,
                )
            })
            .collect();
        found.sort();
        let mut out: Vec<usize> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for (_, _, title, o) in found {
            if seen.contains(&title) || articles.get(o).is_none() {
                continue;
            }
            seen.push(title);
            out.push(o);
            if out.len() == n {
                break;
            }
        }
        out
    }
}
