//! The resolved link graph between loaded articles: for every article, the
//! articles whose bodies link to it ("Artikelen die hiernaar verwijzen").

use std::collections::HashMap;

use crate::content::Article;

/// Backlinks by article index; built once per snapshot.
#[derive(Debug, Default)]
pub struct LinkGraph {
    /// `backlinks[i]`: indices of the articles linking to article `i`,
    /// sorted by title, never `i` itself.
    backlinks: Vec<Vec<usize>>,
    edges: usize,
}

impl LinkGraph {
    /// Builds the graph from each article's resolved `links_to`;
    /// `by_id` maps lowercased ids to indices.
    pub fn build(articles: &[Article], by_id: &HashMap<String, usize>) -> LinkGraph {
        let mut backlinks = vec![Vec::new(); articles.len()];
        let mut edges = 0;
        for (from, article) in articles.iter().enumerate() {
            for target in &article.links_to {
                if let Some(&to) = by_id.get(&target.to_lowercase())
                    && to != from
                    && let Some(list) = backlinks.get_mut(to)
                    && list.last() != Some(&from)
                {
                    list.push(from);
                    edges += 1;
                }
            }
        }
        let titles = lowercase_titles(articles);
        for list in &mut backlinks {
            list.sort_by(|&a, &b| (&titles[a], a).cmp(&(&titles[b], b)));
            list.dedup();
        }
        LinkGraph { backlinks, edges }
    }

    /// Indices of the articles that link to the article at `index`.
    pub fn backlinks(&self, index: usize) -> &[usize] {
        self.backlinks.get(index).map_or(&[], Vec::as_slice)
    }

    /// How many distinct article-to-article links there are.
    pub fn edge_count(&self) -> usize {
        self.edges
    }
}

/// Every article's title in lower case, by index: the order of backlinks
/// and of the articles an identifier leads to (made once, not per list).
pub(super) fn lowercase_titles(articles: &[Article]) -> Vec<String> {
    articles.iter().map(|a| a.title.to_lowercase()).collect()
}
