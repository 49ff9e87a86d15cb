//! A parsed query assembled into a tantivy query ([`build`]) from its
//! clauses: one `Should` group per query word (see [`super::query`] for
//! the boosts), phrases over the prose fields, the synonyms of the phrases
//! of the synonym list that were typed, and the excluded words.

use std::collections::BTreeMap;

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::index::Fields;
use super::query::{BuiltQuery, Context, Matching, ParsedQuery, QueryWord, most_of, query_words};
use crate::nl::analysis::{dutch_terms, dutch_terms_with_positions, folded_words, stem_word};
use crate::nl::forms::number_forms;

/// Prefix and typo matching start at this many letters.
const MIN_FUZZY_CHARS: usize = 5;
/// From this many letters two typos are allowed.
const TWO_TYPOS_CHARS: usize = 10;

fn term(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let q = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    Box::new(BoostQuery::new(Box::new(q), boost))
}

fn any_of(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
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
fn exact_clauses(f: &Fields, stem: &str, scale: f32) -> Vec<Box<dyn Query>> {
    vec![
        term(f.title, stem, 3.0 * scale),
        term(f.headings, stem, 2.0 * scale),
        term(f.description, stem, 1.5 * scale),
        term(f.body, stem, scale),
        term(f.slug, stem, scale),
        term(f.service, stem, 0.5 * scale),
    ]
}

fn phrase_clauses(f: &Fields, terms: &[(usize, String)], scale: f32) -> Vec<Box<dyn Query>> {
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

/// Weight of a word's other number (`problemen` for `probleem`): nearly
/// the word itself.
const NUMBER_FORM_SCALE: f32 = 0.9;

/// Stems of the word's singular or plural spellings that the articles use
/// and the stemmer does not already join to the word's own stem.
pub(super) fn number_form_stems(ctx: &Context<'_>, word: &QueryWord) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for form in number_forms(&word.folded) {
        if !ctx.vocabulary.contains_key(&form) {
            continue;
        }
        if let Some(stem) = stem_word(&form)
            && stem != word.stem
            && !out.contains(&stem)
        {
            out.push(stem);
        }
    }
    out
}

fn word_clause(
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
    for stem in number_form_stems(ctx, word) {
        clauses.extend(exact_clauses(f, &stem, NUMBER_FORM_SCALE));
        highlight.entry(stem).or_insert(NUMBER_FORM_SCALE);
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

/// Positions of the query words a typed phrase covers, a clause per
/// synonym that may stand in for it, and the synonyms of one term.
type PhraseAlternatives = (Vec<usize>, Vec<Box<dyn Query>>, Vec<String>);

/// Weight of a synonym standing in for a typed phrase: below a one-word
/// synonym's, since the typed words themselves may name the thing exactly
/// (`outlook.com` should not drift to `hotmail`).
const PHRASE_SYNONYM_BOOST: f32 = 0.4;

/// Phrases of the synonym list in the typed words (`geld terug`): for each,
/// the positions in `words` of the content words it covers and a clause per
/// other member of its group (`terugbetaling`, `restitutie`).
fn phrase_synonyms(
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
        let mut singles = Vec::new();
        for member in found.alternatives {
            if let [one] = member {
                singles.push(one.clone());
            }
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
            out.push((covered, clauses, singles));
        }
    }
    out
}

/// Per query word, the stems that count as that word in a title.
fn title_terms(ctx: &Context<'_>, words: &[QueryWord], matching: Matching) -> Vec<Vec<String>> {
    words
        .iter()
        .map(|w| {
            let mut terms = vec![w.stem.clone()];
            terms.extend(number_form_stems(ctx, w));
            if matching.synonyms {
                for alternative in ctx.synonyms.alternatives(&w.stem) {
                    if let [one] = alternative {
                        terms.push(one.clone());
                    }
                }
            }
            if let Some(stem) = ctx.corrections.get(&w.folded).and_then(|c| stem_word(c)) {
                terms.push(stem);
            }
            terms
        })
        .collect()
}

/// One `Should` group per word, typed synonym phrases merged into the slot
/// of their first word; each slot with the words it stands for.
fn word_slots(
    parsed: &ParsedQuery,
    ctx: &Context<'_>,
    matching: Matching,
    highlight: &mut BTreeMap<String, f32>,
    terms: &mut [Vec<String>],
) -> Vec<(String, Box<dyn Query>)> {
    let query_words = query_words(parsed);
    let mut words: Vec<Option<(String, Box<dyn Query>)>> = query_words
        .iter()
        .map(|w| Some((w.folded.clone(), word_clause(ctx, w, matching, highlight))))
        .collect();
    if matching.synonyms {
        for (covered, alternatives, singles) in
            phrase_synonyms(parsed, &query_words, ctx, highlight)
        {
            // The phrase's words, or any of its synonyms, in their place.
            let own: Vec<(String, Box<dyn Query>)> = covered
                .iter()
                .filter_map(|&i| words.get_mut(i).and_then(Option::take))
                .collect();
            if own.is_empty() {
                continue;
            }
            for &i in &covered {
                if let Some(t) = terms.get_mut(i) {
                    t.extend(singles.iter().cloned());
                }
            }
            let label = own
                .iter()
                .map(|(l, _)| l.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let mut either = alternatives;
            either.push(Box::new(BooleanQuery::new(
                own.into_iter().map(|(_, q)| (Occur::Must, q)).collect(),
            )));
            if let Some(slot) = covered.first().and_then(|&i| words.get_mut(i)) {
                *slot = Some((label, any_of(either)));
            }
        }
    }
    words.into_iter().flatten().collect()
}

/// Builds the query for parsed text; `None` when nothing searchable is left
/// (only stop words, only exclusions, only punctuation).
pub fn build(parsed: &ParsedQuery, ctx: &Context<'_>, matching: Matching) -> Option<BuiltQuery> {
    let f = ctx.fields;
    let mut highlight = BTreeMap::new();
    let mut title_terms = title_terms(ctx, &query_words(parsed), matching);
    let slots = word_slots(parsed, ctx, matching, &mut highlight, &mut title_terms);
    let mut phrases: Vec<Box<dyn Query>> = Vec::new();
    for text in &parsed.phrases {
        let terms = dutch_terms_with_positions(text);
        for (_, t) in &terms {
            highlight.insert(t.clone(), 1.0);
        }
        let clauses = phrase_clauses(f, &terms, 1.5);
        if !clauses.is_empty() {
            phrases.push(any_of(clauses));
        }
    }
    if slots.is_empty() && phrases.is_empty() {
        return None;
    }
    let excluded: Vec<Box<dyn Query>> = parsed
        .excluded
        .iter()
        .flat_map(|raw| dutch_terms(raw))
        .map(|stem| any_of(exact_clauses(f, &stem, 1.0)))
        .collect();
    let combine = |words: Box<dyn Query>| -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, words)];
        clauses.extend(phrases.iter().map(|q| (Occur::Must, q.box_clone())));
        clauses.extend(excluded.iter().map(|q| (Occur::MustNot, q.box_clone())));
        Box::new(BooleanQuery::new(clauses))
    };
    let each = |occur: Occur| -> Vec<(Occur, Box<dyn Query>)> {
        slots.iter().map(|(_, q)| (occur, q.box_clone())).collect()
    };
    let strict = if slots.is_empty() {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = phrases
            .iter()
            .map(|q| (Occur::Must, q.box_clone()))
            .collect();
        clauses.extend(excluded.iter().map(|q| (Occur::MustNot, q.box_clone())));
        Box::new(BooleanQuery::new(clauses))
    } else {
        combine(Box::new(BooleanQuery::new(each(Occur::Must))))
    };
    let relaxable = slots.len() >= 2;
    let loose = relaxable.then(|| combine(Box::new(BooleanQuery::new(each(Occur::Should)))));
    let most = relaxable.then(|| {
        let need = most_of(slots.len());
        let words: Vec<Box<dyn Query>> = slots.iter().map(|(_, q)| q.box_clone()).collect();
        combine(Box::new(BooleanQuery::union_with_minimum_required_clauses(
            words, need,
        )))
    });
    Some(BuiltQuery {
        strict,
        loose,
        most,
        slots,
        highlight,
        title_terms,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::nl::compound::Splitter;
    use crate::nl::synonyms::Synonyms;
    use crate::search::query::{MAX_CLAUSES, parse};

    fn context_parts() -> (Fields, Synonyms, Splitter) {
        let index = super::super::index::build(&[]).expect("empty index");
        (
            index.fields,
            Synonyms::builtin(),
            Splitter::from_words(["betaal", "methode"], super::super::index::COMPOUNDS),
        )
    }

    #[test]
    fn builder_needs_something_positive() {
        let (fields, synonyms, compounds) = context_parts();
        let corrections = HashMap::new();
        let ctx = Context {
            fields: &fields,
            synonyms: &synonyms,
            compounds: &compounds,
            corrections: &corrections,
            vocabulary: &Default::default(),
        };
        assert!(build(&parse("-azure"), &ctx, Matching::default()).is_none());
        assert!(build(&parse("de het een"), &ctx, Matching::default()).is_none());
        assert!(build(&parse("AND( title: \"\""), &ctx, Matching::default()).is_some());
        let built = build(&parse("betaalmethode kaart"), &ctx, Matching::default()).expect("query");
        assert!(built.loose.is_some());
        assert!(
            built
                .highlight
                .contains_key(&stem_word("methode").unwrap_or_default())
        );
        assert!(
            built
                .highlight
                .contains_key(&stem_word("creditcard").unwrap_or_default())
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_and_builds_without_panic(text in "\\PC{0,300}", noise in "[\"():*^~+\\-\\\\ a-z0-9]{0,60}") {
            let (fields, synonyms, compounds) = context_parts();
            let corrections = HashMap::new();
            let vocabulary = rustc_hash::FxHashMap::default();
            let ctx = Context { fields: &fields, synonyms: &synonyms, compounds: &compounds, corrections: &corrections, vocabulary: &vocabulary };
            for input in [text.as_str(), noise.as_str(), &format!("{noise}{text}")] {
                let parsed = parse(input);
                proptest::prop_assert!(parsed.words.len() <= MAX_CLAUSES);
                let _ = build(&parsed, &ctx, Matching::default());
            }
        }
    }
}
