//! Recommended steps: match a customer's free-text Dutch description of a
//! problem to the article that solves it.
//!
//! A [`Recommender`] is built once per library load from the articles and
//! never changes. [`Recommender::recommend`] analyses the description
//! (Dutch stems, filler words dropped, compounds split), scores every article
//! with BM25F over title, headings, file-name words, description and body,
//! reorders the best candidates (by coverage of the description, latent
//! topics and whether the article is for the product and platform the
//! description names), groups near-duplicates so alternatives
//! differ, and says whether the first match is confident enough to be shown
//! as the solution. [`Mode::Baseline`] is plain BM25 over title and body,
//! kept for comparison figures.
//!
//! After these, the examples stage (`examples`) lets descriptions support
//! staff confirmed decide close descriptions
//! ([`Recommender::recommend_taught`]); `taught` keeps every replica's
//! examples current from the database.

mod analysis;
mod audience;
mod compound;
mod conjugation;
pub mod eval;
pub mod examples;
mod filler;
pub mod fusion;
pub mod highlight;
mod index;
mod lsa;
mod names;
mod platform;
mod product;
mod query;
pub mod rules;
mod separable;
pub mod taught;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::content::Article;
use crate::search::spelling::Spelling;
use crate::search::synonyms::Synonyms;

use analysis::{Analyzer, StemCache, Word, slug_text};
use audience::Audience;
use compound::Splitter;
pub use fusion::{Fusion, Meaning};
use index::{Bm25f, DocTerms, FIELDS, Field, Index};
use query::Query;
pub use rules::Rules;

/// The longest description (in bytes) that is analysed; the rest is ignored.
pub const MAX_PROBLEM_BYTES: usize = 4000;

/// Weight of a compound part relative to a whole word.
const PART_WEIGHT: f32 = 0.5;
/// Weight of a synonym of a description's word.
const SYNONYM_WEIGHT: f32 = 0.7;

/// The scorer used for descriptions.
const BLEND: Bm25f = Bm25f {
    k1: 2.0,
    weight: [3.0, 1.0, 2.0, 2.0, 1.0],
    b: [0.5, 0.5, 0.3, 0.5, 0.75],
};

/// How many first-stage candidates are reordered.
const CANDIDATES: usize = 50;
/// Reordering multiplies the first-stage score by this plus the share of
/// the description's weight the article covers.
const COVERAGE_FLOOR: f32 = 0.75;
/// Reordering adds this times the latent similarity of description and
/// article to the (normalised) lexical score.
const LATENT_WEIGHT: f32 = 1.0;
/// The least coverage of the first match that counts as confident when
/// the articles know every content word of the description.
const CONFIDENT: f32 = 0.15;
/// The least coverage when the description names something (a brand, a
/// service) that the first match never mentions.
const CONFIDENT_WITH_FOREIGN_NAME: f32 = 0.45;
/// The least coverage when the description names something no article
/// mentions (a brand, a service, a word of another domain): then the
/// question is often not about anything the portal covers.
const CONFIDENT_WITH_UNKNOWN: f32 = 0.33;

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
    /// Index into [`crate::library::Library::articles`].
    pub article: usize,
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

/// Everything matching needs, built once per library load.
pub struct Recommender {
    analyzer: Analyzer,
    /// Folded word → stem, for every word of the corpus.
    stems: HashMap<String, String>,
    /// Verb forms of the corpus → their infinitive's stem (`werkt` → `werk`).
    verbs: HashMap<String, String>,
    splitter: Splitter,
    /// The search index's typo dictionary, for repairing descriptions.
    spelling: Arc<Spelling>,
    index: Index,
    /// Latent topics of the corpus, for reordering candidates.
    lsa: lsa::Lsa,
    /// Stemmed, unsplit title+body index for the baseline.
    plain: Index,
    /// Normalised article titles, for near-duplicate grouping.
    titles: Vec<String>,
    /// The search synonym groups: customers' words → the articles' words.
    synonyms: Synonyms,
    /// Per article, the product and platform it is written for.
    audiences: Vec<Audience>,
    /// How words and meaning are fused.
    fusion: Fusion,
    /// Which word rules take part.
    rules: Rules,
}

