//! What recommended steps answer: the ranking asked for ([`Mode`]) and the
//! matches with the judgement on the first ([`Recommendation`]).

use crate::content::ArticleIx;

/// Which ranking to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The full matcher: words, fused with meaning when it is given.
    #[default]
    Blend,
    /// Meaning alone: the nearest articles by the encoder's vectors.
    Meaning,
    /// Plain BM25 over title and body (for comparison figures).
    Baseline,
}

/// One matching article.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The article in the library's list (the order they were built from).
    pub article: ArticleIx,
    pub score: f32,
    /// Byte spans of the description's words that made it match.
    pub spans: Vec<(usize, usize)>,
}

/// The answer for one description.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recommendation {
    /// Whether the first match should be presented as the solution.
    pub confident: bool,
    /// How sure the first match is, from 0 to 1.
    pub confidence: f32,
    /// Best first; near-duplicates of a better match are left out.
    pub matches: Vec<Match>,
}
