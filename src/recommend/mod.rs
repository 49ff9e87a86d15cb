//! Recommended steps: match a customer's free-text Dutch description of a
//! problem to the article that solves it.
//!
//! A [`Recommender`] is built once per library load from the articles (or
//! updated from the previous load's, `update`) and never changes (`build`: the BM25F index over title, headings, file-name
//! words, description and body; `words`: what the matcher knows of the
//! corpus's words, from the Dutch language layer [`crate::nl`]).
//! [`Recommender::recommend`] is a pipeline of stages, each a module with
//! named inputs and outputs:
//!
//! 1. `query`: the description → weighted terms ([`crate::nl::STEPS`]).
//! 2. `candidates`: BM25F over every article → the best candidates (with
//!    the articles nearest in meaning added).
//! 3. `audience`: each candidate's factor for the product and platform the
//!    description names.
//! 4. `score`: the fused score (coverage of the description, audience,
//!    latent topics, meaning) → the candidates reordered.
//! 5. `matches`: near-duplicates of a better match left out.
//! 6. `confidence`: whether the first match is sure enough to be shown as
//!    the solution.
//!
//! [`Mode::Baseline`] is plain BM25 over title and body (stages 1, 2, 5
//! and 6), kept for comparison figures; [`Mode::Meaning`] ranks by meaning
//! alone.
//!
//! 7. `examples`: descriptions support staff confirmed decide close
//!    descriptions ([`Recommender::recommend_taught`]); `taught` keeps
//!    every replica's examples current from the database.

mod answer;
mod audience;
mod blocks;
mod build;
mod candidates;
mod confidence;
mod counts;
pub mod dump;
pub mod examples;
pub mod fusion;
pub mod highlight;
mod index;
mod lsa;
mod matches;
mod names;
mod query;
pub mod rules;
mod score;
pub mod taught;
mod update;
mod words;

use std::sync::Arc;

use rayon::prelude::*;

use crate::content::Article;
use crate::nl::analysis;
use crate::nl::spelling::Spelling;
use crate::nl::synonyms::Synonyms;
/// Cutting a description to [`MAX_PROBLEM_BYTES`] (kept here for the
/// callers that cut descriptions too).
pub use crate::nl::truncate;

pub use answer::{Match, Mode, Recommendation};
use audience::Audience;
use blocks::Blocks;
use candidates::{CANDIDATES, Candidates};
use confidence::{Confidence, Evidence};
pub use fusion::{Fusion, Meaning};
use index::Bm25f;
use query::Query;
pub use rules::Rules;
use score::{LATENT_WEIGHT, Scoring};
pub use update::MAX_UPDATES;
use update::Parts;

/// The longest description (in bytes) that is analysed; the rest is ignored.
pub const MAX_PROBLEM_BYTES: usize = 4000;

/// Normalised titles per shared block (see [`blocks`]).
const TITLES_PER_BLOCK: usize = 256;

/// The scorer used for descriptions.
const BLEND: Bm25f = Bm25f {
    k1: 2.0,
    weight: [3.0, 1.0, 2.0, 2.0, 1.0],
    b: [0.5, 0.5, 0.3, 0.5, 0.75],
};

/// Everything matching needs, built once per library load (or updated
/// from the previous load's, see [`Recommender::update`]).
pub struct Recommender {
    /// The words, indexes, latent topics (for reordering candidates),
    /// normalised titles (for near-duplicate grouping) and audiences.
    parts: Parts,
    /// How words and meaning are fused.
    fusion: Fusion,
}

impl std::fmt::Debug for Recommender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recommender")
            .field("articles", &self.parts.index.doc_count())
            .field("words", &self.parts.words.len())
            .finish()
    }
}

impl Recommender {
    /// Builds the matcher over `articles` (indices stay the library's). It
    /// repairs typos once given the search index's typo dictionary
    /// ([`Recommender::with_spelling`]), which is made beside it.
    pub fn build(articles: &[Article], synonyms: Synonyms) -> Recommender {
        Recommender::build_with(articles, synonyms, Rules::default())
    }

    /// Like [`Recommender::build`] with some word rules switched off (for
    /// measuring what each adds).
    pub fn build_with(articles: &[Article], synonyms: Synonyms, rules: Rules) -> Recommender {
        let built = build::build(articles, synonyms, rules);
        let lsa = lsa::Lsa::build(&built.index, &BLEND);
        let titles = articles
            .par_iter()
            .map(|a| matches::normalise_title(&a.source_title))
            .collect();
        let titles = Blocks::new(titles, TITLES_PER_BLOCK);
        let audiences = articles.par_iter().map(Audience::of_article).collect();
        let parts = Parts {
            titles,
            audiences,
            lsa,
            words: built.words,
            counts: built.counts,
            index: built.index,
            plain: built.plain,
            updates: 0,
            folded: 0,
        };
        Recommender {
            parts,
            fusion: Fusion::default(),
        }
    }

    /// The recommender of `articles` made from this one, built over
    /// `previous` (see `update`: the changed articles' postings replaced,
    /// the words kept current, the changed articles folded into the latent
    /// space); `None` when it must be built from scratch. It keeps this
    /// one's typo dictionary until given the new index's.
    pub fn update(
        &self,
        previous: &[Article],
        articles: &[Article],
        synonyms: Synonyms,
    ) -> Option<Recommender> {
        let parts = (self.parts).update((previous, articles), synonyms, &BLEND)?;
        Some(Recommender {
            parts,
            fusion: self.fusion,
        })
    }