impl std::fmt::Debug for Recommender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recommender")
            .field("articles", &self.index.doc_count())
            .field("words", &self.stems.len())
            .finish()
    }
}

/// An article's fields as words, before indexing.
struct FieldWords {
    fields: [Vec<String>; FIELDS],
}

impl Recommender {
    /// Builds the matcher over `articles` (indices stay the library's).
    pub fn build(articles: &[Article], synonyms: Synonyms, spelling: Arc<Spelling>) -> Recommender {
        Recommender::build_with(articles, synonyms, spelling, Rules::default())
    }

    /// Like [`Recommender::build`] with some word rules switched off (for
    /// measuring what each adds).
    pub fn build_with(
        articles: &[Article],
        synonyms: Synonyms,
        spelling: Arc<Spelling>,
        rules: Rules,
    ) -> Recommender {
        let analyzer = Analyzer::new();
        let docs: Vec<FieldWords> = articles.iter().map(|a| field_words(&analyzer, a)).collect();
        let mut doc_freq: HashMap<&str, usize> = HashMap::new();
        for doc in &docs {
            let distinct: HashSet<&str> = doc.fields.iter().flatten().map(String::as_str).collect();
            for word in distinct {
                *doc_freq.entry(word).or_default() += 1;
            }
        }
        let mut stop = HashSet::new();
        let mut cache = StemCache::default();
        for word in doc_freq.keys() {
            if analyzer.is_stop_word(word) {
                stop.insert((*word).to_owned());
            } else {
                cache.stem(&analyzer, word);
            }
        }
        let known = doc_freq
            .iter()
            .filter(|(w, df)| **df >= 2 && w.len() >= 3 && !stop.contains(**w))
            .map(|(w, _)| (*w).to_owned())
            .collect();
        let splitter = Splitter::new(known);
        let mut splits: HashMap<&str, Vec<String>> = HashMap::new();
        for word in doc_freq.keys() {
            let parts = splitter.split(word);
            if !parts.is_empty() {
                let stems = parts.iter().map(|p| cache.stem(&analyzer, p)).collect();
                splits.insert(word, stems);
            }
        }
        let stems = cache.into_map();
        // A verb form takes the stem of its infinitive when the corpus or
        // the synonym list has that (`werkt` and `werken` → `werk`); not in
        // the plain baseline, and not when the form's own stem is in the
        // synonym list (its group would lose it).
        let verbs: HashMap<String, String> = stems
            .iter()
            .filter(|_| rules.conjugation)
            .filter(|(_, stem)| !synonyms.knows(stem))
            .filter_map(|(word, _)| {
                let stem = conjugation::infinitives(word).into_iter().find_map(|inf| {
                    stems.get(&inf).cloned().or_else(|| {
                        let stem = analyzer.stem(&inf);
                        synonyms.knows(&stem).then_some(stem)
                    })
                })?;
                Some((word.clone(), stem))
            })
            .collect();
        let mut index = Index::default();
        let mut plain = Index::default();
        for doc in &docs {
            let mut terms = DocTerms::default();
            let mut plain_terms = DocTerms::default();
            for field in Field::ALL {
                for word in &doc.fields[field.index()] {
                    terms.grow(field);
                    if matches!(field, Field::Title | Field::Body) {
                        plain_terms.grow(field);
                    }
                    let Some(stem) = stems.get(word) else {
                        continue;
                    };
                    terms.add(field, verbs.get(word).unwrap_or(stem), 1.0);
                    if matches!(field, Field::Title | Field::Body) {
                        plain_terms.add(field, stem, 1.0);
                    }
                    for part in splits.get(word.as_str()).into_iter().flatten() {
                        terms.add(field, part, PART_WEIGHT);
                    }
                }
            }
            index.push(terms);
            plain.push(plain_terms);
        }
        index.finish();
        plain.finish();
        let titles = articles
            .iter()
            .map(|a| normalise_title(&a.source_title))
            .collect();
        let lsa = lsa::Lsa::build(&index, &BLEND);
        let audiences = articles.iter().map(Audience::of_article).collect();
        Recommender {
            analyzer,
            stems,
            verbs,
            splitter,
            spelling,
            index,
            lsa,
            plain,
            titles,
            synonyms,
            audiences,
            fusion: Fusion::default(),
            rules,
        }
    }

