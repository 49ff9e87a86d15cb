//! Fusing word matching with meaning: the candidates of both (the word
//! matcher's best and the articles nearest to the description's vector)
//! get one score, a weighted sum of the word score (relative to the best
//! word score), the cosine similarity with the article's passages and the
//! one with its title (each relative to the best candidate's); and the
//! cosine takes part in deciding whether the first match is confident. The
//! weights were fitted on the development and team sets together
//! (BENCHMARKS.md).

use crate::semantic::ArticleVectors;

/// A description's vector and the snapshot's article vectors.
#[derive(Debug, Clone, Copy)]
pub struct Meaning<'a> {
    pub query: &'a [f32],
    pub articles: &'a ArticleVectors,
}

/// The weights of fusion and of the confidence rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fusion {
    /// How many nearest articles by meaning join the word candidates.
    pub candidates: usize,
    /// Weight of the word score (relative to the best candidate's).
    pub words: f32,
    /// Weight of the meaning score: the cosine's distance below the best
    /// cosine is divided by `spread`, so 1 is the best and 0 is `spread`
    /// below it.
    pub meaning: f32,
    /// Weight of the title score, relative like the meaning score.
    pub title: f32,
    pub spread: f32,
    /// The first match is confident when its word coverage passes the word
    /// rule and its cosine is at least `sure_with_words`, or when its cosine
    /// alone is at least `sure`.
    pub sure_with_words: f32,
    pub sure: f32,
}

impl Default for Fusion {
    fn default() -> Fusion {
        Fusion {
            candidates: 50,
            words: 1.0,
            meaning: 0.5,
            title: 0.5,
            spread: 0.08,
            sure_with_words: 0.82,
            sure: 0.88,
        }
    }
}

impl Fusion {
    /// Fused scores for `candidates` (article, word score ≥ 0), best
    /// first, ties by index.
    pub fn rank(&self, candidates: &[(usize, f32)], meaning: Meaning<'_>) -> Vec<(usize, f32)> {
        let best_words = candidates
            .iter()
            .map(|c| c.1)
            .fold(0.0f32, f32::max)
            .max(f32::EPSILON);
        let cosines: Vec<(f32, f32)> = candidates
            .iter()
            .map(|c| {
                (
                    meaning.articles.similarity(meaning.query, c.0),
                    meaning.articles.title_similarity(meaning.query, c.0),
                )
            })
            .collect();
        let best_cosine = cosines.iter().map(|c| c.0).fold(f32::MIN, f32::max);
        let best_title = cosines.iter().map(|c| c.1).fold(f32::MIN, f32::max);
        let spread = self.spread.max(f32::EPSILON);
        let near = |best: f32, cosine: f32| (1.0 - (best - cosine) / spread).max(0.0);
        let mut fused: Vec<(usize, f32)> = candidates
            .iter()
            .zip(&cosines)
            .map(|(&(doc, words), &(cosine, title))| {
                let score = self.words * words / best_words
                    + self.meaning * near(best_cosine, cosine)
                    + self.title * near(best_title, title);
                (doc, score)
            })
            .collect();
        fused.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        fused
    }

    /// Whether the first match is confident, given whether the word rule
    /// holds for it and its cosine.
    pub fn confident(&self, words_confident: bool, cosine: f32) -> bool {
        (words_confident && cosine >= self.sure_with_words) || cosine >= self.sure
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meaning_can_lift_a_weaker_word_match() {
        // Article 0 matches more words; article 1 is much closer in meaning.
        let articles = ArticleVectors::new(2, vec![0.6, 0.8, 1.0, 0.0]);
        let query = [1.0, 0.0];
        let meaning = Meaning {
            query: &query,
            articles: &articles,
        };
        let fusion = Fusion::default();
        let ranked = fusion.rank(&[(0, 2.0), (1, 1.5)], meaning);
        assert_eq!(ranked[0].0, 1);
        let words_only = Fusion {
            meaning: 0.0,
            title: 0.0,
            ..fusion
        };
        assert_eq!(words_only.rank(&[(0, 2.0), (1, 1.5)], meaning)[0].0, 0);
    }

    #[test]
    fn confidence_needs_closeness() {
        let fusion = Fusion::default();
        assert!(fusion.confident(true, fusion.sure_with_words));
        assert!(!fusion.confident(true, fusion.sure_with_words - 0.01));
        assert!(fusion.confident(false, fusion.sure));
        assert!(!fusion.confident(false, fusion.sure - 0.01));
    }
}