    /// This recommender repairing descriptions' typos with `spelling`
    /// (the search index's, made beside it).
    pub fn with_spelling(mut self, spelling: Arc<Spelling>) -> Recommender {
        self.parts.words.set_spelling(spelling);
        self
    }

    /// How many updates were made since the last full build (0 after one).
    pub fn updates(&self) -> usize {
        self.parts.updates
    }

    /// How many articles were folded into the latent space since the last
    /// full build (the latent space is a full build's while this is 0).
    pub fn folded(&self) -> usize {
        self.parts.folded
    }

    /// The best matches for a description, with the full matcher and
    /// meaning when `meaning` is given.
    pub fn recommend(
        &self,
        problem: &str,
        limit: usize,
        meaning: Option<Meaning<'_>>,
    ) -> Recommendation {
        self.recommend_with(problem, limit, Mode::Blend, meaning)
    }

    /// The best matches for a description in a given mode. `meaning` is
    /// used by [`Mode::Blend`] (fused with words) and [`Mode::Meaning`]
    /// (alone); the other modes ignore it.
    pub fn recommend_with(
        &self,
        problem: &str,
        limit: usize,
        mode: Mode,
        meaning: Option<Meaning<'_>>,
    ) -> Recommendation {
        self.recommend_fused(problem, limit, mode, meaning, &self.fusion)
    }

    /// Like [`Recommender::recommend_with`] with other fusion weights (for
    /// fitting them). The pipeline of the module docs, stage by stage.
    pub fn recommend_fused(
        &self,
        problem: &str,
        limit: usize,
        mode: Mode,
        meaning: Option<Meaning<'_>>,
        fusion: &Fusion,
    ) -> Recommendation {
        let problem = truncate(problem, MAX_PROBLEM_BYTES);
        let words = analysis::words(problem);
        let (index, params) = match mode {
            Mode::Baseline => (&self.parts.plain, &Bm25f::PLAIN),
            _ => (&self.parts.index, &BLEND),
        };
        let meaning = meaning.filter(|_| matches!(mode, Mode::Blend | Mode::Meaning));
        let query = Query::build(&self.parts.words, index, problem, &words, mode);
        if limit == 0
            || (query.is_empty() && meaning.is_none())
            || mode == Mode::Meaning && meaning.is_none()
        {
            return Recommendation::default();
        }
        let nearest = meaning
            .filter(|_| mode == Mode::Blend)
            .map(|m| (m, fusion.candidates));
        let candidates = candidates::gather(index, params, &query, nearest);
        let ranked = match (mode, meaning) {
            (Mode::Blend, _) => self.rerank(candidates, &query, &words, meaning, fusion),
            (Mode::Meaning, Some(meaning)) => meaning.articles.nearest(meaning.query, CANDIDATES),
            _ => candidates.ranked,
        };
        let distinct = mode != Mode::Baseline;
        let matches = matches::pick(
            ranked,
            limit,
            distinct.then_some(&self.parts.titles),
            |doc| query.spans_in(index, doc),
        );
        let evidence = self.evidence((problem, &words, &query), mode, meaning, fusion);
        let Confidence {
            confident,
            confidence,
        } = confidence::judge(&matches, &evidence);
        Recommendation {
            confident,
            confidence,
            matches,
        }
    }

    /// What the confidence stage reads about a description (as analysed:
    /// the text, its words and its query) in `mode`.
    fn evidence<'a>(
        &'a self,
        (problem, words, query): (&'a str, &'a [analysis::Word], &'a Query),
        mode: Mode,
        meaning: Option<Meaning<'a>>,
        fusion: &'a Fusion,
    ) -> Evidence<'a> {
        Evidence {
            problem,
            words,
            query,
            index: match mode {
                Mode::Baseline => &self.parts.plain,
                _ => &self.parts.index,
            },
            known: &self.parts.words,
            mode,
            meaning,
            fusion,
        }
    }

    /// The audience and fused-score stages of the full matcher.
    fn rerank(
        &self,
        candidates: Candidates,
        query: &Query,
        words: &[analysis::Word],
        meaning: Option<Meaning<'_>>,
        fusion: &Fusion,
    ) -> Vec<(usize, f32)> {
        let fits = self.fits(&candidates, words);
        let scoring = self.scoring(query, &fits, meaning, fusion);
        score::fused(candidates, &scoring)
    }

    /// Each candidate's audience factor (1 when the rule is off).
    fn fits(&self, candidates: &Candidates, words: &[analysis::Word]) -> Vec<f32> {
        if self.parts.words.rules().audience {
            let wanted = Audience::of_description(words);
            audience::fits(&self.parts.audiences, &candidates.ranked, wanted)
        } else {
            vec![1.0; candidates.ranked.len()]
        }
    }

    /// What the fused-score stage reads.
    fn scoring<'a>(
        &'a self,
        query: &'a Query,
        fits: &'a [f32],
        meaning: Option<Meaning<'a>>,
        fusion: &'a Fusion,
    ) -> Scoring<'a> {
        let latent = self.parts.words.rules().latent;
        Scoring {
            index: &self.parts.index,
            query,
            lsa: &self.parts.lsa,
            latent_weight: if latent { LATENT_WEIGHT } else { 0.0 },
            fits,
            meaning,
            fusion,
        }
    }

    /// The word rules in use.
    pub fn rules(&self) -> Rules {
        self.parts.words.rules()
    }

    /// The fusion weights in use.
    pub fn fusion(&self) -> Fusion {
        self.fusion
    }
}