    /// The best matches for a description, with the full matcher and
    /// meaning when `meaning` is given.
    pub fn recommend(
        &self,
        problem: &str,
        limit: usize,
        meaning: Option<Meaning>,
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
        meaning: Option<Meaning>,
    ) -> Recommendation {
        self.recommend_fused(problem, limit, mode, meaning, &self.fusion)
    }

    /// Like [`Recommender::recommend_with`] with other fusion weights (for
    /// fitting them).
    pub fn recommend_fused(
        &self,
        problem: &str,
        limit: usize,
        mode: Mode,
        meaning: Option<Meaning>,
        fusion: &Fusion,
    ) -> Recommendation {
        let problem = truncate(problem, MAX_PROBLEM_BYTES);
        let words = self.analyzer.words(problem);
        let (index, params) = match mode {
            Mode::Baseline => (&self.plain, &Bm25f::PLAIN),
            _ => (&self.index, &BLEND),
        };
        let meaning = meaning.filter(|_| matches!(mode, Mode::Blend | Mode::Meaning));
        let query = Query::build(self, index, problem, &words, mode);
        if limit == 0
            || (query.is_empty() && meaning.is_none())
            || mode == Mode::Meaning && meaning.is_none()
        {
            return Recommendation::default();
        }
        let mut scores = vec![0.0f32; index.doc_count()];
        for term in &query.terms {
            index.score_term(params, term.term, term.weight, &mut scores);
        }
        let mut ranked = top(&scores, CANDIDATES);
        if mode == Mode::Blend {
            let latent = self
                .lsa
                .embed(index, query.terms.iter().map(|t| (t.term, t.weight)));
            if let Some(meaning) = meaning {
                add_nearest(&mut ranked, meaning, fusion.candidates);
            }
            // Lexical evidence relative to the best candidate, plus the
            // latent similarity (a cosine, so on a comparable scale).
            let best = ranked
                .iter()
                .map(|r| scores[r.0])
                .fold(f32::EPSILON, f32::max);
            let wanted = Audience::of_description(&words);
            let latent_weight = if self.rules.latent {
                LATENT_WEIGHT
            } else {
                0.0
            };
            for (doc, score) in &mut ranked {
                let fit = if self.rules.audience {
                    audience::fit(
                        self.audiences.get(*doc).copied().unwrap_or_default(),
                        wanted,
                    )
                } else {
                    1.0
                };
                let lexical =
                    scores[*doc] / best * (COVERAGE_FLOOR + query.coverage(index, *doc)) * fit;
                *score = (lexical + latent_weight * self.lsa.similarity(&latent, *doc)).max(0.0);
            }
            ranked = match meaning {
                Some(meaning) => fusion.rank(&ranked, meaning),
                None => {
                    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                    ranked
                }
            };
        }
        if let (Mode::Meaning, Some(meaning)) = (mode, meaning) {
            ranked = meaning.articles.nearest(meaning.query, CANDIDATES);
        }
        let mut matches: Vec<Match> = Vec::new();
        for (doc, score) in ranked {
            if matches.len() >= limit {
                break;
            }
            if mode != Mode::Baseline
                && matches
                    .iter()
                    .any(|m| self.titles.get(m.article) == self.titles.get(doc))
            {
                continue;
            }
            matches.push(Match {
                article: doc,
                score,
                spans: query.spans_in(index, doc),
            });
        }
        let coverage = matches
            .first()
            .map_or(0.0, |m| query.coverage(index, m.article));
        let foreign = mode != Mode::Baseline
            && self.rules.names
            && matches
                .first()
                .is_some_and(|m| self.names_unmentioned(problem, &words, m.article));
        let words_confident = !query.is_empty() && coverage >= confidence_bar(&query, foreign);
        let cosine = meaning
            .zip(matches.first())
            .map(|(meaning, m)| meaning.articles.similarity(meaning.query, m.article));
        let (confident, confidence) = match (mode, cosine) {
            (Mode::Meaning, Some(cosine)) => (cosine >= fusion.sure, cosine),
            (Mode::Blend, Some(cosine)) => (fusion.confident(words_confident, cosine), cosine),
            _ => (words_confident, coverage),
        };
        Recommendation {
            confident,
            confidence,
            matches,
        }
    }

