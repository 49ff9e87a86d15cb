//! The clauses a query is assembled from: one `Should` group per query
//! word (see [`super::query`] for the boosts), phrases over the prose
//! fields, and the synonyms of the phrases of the synonym list that were
//! typed.

use std::collections::BTreeMap;

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::index::Fields;
use super::query::{Context, Matching, ParsedQuery, QueryWord};
use crate::nl::analysis::{folded_words, stem_word};

/// Prefix and typo matching start at this many letters.
const MIN_FUZZY_CHARS: usize = 5;
/// From this many letters two typos are allowed.
const TWO_TYPOS_CHARS: usize = 10;

pub(super) fn term(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let q = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    Box::new(BoostQuery::new(Box::new(q), boost))
}

pub(super) fn any_of(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

/// A phrase over consecutive or position-gapped terms in one field; a single
/// term becomes a term query.
fn phrase(field: Field, terms: &[(usize, String)], boost: f32) -> Option<Box<dyn Query>> {
    match terms {
        [] => None,
        [(_, one)] => Some(term(field, one, boost)),
        [(first, _), ..] => {
            let with_offsets = terms
                .iter()
                .map(|(pos, t)| (pos - first, Term::from_field_text(field, t)))
                .collect();
            let q = PhraseQuery::new_with_offset(with_offsets);
            Some(Box::new(BoostQuery::new(Box::new(q), boost)))
        }
    }
}

/// Exact matches of one stem in the prose fields, weighted by field.
pub(super) fn exact_clauses(f: &Fields, stem: &str, scale: f32) -> Vec<Box<dyn Query>> {
    vec![
        term(f.title, stem, 3.0 * scale),
        term(f.headings, stem, 2.0 * scale),
        term(f.description, stem, 1.5 * scale),
        term(f.body, stem, scale),
        term(f.slug, stem, scale),
        term(f.service, stem, 0.5 * scale),
    ]
}

pub(super) fn phrase_clauses(
    f: &Fields,
    terms: &[(usize, String)],
    scale: f32,
) -> Vec<Box<dyn Query>> {
    [
        (f.title, 3.0),
        (f.headings, 2.0),
        (f.description, 1.5),
        (f.body, 1.0),
    ]
    .into_iter()
    .filter_map(|(field, boost)| phrase(field, terms, boost * scale))
    .collect()
}

pub(super) fn word_clause(
    ctx: &Context<'_>,
    word: &QueryWord,
    matching: Matching,
    highlight: &mut BTreeMap<String, f32>,
) -> Box<dyn Query> {
    let f = ctx.fields;
    let mut clauses = exact_clauses(f, &word.stem, 1.0);
    highlight.insert(word.stem.clone(), 1.0);
    clauses.push(term(f.parts, &word.stem, 0.6));
    let letters = word.folded.chars().count();
    if matching.decompound {
        if let Some((modifier, head)) = ctx.compounds.halves(&word.folded) {
            let each: Vec<(Occur, Box<dyn Query>)> = [modifier, head]
                .iter()
                .filter_map(|p| stem_word(p))
                .map(|s| {
                    highlight.insert(s.clone(), 0.5);
                    let q = any_of(vec![
                        term(f.body, &s, 1.0),
                        term(f.title, &s, 2.0),
                        term(f.parts, &s, 0.8),
                    ]);
                    (Occur::Must, q)
                })
                .collect();
            clauses.push(Box::new(BoostQuery::new(
                Box::new(BooleanQuery::new(each)),
                0.5,
            )));
        }
        if let Some(key) = ctx.compounds.key(&word.folded).and_then(|k| stem_word(&k)) {
            clauses.push(term(f.parts, &key, 2.0));
        }
    }
    if letters >= MIN_FUZZY_CHARS {
        let folded = Term::from_field_text(f.words, &word.folded);
        if matching.prefix {
            let q = FuzzyTermQuery::new_prefix(folded.clone(), 0, false);
            clauses.push(Box::new(BoostQuery::new(Box::new(q), 0.4)));
        }
        // A word the articles use is taken as written: typo matching for
        // it would walk the whole term dictionary (the costliest part of a
        // search) to add near spellings that rank below it anyway.
        if matching.fuzzy && !ctx.vocabulary.contains_key(&word.folded) {
            let distance = if letters >= TWO_TYPOS_CHARS { 2 } else { 1 };
            let q = FuzzyTermQuery::new(folded, distance, true);
            clauses.push(Box::new(BoostQuery::new(Box::new(q), 0.3)));
        }
    }
    if matching.fuzzy
        && let Some(stem) = ctx.corrections.get(&word.folded).and_then(|c| stem_word(c))
    {
        clauses.extend(exact_clauses(f, &stem, 0.5));
        highlight.insert(stem, 0.5);
    }
    if matching.synonyms {
        for alternative in ctx.synonyms.alternatives(&word.stem) {
            let positioned: Vec<(usize, String)> =
                alternative.iter().cloned().enumerate().collect();
            for (_, t) in &positioned {
                highlight.entry(t.clone()).or_insert(0.7);
            }
            clauses.extend(phrase_clauses(f, &positioned, 0.7));
        }
    }
    any_of(clauses)
}

/// Positions of the query words a typed phrase covers, and a clause per
/// synonym that may stand in for it.
pub(super) type PhraseAlternatives = (Vec<usize>, Vec<Box<dyn Query>>);

/// Weight of a synonym standing in for a typed phrase: below a one-word
/// synonym's, since the typed words themselves may name the thing exactly
/// (`outlook.com` should not drift to `hotmail`).
const PHRASE_SYNONYM_BOOST: f32 = 0.4;

/// Phrases of the synonym list in the typed words (`geld terug`): for each,
/// the positions in `words` of the content words it covers and a clause per
/// other member of its group (`terugbetaling`, `restitutie`).
pub(super) fn phrase_synonyms(
    parsed: &ParsedQuery,
    words: &[QueryWord],
    ctx: &Context<'_>,
    highlight: &mut BTreeMap<String, f32>,
) -> Vec<PhraseAlternatives> {
    let typed: Vec<String> = parsed.words.iter().flat_map(|w| folded_words(w)).collect();
    let typed: Vec<&str> = typed.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    for found in ctx.synonyms.phrases_in(&typed) {
        let covered: Vec<usize> = typed
            .iter()
            .skip(found.start)
            .take(found.len)
            .filter_map(|t| words.iter().position(|w| w.folded == *t))
            .collect();
        let mut clauses = Vec::new();
        for member in found.alternatives {
            let positioned: Vec<(usize, String)> = member.iter().cloned().enumerate().collect();
            for (_, t) in &positioned {
                highlight.entry(t.clone()).or_insert(0.7);
            }
            clauses.extend(phrase_clauses(
                ctx.fields,
                &positioned,
                PHRASE_SYNONYM_BOOST,
            ));
        }
        if !covered.is_empty() && !clauses.is_empty() {
            out.push((covered, clauses));
        }
    }
    out
}
