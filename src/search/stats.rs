//! BM25 statistics without the documents a reload deleted: tantivy keeps a
//! deleted document's terms and tokens in its statistics until segments
//! merge, so the statistics of every document deleted since the last full
//! build are kept here ([`Tombstones`]) and taken off again when a query is
//! scored ([`Stats`]): the scores of an updated index are a full build's.

use std::collections::{HashMap, HashSet};

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::{Field, Value};
use tantivy::tokenizer::{MAX_TOKEN_LEN, TokenStream};
use tantivy::{Index, Searcher, TantivyDocument, Term};

/// The statistics of the documents deleted since the last full build.
#[derive(Debug, Clone, Default)]
pub struct Tombstones {
    docs: u64,
    tokens: HashMap<Field, u64>,
    doc_freq: HashMap<Term, u64>,
}

impl Tombstones {
    /// Counts the deleted document `doc` (made as it was indexed).
    pub(super) fn bury(&mut self, index: &Index, doc: &TantivyDocument) -> tantivy::Result<()> {
        self.docs += 1;
        let mut seen: HashSet<Term> = HashSet::new();
        for (field, value) in doc.field_values() {
            let Some(text) = value.as_str() else {
                continue;
            };
            let mut analyzer = index.tokenizer_for_field(field)?;
            let mut stream = analyzer.token_stream(text);
            while let Some(token) = stream.next() {
                if token.text.len() > MAX_TOKEN_LEN {
                    continue;
                }
                *self.tokens.entry(field).or_default() += 1;
                seen.insert(Term::from_field_text(field, &token.text));
            }
        }
        for term in seen {
            *self.doc_freq.entry(term).or_default() += 1;
        }
        Ok(())
    }
}

/// BM25 statistics of a searcher without its deleted documents: those of a
/// full build over the same articles.
pub struct Stats<'a> {
    pub searcher: &'a Searcher,
    pub tombstones: &'a Tombstones,
}

impl Stats<'_> {
    /// How many live articles contain `term`.
    pub fn doc_freq(&self, term: &Term) -> u64 {
        let all = self.searcher.doc_freq(term).unwrap_or(0);
        all.saturating_sub(self.tombstones.doc_freq.get(term).copied().unwrap_or(0))
    }
}

impl Bm25StatisticsProvider for Stats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let all = self.searcher.total_num_tokens(field)?;
        let gone = self.tombstones.tokens.get(&field).copied().unwrap_or(0);
        Ok(all.saturating_sub(gone))
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        let all = Bm25StatisticsProvider::total_num_docs(self.searcher)?;
        Ok(all.saturating_sub(self.tombstones.docs))
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Ok(Stats::doc_freq(self, term))
    }
}