    /// The word rules in use.
    pub fn rules(&self) -> Rules {
        self.rules
    }

    /// The fusion weights in use.
    pub fn fusion(&self) -> Fusion {
        self.fusion
    }

    /// Whether the description (`problem`, analysed as `words`) names
    /// something (a brand, a service) that article `doc` never mentions and
    /// the portal does not cover.
    fn names_unmentioned(&self, problem: &str, words: &[Word], doc: usize) -> bool {
        let doc = u32::try_from(doc).unwrap_or(u32::MAX);
        names::in_text(problem, words).into_iter().any(|name| {
            !product::is_product(name)
                && self
                    .index
                    .term(&self.stem_of(name))
                    .is_none_or(|term| self.index.posting(term, doc).is_none())
        })
    }

    /// The stem a description's word is matched by: its infinitive's for a
    /// verb form.
    fn stem_of(&self, folded: &str) -> String {
        if let Some(stem) = self.verbs.get(folded).or_else(|| self.stems.get(folded)) {
            return stem.clone();
        }
        // A form the corpus lacks: its own stem when other forms of it are
        // known (`geweigerd` from `geweigerde`), else its infinitive's.
        let own = self.analyzer.stem(folded);
        if !self.rules.conjugation || self.index.term(&own).is_some() || self.synonyms.knows(&own) {
            return own;
        }
        conjugation::infinitives(folded)
            .into_iter()
            .find_map(|inf| self.stems.get(&inf).cloned())
            .unwrap_or(own)
    }

    /// The plain Snowball stem, for the baseline.
    fn plain_stem_of(&self, folded: &str) -> String {
        self.stems
            .get(folded)
            .cloned()
            .unwrap_or_else(|| self.analyzer.stem(folded))
    }
}

/// The coverage the first match needs to be presented as the solution.
fn confidence_bar(query: &Query, foreign: bool) -> f32 {
    if foreign {
        CONFIDENT_WITH_FOREIGN_NAME
    } else if query.unknown > 0 {
        CONFIDENT_WITH_UNKNOWN
    } else {
        CONFIDENT
    }
}

/// Adds the `n` articles nearest in meaning that are not candidates yet.
fn add_nearest(ranked: &mut Vec<(usize, f32)>, meaning: Meaning, n: usize) {
    let known: HashSet<usize> = ranked.iter().map(|r| r.0).collect();
    ranked.extend(
        meaning
            .articles
            .nearest(meaning.query, n)
            .into_iter()
            .filter(|(doc, _)| !known.contains(doc))
            .map(|(doc, _)| (doc, 0.0)),
    );
}

/// The `n` best-scoring articles, best first (ties by index).
fn top(scores: &[f32], n: usize) -> Vec<(usize, f32)> {
    let mut ranked: Vec<(usize, f32)> = scores
        .iter()
        .enumerate()
        .filter(|(_, s)| **s > 0.0)
        .map(|(i, s)| (i, *s))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(n);
    ranked
}

/// Cuts `text` to at most `max` bytes on a character boundary.
pub fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn normalise_title(title: &str) -> String {
    title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn field_words(analyzer: &Analyzer, article: &Article) -> FieldWords {
    let folded = |text: &str| -> Vec<String> {
        analyzer
            .words(text)
            .into_iter()
            .map(|w: Word| w.folded)
            .collect()
    };
    let mut headings = folded(&article.headings.join(" \n "));
    for anchor in &article.anchors {
        headings.extend(folded(&slug_text(anchor)));
    }
    FieldWords {
        fields: [
            folded(&article.source_title),
            headings,
            folded(&slug_text(article.slug())),
            folded(&article.description),
            folded(&article.text),
        ],
    }
}
