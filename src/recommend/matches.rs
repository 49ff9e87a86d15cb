//! The matches shown: the ranked candidates, best first, without the
//! near-duplicates of a better match (articles with the same title, of
//! which the corpus holds several copies), each with the description's
//! words it matched.

use super::answer::Match;
use super::blocks::Blocks;
use crate::content::ArticleIx;

/// Up to `limit` matches from `ranked` (article, score), best first. With
/// `titles` (each article's [`normalise_title`]), an article whose title
/// equals a better match's is left out. `spans` gives the description's
/// words an article matched.
pub fn pick(
    ranked: Vec<(usize, f32)>,
    limit: usize,
    titles: Option<&Blocks<String>>,
    spans: impl Fn(usize) -> Vec<(usize, usize)>,
) -> Vec<Match> {
    let mut matches: Vec<Match> = Vec::new();
    for (doc, score) in ranked {
        if matches.len() >= limit {
            break;
        }
        if let Some(titles) = titles
            && matches
                .iter()
                .any(|m| titles.get(m.article.get()) == titles.get(doc))
        {
            continue;
        }
        matches.push(Match {
            article: ArticleIx::new(doc),
            score,
            spans: spans(doc),
        });
    }
    matches
}

/// A title reduced to its lowercase letters and digits.
pub fn normalise_title(title: &str) -> String {
    title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
