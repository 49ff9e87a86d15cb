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
//!
//! This module parses the text into words ([`parse`], [`query_words`]);
//! `clauses` (beside it) assembles the query from them. The Dutch analysis,
//! compounds and synonyms come from [`crate::nl`].

use std::collections::{BTreeMap, HashMap};

use tantivy::query::Query;

use super::index::Fields;
use crate::nl::analysis::{folded_words, stem_word};
use crate::nl::compound::Splitter;
use crate::nl::synonyms::Synonyms;

/// Longer queries are cut here (in characters).
pub const MAX_QUERY_CHARS: usize = 500;
/// At most this many words, phrases and exclusions each are used.
pub(super) const MAX_CLAUSES: usize = 16;

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
    // A bare number of one or two digits ("windows 10") is a word, not an
    // identifier: too many articles carry such a number as an id.
    let short_number = token.len() < 3 && token.chars().all(|c| c.is_ascii_digit());
    if token.starts_with('-') || short_number {
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
    pub compounds: &'a Splitter,
    /// Unknown folded words → the closest word the index knows; such a
    /// word also matches as that word, scored but at half weight.
    pub corrections: &'a HashMap<String, String>,
    /// Folded words found in the articles (with their article counts):
    /// typo matching is for the words not among them.
    pub vocabulary: &'a rustc_hash::FxHashMap<String, u32>,
}

/// A query ready to run.
pub struct BuiltQuery {
    /// Every word must match (through any of its clauses).
    pub strict: Box<dyn Query>,
    /// With two or more words: any word may match (used when neither
    /// `strict` nor `most` finds anything).
    pub loose: Option<Box<dyn Query>>,
    /// With two or more words: most of them must match (see
    /// [`most_of`]); what follows the strict matches when they are few.
    pub most: Option<Box<dyn Query>>,
    /// Each word (or typed synonym phrase) as typed, with its own query,
    /// for saying which words a looser match left out.
    pub slots: Vec<(String, Box<dyn Query>)>,
    /// Per query word, the stems that count as that word in a title: its
    /// own, its other number, its one-word synonyms, its correction.
    pub title_terms: Vec<Vec<String>>,
    /// Dutch terms to highlight in snippets.
    pub highlight: BTreeMap<String, f32>,
}

/// How many of `n` words a looser match needs: all but one up to four
/// words, all but a third from there (`n` ≥ 1).
pub fn most_of(n: usize) -> usize {
    n.saturating_sub((n / 3).max(1)).max(1)
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
    fn most_words_leave_out_one_then_a_third() {
        let needed: Vec<usize> = (1..=7).map(most_of).collect();
        assert_eq!(needed, [1, 1, 2, 3, 4, 4, 5]);
    }

    #[test]
    fn query_words_drop_stop_words_and_duplicates() {
        let words = query_words(&parse("Hoe betaal ik mijn facturen factuur?"));
        let folded: Vec<&str> = words.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(folded, ["betaal", "facturen"]);
    }
}
