//! The in-memory inverted index the recommender scores with: Dutch stems per
//! article field, BM25F over those fields, and per-article term vectors for
//! near-duplicate checks.

use std::sync::Arc;

// Keys are the articles' stems (from content authors, not requests), so a
// fast hasher without flood protection is fine here.
use rustc_hash::FxHashMap as HashMap;

/// The fields an article is indexed in, in [`Field::ALL`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    /// Section headings and their anchors.
    Headings,
    /// The English words of the file name.
    Name,
    Description,
    Body,
}

pub const FIELDS: usize = 5;

impl Field {
    pub const ALL: [Field; FIELDS] = [
        Field::Title,
        Field::Headings,
        Field::Name,
        Field::Description,
        Field::Body,
    ];

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Per-field weights and length normalisation of a BM25F scorer.
#[derive(Debug, Clone, Copy)]
pub struct Bm25f {
    pub k1: f32,
    pub weight: [f32; FIELDS],
    pub b: [f32; FIELDS],
}

impl Bm25f {
    /// Plain BM25 over title and body: the keyword baseline.
    pub const PLAIN: Bm25f = Bm25f {
        k1: 1.2,
        weight: [1.0, 0.0, 0.0, 0.0, 1.0],
        b: [0.75; FIELDS],
    };
}

/// How often a term occurs in each field of one article.
#[derive(Debug, Clone, Copy)]
pub struct Posting {
    pub doc: u32,
    /// Per field, the count in halves: a word counts 1, a compound part
    /// [`super::build::PART_WEIGHT`] (½), so every count is a whole number
    /// of halves, kept exactly in 16 bits (up to 32,767 occurrences of one
    /// term in one field of one article; more saturate). 16 bytes a
    /// posting instead of 24.
    halves: [u16; FIELDS],
}

impl Posting {
    fn new(doc: u32, tf: [f32; FIELDS]) -> Posting {
        // `as` saturates (and takes NaN to 0); rounding to the nearest half.
        Posting {
            doc,
            halves: tf.map(|t| (t * 2.0).round() as u16),
        }
    }

    /// The term's count per field (1 a word, ½ a compound part).
    pub fn tf(&self) -> [f32; FIELDS] {
        self.halves.map(|h| f32::from(h) * 0.5)
    }
}

/// Stems → postings, with field lengths; never changes once built (an
/// update makes a new index sharing the unchanged postings lists).
#[derive(Debug, Default, Clone)]
pub struct Index {
    terms: Arc<HashMap<String, u32>>,
    /// Per term id, its postings in article order (empty for a term no
    /// article holds any more after an update: such a term is not found).
    postings: Vec<Arc<Vec<Posting>>>,
    lengths: Vec<[f32; FIELDS]>,
    average: [f32; FIELDS],
}

/// Collects one article's terms before they go into the index.
#[derive(Debug, Default)]
pub struct DocTerms {
    counts: HashMap<String, [f32; FIELDS]>,
    length: [f32; FIELDS],
}

impl DocTerms {
    /// Counts `term` once in `field` with weight `amount` (1 for a word,
    /// less for a compound part).
    pub fn add(&mut self, field: Field, term: &str, amount: f32) {
        let i = field.index();
        match self.counts.get_mut(term) {
            Some(tf) => tf[i] += amount,
            None => {
                let mut tf = [0.0; FIELDS];
                tf[i] = amount;
                self.counts.insert(term.to_owned(), tf);
            }
        }
    }

    /// The distinct terms counted.
    pub fn terms(&self) -> impl Iterator<Item = &String> {
        self.counts.keys()
    }

    /// Counts one word of length towards `field`.
    pub fn grow(&mut self, field: Field) {
        self.length[field.index()] += 1.0;
    }
}

impl Index {
    /// Adds the next article (documents are numbered in insertion order).
    pub fn push(&mut self, doc: DocTerms) {
        let id = u32::try_from(self.lengths.len()).unwrap_or(u32::MAX);
        self.insert(id, doc.counts);
        self.lengths.push(doc.length);
    }

