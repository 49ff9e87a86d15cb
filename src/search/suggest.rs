//! Titles for a search box that is being typed in.

use crate::content::Article;
use crate::nl::analysis;

use super::{SearchIndex, query};

impl SearchIndex {
    /// Up to `n` article titles for text being typed: every word must start
    /// a word of the title; titles that start with the text come first.
    pub fn suggest(&self, articles: &[Article], typed: &str, n: usize) -> Vec<usize> {
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
