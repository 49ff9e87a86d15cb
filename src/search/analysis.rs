//! Dutch text analysis, shared by the search index, the query builder and
//! anyone else who needs to compare Dutch words (recommended steps).
//!
//! Three analyzers are registered on the index:
//!
//! * [`DUTCH`] (`nl`): words → lowercase → ASCII folding (`financiële` =
//!   `financiele`) → Dutch stop words → Dutch (Kraaij-Pohlmann) stemmer.
//!   Every prose field uses it.
//! * [`WORDS`] (`nl_words`): words → lowercase → ASCII folding, no stemming
//!   and no stop words. The vocabulary, typo (fuzzy) and prefix matching use
//!   it, because stems of misspelt words are unpredictable.
//! * [`IDENT`] (`nl_ident`): the whole value, lowercased: article ids,
//!   `ms.custom` values, `ms.assetid` GUIDs.
//!
//! For other modules the useful entry points are [`dutch_terms`] (free
//! text → the terms the index holds), [`folded_words`] (free text →
//! lowercase accent-free words) and [`stem_word`]; synonym expansion lives
//! in [`super::synonyms::Synonyms`].

use std::sync::LazyLock;

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, StopWordFilter, TextAnalyzer,
};

/// Name of the full Dutch analyzer (stemmed, stop words removed).
pub const DUTCH: &str = "nl";
/// Name of the lowercase + accent-folding analyzer (no stemming).
pub const WORDS: &str = "nl_words";
/// Name of the identifier analyzer (whole value, lowercased).
pub const IDENT: &str = "nl_ident";

/// Words longer than this are dropped (base64 blobs, URLs without spaces).
const MAX_TOKEN_BYTES: usize = 40;

static DUTCH_ANALYZER: LazyLock<TextAnalyzer> = LazyLock::new(build_dutch);
static WORDS_ANALYZER: LazyLock<TextAnalyzer> = LazyLock::new(build_words);

fn build_dutch() -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match StopWordFilter::new(Language::Dutch) {
        Some(stop) => builder
            .filter(stop)
            .filter(Stemmer::new(Language::Dutch))
            .build(),
        None => builder.filter(Stemmer::new(Language::Dutch)).build(),
    }
}

fn build_words() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

fn build_ident() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .build()
}

/// The full Dutch analyzer, ready to use or to register.
pub fn dutch_analyzer() -> TextAnalyzer {
    DUTCH_ANALYZER.clone()
}

/// Registers [`DUTCH`], [`WORDS`] and [`IDENT`] on an index.
pub fn register(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(DUTCH, dutch_analyzer());
    tokenizers.register(WORDS, WORDS_ANALYZER.clone());
    tokenizers.register(IDENT, build_ident());
}

fn run(analyzer: &LazyLock<TextAnalyzer>, text: &str) -> Vec<String> {
    let mut analyzer = (**analyzer).clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Free text → the Dutch terms the index holds for it, in order: lowercased,
/// accents folded, stop words dropped, stemmed. `"Mijn creditcard werd
/// geweigerd"` → `["creditcard", "werd", "geweigerd"]` stemmed.
pub fn dutch_terms(text: &str) -> Vec<String> {
    run(&DUTCH_ANALYZER, text)
}

/// Like [`dutch_terms`], each with its word position, so phrases keep the
/// gaps that dropped stop words leave.
pub fn dutch_terms_with_positions(text: &str) -> Vec<(usize, String)> {
    let mut analyzer = DUTCH_ANALYZER.clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let token = stream.token();
        out.push((token.position, token.text.clone()));
    }
    out
}

/// Free text → lowercase, accent-folded words (no stemming, stop words
/// kept): `"Financiële gegevens"` → `["financiele", "gegevens"]`.
pub fn folded_words(text: &str) -> Vec<String> {
    run(&WORDS_ANALYZER, text)
}

/// The stem of one folded word, or `None` for a stop word.
pub fn stem_word(word: &str) -> Option<String> {
    dutch_terms(word).into_iter().next()
}

/// Whether a folded word is on the Dutch stop list.
pub fn is_stop_word(word: &str) -> bool {
    !word.is_empty() && folded_words(word).len() == 1 && stem_word(word).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_fold_before_stemming() {
        assert_eq!(dutch_terms("financiële"), dutch_terms("financiele"));
        assert_eq!(dutch_terms("ideeën"), dutch_terms("ideeen"));
        assert_eq!(
            folded_words("Financiële Gegevens"),
            ["financiele", "gegevens"]
        );
    }

    #[test]
    fn stemming_joins_inflections() {
        assert_eq!(stem_word("facturen"), stem_word("factuur"));
        assert_eq!(stem_word("abonnementen"), stem_word("abonnement"));
        assert_eq!(stem_word("betalingen"), stem_word("betaling"));
    }

    #[test]
    fn stop_words_are_dropped() {
        assert_eq!(dutch_terms("de het een van").len(), 0);
        assert!(is_stop_word("het"));
        assert!(!is_stop_word("factuur"));
        assert_eq!(dutch_terms("de factuur").len(), 1);
    }

    #[test]
    fn punctuation_and_emoji_are_not_words() {
        assert_eq!(folded_words("AND( title: 🎉 \u{7}"), ["and", "title"]);
        assert!(dutch_terms("").is_empty());
    }
}
