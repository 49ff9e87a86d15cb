//! From what a user typed to a tantivy query, without ever exposing
//! tantivy's query grammar: the text is split into plain words,
//! `"phrases"` and `-excluded` words, each analysed with the Dutch
//! pipeline, and the query is assembled clause by clause.
//!
//! Per word, one `Should` group (the word must match through one of them):
//! the stem in title (×3), headings (×2), description (×1.5), body, slug
//! and service; the stem as a compound part (×0.6); the parts of the word
//! itself when it is a compound (×0.5); the folded word as a prefix (×0.4,
//! `creditcard` → `creditcardgegevens`); the folded word with typos (×0.3,
//! constant score, so always below an exact hit); and its synonyms (×0.7).
//! Any input is accepted: control characters are dropped, the text is cut
//! at [`MAX_QUERY_CHARS`], and anything that is not a word is ignored.

use std::collections::{BTreeMap, HashMap};

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::analysis::{dutch_terms, dutch_terms_with_positions, folded_words, stem_word};
use super::compound::Compounds;
use super::index::Fields;
use super::synonyms::Synonyms;

/// Longer queries are cut here (in characters).
pub const MAX_QUERY_CHARS: usize = 500;
/// At most this many words, phrases and exclusions each are used.
const MAX_CLAUSES: usize = 16;
/// Prefix and typo matching start at this many letters.
const MIN_FUZZY_CHARS: usize = 5;
/// From this many letters two typos are allowed.
const TWO_TYPOS_CHARS: usize = 10;

/// A query split into its parts; nothing here can fail.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Plain words as typed (outside quotes, not excluded).
    pub words: Vec<String>,
    /// The text of each complete `"…"` pair.
    pub phrases: Vec<String>,
    /// Words written with a leading `-`.
    pub excluded: Vec<String>,
    /// Tokens that look like identifiers (digits, `-`, `_`, `/`, `.`),
    /// lowercased: ms.custom values, GUIDs, article ids.
    pub identifiers: Vec<String>,
}

impl ParsedQuery {
    /// Whether nothing searchable is left.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty() && self.identifiers.is_empty()
    }
}

/// Drops control characters and cuts the text at [`MAX_QUERY_CHARS`].
pub fn clean(input: &str) -> String {
    input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_QUERY_CHARS)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Splits user text into words, phrases, exclusions and identifiers. An
/// unbalanced quote is ignored: the words after it count as plain words.
pub fn parse(input: &str) -> ParsedQuery {
    let text = clean(input);
    let mut parsed = ParsedQuery::default();
    let pieces: Vec<&str> = text.split('"').collect();
    for (i, piece) in pieces.iter().enumerate() {
        let inside = i % 2 == 1 && i + 1 < pieces.len();
        if inside {
            if !piece.trim().is_empty() && parsed.phrases.len() < MAX_CLAUSES {
                parsed.phrases.push(piece.trim().to_owned());
            }
            continue;
        }
        for token in piece.split_whitespace() {
            match token.strip_prefix('-') {
                Some(rest) if !rest.is_empty() && !rest.starts_with('-') => {
                    if parsed.excluded.len() < MAX_CLAUSES {
                        parsed.excluded.push(rest.to_owned());
                    }
                }
                _ => {
                    if parsed.words.len() < MAX_CLAUSES {
                        parsed.words.push(token.to_owned());
                    }
                }
            }
        }
    }
    for token in text.split_whitespace() {
        if let Some(id) = identifier(token)
            && !parsed.identifiers.contains(&id)
            && parsed.identifiers.len() < MAX_CLAUSES
        {
            parsed.identifiers.push(id);
        }
    }
    parsed
}

/// A token that may be an identifier, lowercased; a pasted article URL
/// gives its id.
fn identifier(token: &str) -> Option<String> {
    let token =
        token.trim_matches(|c: char| matches!(c, '"' | '\'' | ',' | ';' | '(' | ')' | '<' | '>'));
    let token = token.rsplit_once("/articles/").map_or(token, |(_, id)| id);
    let token = token.trim_matches('/');
    if token.starts_with('-') {
        return None;
    }
    let looks_like_id = token
        .chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '-' | '_' | '/' | '.'));
    let sane = token
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'));
    (looks_like_id && sane && !token.is_empty()).then(|| token.to_lowercase())
}

/// One query word after analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// Lowercase, accent-folded, unstemmed.
    pub folded: String,
    /// The Dutch stem.
    pub stem: String,
}

/// The searchable words of a parsed query: stop words, single letters and
/// duplicates dropped.
pub fn query_words(parsed: &ParsedQuery) -> Vec<QueryWord> {
    let mut out: Vec<QueryWord> = Vec::new();
    for raw in &parsed.words {
        for folded in folded_words(raw) {
            let single_letter = folded.chars().count() < 2;
            if single_letter && !folded.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            if let Some(stem) = stem_word(&folded)
                && !out.iter().any(|w| w.stem == stem)
            {
                out.push(QueryWord { folded, stem });
            }
        }
    }
    out
}

/// What the builder needs from the index.
pub struct Context<'a> {
    pub fields: &'a Fields,
    pub synonyms: &'a Synonyms,
    pub compounds: &'a Compounds,
    /// Unknown folded words → the closest word the index knows; such a
    /// word also matches as that word, scored but at half weight.
    pub corrections: &'a HashMap<String, String>,
    /// Folded words found in the articles (with their article counts):
    /// typo matching is for the words not among them.
    pub vocabulary: &'a HashMap<String, u32>,
}

