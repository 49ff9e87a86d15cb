//! Article vectors of one library snapshot: one or more unit-length
//! passage vectors per article (indices are the library's), an article's
//! similarity to a description being that of its closest passage, and the
//! nearest articles to a description's vector; and per article its title
//! embedded as a query, compared with the description like for like.

/// Unit-length passage vectors and the article each belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleVectors {
    dim: usize,
    data: Vec<f32>,
    /// Per article, the range of its passages' rows.
    rows: Vec<std::ops::Range<usize>>,
    /// Per article, its title embedded as a query (empty: none).
    titles: Vec<f32>,
}

impl ArticleVectors {
    /// One row of `dim` floats per article; a last partial row is dropped.
    pub fn new(dim: usize, data: Vec<f32>) -> ArticleVectors {
        let dim = dim.max(1);
        let n = data.len() / dim;
        ArticleVectors::with_passages(dim, data, &vec![1; n])
    }

    /// Rows of `dim` floats; article `i` owns the next `counts[i]` rows.
    /// Counts beyond the rows there are get what is left.
    pub fn with_passages(dim: usize, mut data: Vec<f32>, counts: &[usize]) -> ArticleVectors {
        let dim = dim.max(1);
        data.truncate(data.len() / dim * dim);
        let total = data.len() / dim;
        let mut rows = Vec::with_capacity(counts.len());
        let mut start = 0;
        for &count in counts {
            let end = (start + count).min(total);
            rows.push(start..end);
            start = end;
        }
        ArticleVectors {
            dim,
            data,
            rows,
            titles: Vec::new(),
        }
    }

    /// The same with each article's title embedded as a query, one row per
    /// article (ignored unless there is one for every article).
    pub fn with_titles(mut self, titles: Vec<f32>) -> ArticleVectors {
        if titles.len() == self.rows.len() * self.dim {
            self.titles = titles;
        }
        self
    }

    /// Cosine similarity of `query` with article `doc`'s title (as a
    /// query); 0 without title vectors.
    pub fn title_similarity(&self, query: &[f32], doc: usize) -> f32 {
        if query.len() != self.dim {
            return 0.0;
        }
        self.titles
            .get(doc * self.dim..(doc + 1) * self.dim)
            .map_or(0.0, |row| dot(row, query))
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// How many articles there are.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// How many passage vectors there are.
    pub fn passages(&self) -> usize {
        self.data.len() / self.dim
    }

    /// Cosine similarity of `query` (unit length) with article `doc`'s
    /// closest passage; 0 for an unknown article or a vector of another size.
    pub fn similarity(&self, query: &[f32], doc: usize) -> f32 {
        let Some(rows) = self.rows.get(doc) else {
            return 0.0;
        };
        if query.len() != self.dim || rows.is_empty() {
            return 0.0;
        }
        self.data[rows.start * self.dim..rows.end * self.dim]
            .chunks_exact(self.dim)
            .map(|row| dot(row, query))
            .fold(f32::MIN, f32::max)
    }

    /// How close article `doc` is to `query` all told: the mean of its
    /// passage and title similarities (the passage one without titles).
    pub fn closeness(&self, query: &[f32], doc: usize) -> f32 {
        let passage = self.similarity(query, doc);
        if self.titles.is_empty() {
            passage
        } else {
            (passage + self.title_similarity(query, doc)) / 2.0
        }
    }

    /// The `k` articles whose passages are closest to `query`, closest
    /// first (ties by index).
    pub fn nearest(&self, query: &[f32], k: usize) -> Vec<(usize, f32)> {
        self.top(k, |doc| self.similarity(query, doc))
    }

    /// The `k` articles closest to `query` by [`ArticleVectors::closeness`].
    pub fn nearest_overall(&self, query: &[f32], k: usize) -> Vec<(usize, f32)> {
        self.top(k, |doc| self.closeness(query, doc))
    }

    fn top(&self, k: usize, score: impl Fn(usize) -> f32) -> Vec<(usize, f32)> {
        let mut all: Vec<(usize, f32)> =
            (0..self.rows.len()).map(|doc| (doc, score(doc))).collect();
        let k = k.min(all.len());
        if k == 0 {
            return Vec::new();
        }
        let order = |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        all.select_nth_unstable_by(k - 1, order);
        all.truncate(k);
        all.sort_by(order);
        all
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: &[f32]) -> Vec<f32> {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / n).collect()
    }

    #[test]
    fn nearest_orders_by_cosine_and_breaks_ties_by_index() {
        let rows = [
            unit(&[1.0, 0.0]),
            unit(&[0.0, 1.0]),
            unit(&[1.0, 1.0]),
            unit(&[1.0, 0.0]),
        ];
        let vectors = ArticleVectors::new(2, rows.concat());
        let got = vectors.nearest(&unit(&[1.0, 0.1]), 3);
        let ids: Vec<usize> = got.iter().map(|(i, _)| *i).collect();
        assert_eq!(ids, vec![0, 3, 2]);
        assert!(got[0].1 > 0.99);
        assert_eq!(vectors.nearest(&unit(&[1.0, 0.0]), 0), vec![]);
        assert_eq!(vectors.nearest(&unit(&[1.0, 0.0]), 10).len(), 4);
    }

    #[test]
    fn an_article_is_as_close_as_its_closest_passage() {
        // Article 0 has two passages, article 1 one.
        let rows = [unit(&[0.0, 1.0]), unit(&[1.0, 0.0]), unit(&[1.0, 1.0])];
        let vectors = ArticleVectors::with_passages(2, rows.concat(), &[2, 1]);
        assert_eq!(vectors.len(), 2);
        assert_eq!(vectors.passages(), 3);
        let query = unit(&[1.0, 0.0]);
        assert!((vectors.similarity(&query, 0) - 1.0).abs() < 1e-6);
        assert_eq!(vectors.nearest(&query, 2)[0].0, 0);
    }

    #[test]
    fn titles_are_compared_like_for_like() {
        let vectors = ArticleVectors::new(2, unit(&[1.0, 0.0])).with_titles(unit(&[0.0, 1.0]));
        assert!((vectors.title_similarity(&unit(&[0.0, 1.0]), 0) - 1.0).abs() < 1e-6);
        assert_eq!(vectors.title_similarity(&unit(&[0.0, 1.0]), 1), 0.0);
        let without = ArticleVectors::new(2, unit(&[1.0, 0.0])).with_titles(vec![1.0]);
        assert_eq!(without.title_similarity(&unit(&[0.0, 1.0]), 0), 0.0);
        // Closeness is the mean of both, or the passage alone without titles.
        assert!((vectors.closeness(&unit(&[0.0, 1.0]), 0) - 0.5).abs() < 1e-6);
        assert!((without.closeness(&unit(&[1.0, 0.0]), 0) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn wrong_sizes_never_panic() {
        assert_eq!(ArticleVectors::new(3, vec![0.0; 4]).len(), 1);
        assert!(ArticleVectors::new(0, vec![]).is_empty());
        let vectors = ArticleVectors::new(2, vec![1.0, 0.0]);
        assert_eq!(vectors.similarity(&[1.0, 0.0, 0.0], 0), 0.0);
        assert_eq!(vectors.similarity(&[1.0, 0.0], 5), 0.0);
        assert_eq!(vectors.nearest(&[1.0], 1), vec![(0, 0.0)]);
        let short = ArticleVectors::with_passages(2, vec![1.0, 0.0], &[1, 3]);
        assert_eq!(short.similarity(&[1.0, 0.0], 1), 0.0);
    }
}