    /// Adds the postings of article `id`, each at its place in its list.
    /// New terms get their ids in alphabetical order within the article
    /// (not in the hash map's order, which differs between two maps), so
    /// two builds of the same articles number their terms alike and the
    /// latent space, summed in term order, comes out bit for bit.
    fn insert(&mut self, id: u32, counts: HashMap<String, [f32; FIELDS]>) {
        let terms = Arc::make_mut(&mut self.terms);
        let mut counts: Vec<(String, [f32; FIELDS])> = counts.into_iter().collect();
        counts.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (term, tf) in counts {
            let next = u32::try_from(self.postings.len()).unwrap_or(u32::MAX);
            let t = *terms.entry(term).or_insert(next);
            if t == next {
                self.postings.push(Arc::default());
            }
            if let Some(list) = self.postings.get_mut(t as usize) {
                let list = Arc::make_mut(list);
                let posting = Posting::new(id, tf);
                // A build adds articles in order: no search needed.
                if list.last().is_none_or(|p| p.doc < id) {
                    list.push(posting);
                } else {
                    let at = list.partition_point(|p| p.doc < id);
                    list.insert(at, posting);
                }
            }
        }
    }

    /// Replaces article `doc`'s postings: `old` is what it was indexed
    /// with, `new` what it is now. Call [`Index::finish`] afterwards.
    pub fn replace(&mut self, doc: u32, old: &DocTerms, new: DocTerms) {
        for term in old.counts.keys() {
            let Some(&t) = self.terms.get(term) else {
                continue;
            };
            if let Some(list) = self.postings.get_mut(t as usize) {
                Arc::make_mut(list).retain(|p| p.doc != doc);
            }
        }
        self.insert(doc, new.counts);
        if let Some(length) = self.lengths.get_mut(doc as usize) {
            *length = new.length;
        }
    }

    /// Computes average field lengths and gives back the postings lists'
    /// spare room; call once after the last push.
    pub fn finish(&mut self) {
        // Lists shared with the index an update was made from stay as they are.
        for list in self.postings.iter_mut().filter_map(Arc::get_mut) {
            list.shrink_to_fit();
        }
        let n = self.lengths.len().max(1) as f32;
        let mut sum = [0.0f32; FIELDS];
        for length in &self.lengths {
            for (s, l) in sum.iter_mut().zip(length) {
                *s += l;
            }
        }
        self.average = sum.map(|s| (s / n).max(1.0));
    }

    /// How many distinct terms the index holds (term ids are below this).
    pub fn term_count(&self) -> usize {
        self.postings.len()
    }

    pub fn doc_count(&self) -> usize {
        self.lengths.len()
    }

    /// An article's length in each field (0 for an unknown article).
    pub fn length(&self, doc: usize) -> [f32; FIELDS] {
        self.lengths.get(doc).copied().unwrap_or_default()
    }

    pub fn term(&self, stem: &str) -> Option<u32> {
        self.terms.get(stem).copied().filter(|&t| self.df(t) > 0)
    }

    pub fn postings(&self, term: u32) -> &[Posting] {
        self.postings
            .get(term as usize)
            .map_or(&[], |list| list.as_slice())
    }

    /// How many articles contain the term.
    pub fn df(&self, term: u32) -> usize {
        self.postings(term).len()
    }