/// A query ready to run.
pub struct BuiltQuery {
    /// Every word must match (through any of its clauses).
    pub strict: Box<dyn Query>,
    /// With two or more words: any word may match (used when `strict`
    /// finds nothing).
    pub loose: Option<Box<dyn Query>>,
    /// Dutch terms to highlight in snippets.
    pub highlight: BTreeMap<String, f32>,
}

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

/// How a query word is matched; everything on by default. The quality
/// tests switch parts off to measure what each one brings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Matching {
    pub decompound: bool,
    pub prefix: bool,
    pub fuzzy: bool,
    pub synonyms: bool,
}

impl Default for Matching {
    fn default() -> Self {
        Matching {
            decompound: true,
            prefix: true,
            fuzzy: true,
            synonyms: true,
        }
    }
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
type PhraseAlternatives = (Vec<usize>, Vec<Box<dyn Query>>);

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

/// Builds the query for parsed text; `None` when nothing searchable is left
/// (only stop words, only exclusions, only punctuation).
pub fn build(parsed: &ParsedQuery, ctx: &Context<'_>, matching: Matching) -> Option<BuiltQuery> {
    let f = ctx.fields;
    let mut highlight = BTreeMap::new();
    let query_words = query_words(parsed);
    let mut words: Vec<Option<Box<dyn Query>>> = query_words
        .iter()
        .map(|w| Some(word_clause(ctx, w, matching, &mut highlight)))
        .collect();
    if matching.synonyms {
        for (covered, alternatives) in phrase_synonyms(parsed, &query_words, ctx, &mut highlight) {
            // The phrase's words, or any of its synonyms, in their place.
            let own: Vec<(Occur, Box<dyn Query>)> = covered
                .iter()
                .filter_map(|&i| words.get_mut(i).and_then(Option::take))
                .map(|q| (Occur::Must, q))
                .collect();
            if own.is_empty() {
                continue;
            }
            let mut either = alternatives;
            either.push(Box::new(BooleanQuery::new(own)));
            if let Some(slot) = covered.first().and_then(|&i| words.get_mut(i)) {
                *slot = Some(any_of(either));
            }
        }
    }
    let words: Vec<Box<dyn Query>> = words.into_iter().flatten().collect();
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
    if words.is_empty() && phrases.is_empty() {
        return None;
    }
    let excluded: Vec<Box<dyn Query>> = parsed
        .excluded
        .iter()
        .flat_map(|raw| dutch_terms(raw))
        .map(|stem| any_of(exact_clauses(f, &stem, 1.0)))
        .collect();
    let combine = |word_occur: Occur| -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        clauses.extend(words.iter().map(|q| (word_occur, q.box_clone())));
        clauses.extend(phrases.iter().map(|q| (Occur::Must, q.box_clone())));
        clauses.extend(excluded.iter().map(|q| (Occur::MustNot, q.box_clone())));
        Box::new(BooleanQuery::new(clauses))
    };
    let loose = (words.len() >= 2).then(|| combine(Occur::Should));
    Some(BuiltQuery {
        strict: combine(Occur::Must),
        loose,
        highlight,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_and_exclusions() {
        let p = parse(r#"creditcard "niet betaald" -azure factuur"#);
        assert_eq!(p.words, ["creditcard", "factuur"]);
        assert_eq!(p.phrases, ["niet betaald"]);
        assert_eq!(p.excluded, ["azure"]);
        assert!(p.identifiers.is_empty());
    }

    #[test]
    fn unbalanced_quote_counts_as_words() {
        let p = parse(r#"wachtwoord "vergeten"  "opnieuw instellen"#);
        assert_eq!(p.phrases, ["vergeten"]);
        assert_eq!(p.words, ["wachtwoord", "opnieuw", "instellen"]);
    }

    #[test]
    fn identifiers_are_recognised() {
        let p =
            parse("443 4E6D34B3-E3E5-4FCD-A52E-34B54746FEEB /nl-nl/articles/alchemy-insights/x");
        assert_eq!(
            p.identifiers,
            [
                "443",
                "4e6d34b3-e3e5-4fcd-a52e-34b54746feeb",
                "alchemy-insights/x"
            ]
        );
    }

    #[test]
    fn control_characters_and_length_are_handled() {
        let long = "a".repeat(10_000);
        assert_eq!(clean(&long).chars().count(), MAX_QUERY_CHARS);
        assert_eq!(clean("fac\u{0}tuur\u{7}"), "fac tuur");
        let p = parse("- -- -x");
        assert_eq!(p.excluded, ["x"]);
        assert_eq!(p.words, ["-", "--"]);
    }

    #[test]
    fn query_words_drop_stop_words_and_duplicates() {
        let words = query_words(&parse("Hoe betaal ik mijn facturen factuur?"));
        let folded: Vec<&str> = words.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(folded, ["betaal", "facturen"]);
    }

    fn context_parts() -> (Fields, Synonyms, Compounds) {
        let index = super::super::index::build(&[]).expect("empty index");
        (
            index.fields,
            Synonyms::builtin(),
            Compounds::from_words(["betaal", "methode"]),
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
            vocabulary: &HashMap::new(),
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
            let vocabulary = HashMap::new();
            let ctx = Context { fields: &fields, synonyms: &synonyms, compounds: &compounds, corrections: &corrections, vocabulary: &vocabulary };
            for input in [text.as_str(), noise.as_str(), &format!("{noise}{text}")] {
                let parsed = parse(input);
                proptest::prop_assert!(parsed.words.len() <= MAX_CLAUSES);
                let _ = build(&parsed, &ctx, Matching::default());
            }
        }
    }
}