    /// BM25 inverse document frequency.
    pub fn idf(&self, term: u32) -> f32 {
        let n = self.doc_count() as f32;
        let df = self.df(term) as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The idf of a term found in one article only.
    pub fn max_idf(&self) -> f32 {
        let n = self.doc_count() as f32;
        (1.0 + (n - 0.5) / 1.5).ln()
    }

    /// The BM25F pseudo term frequency of one posting.
    pub fn weighted_tf(&self, params: &Bm25f, posting: &Posting) -> f32 {
        let Some(length) = self.lengths.get(posting.doc as usize) else {
            return 0.0;
        };
        let mut total = 0.0;
        for (i, (&tf, &len)) in posting.tf().iter().zip(length).enumerate() {
            if tf > 0.0 && params.weight[i] > 0.0 {
                let norm = 1.0 - params.b[i] + params.b[i] * len / self.average[i];
                total += params.weight[i] * tf / norm.max(0.05);
            }
        }
        total
    }

    /// Adds `weight × idf × saturated tf` of `term` to every article's score.
    pub fn score_term(&self, params: &Bm25f, term: u32, weight: f32, scores: &mut [f32]) {
        let idf = self.idf(term);
        for posting in self.postings(term) {
            let tf = self.weighted_tf(params, posting);
            if tf > 0.0
                && let Some(score) = scores.get_mut(posting.doc as usize)
            {
                *score += weight * idf * tf / (params.k1 + tf);
            }
        }
    }

    /// The posting of `term` in `doc`, if the article contains it.
    pub fn posting(&self, term: u32, doc: u32) -> Option<&Posting> {
        let list = self.postings(term);
        list.binary_search_by_key(&doc, |p| p.doc)
            .ok()
            .and_then(|i| list.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(words: &[(&str, Field)]) -> DocTerms {
        let mut d = DocTerms::default();
        for (w, f) in words {
            d.add(*f, w, 1.0);
            d.grow(*f);
        }
        d
    }

    #[test]
    fn rare_terms_weigh_more_and_title_wins() {
        let mut index = Index::default();
        index.push(doc(&[("factur", Field::Title), ("betal", Field::Body)]));
        index.push(doc(&[("betal", Field::Title), ("factur", Field::Body)]));
        index.push(doc(&[("betal", Field::Body)]));
        index.finish();
        let params = Bm25f {
            k1: 1.2,
            weight: [3.0, 1.0, 1.0, 1.0, 1.0],
            b: [0.5; FIELDS],
        };
        let factur = index.term("factur").unwrap();
        let betal = index.term("betal").unwrap();
        assert!(index.idf(factur) > index.idf(betal));
        let mut scores = vec![0.0; 3];
        index.score_term(&params, factur, 1.0, &mut scores);
        assert!(scores[0] > scores[1]);
        assert_eq!(scores[2], 0.0);
        assert!(index.posting(betal, 2).is_some());
        assert!(index.posting(factur, 2).is_none());
    }

    #[test]
    fn counts_of_words_and_compound_parts_are_kept_exactly() {
        let mut terms = DocTerms::default();
        for amount in [1.0, 0.5, 1.0] {
            terms.add(Field::Body, "betal", amount);
        }
        terms.add(Field::Title, "betal", 0.5);
        let mut index = Index::default();
        index.push(terms);
        index.finish();
        let betal = index.term("betal").expect("indexed");
        let posting = index.posting(betal, 0).expect("posting");
        assert_eq!(posting.tf(), [0.5, 0.0, 0.0, 0.0, 2.5]);
        assert_eq!(std::mem::size_of::<Posting>(), 16);
    }

    #[test]
    fn two_builds_of_the_same_articles_number_their_terms_alike() {
        let words: Vec<String> = (0..200).map(|i| format!("woord{i}")).collect();
        let build = || {
            let mut index = Index::default();
            for chunk in words.chunks(50) {
                let pairs: Vec<(&str, Field)> =
                    chunk.iter().map(|w| (w.as_str(), Field::Body)).collect();
                index.push(doc(&pairs));
            }
            index.finish();
            words.iter().map(|w| index.term(w)).collect::<Vec<_>>()
        };
        let first = build();
        assert_eq!(first, build());
        // Within an article, terms are numbered alphabetically.
        assert_eq!(first.first().copied().flatten(), Some(0));
    }
}
