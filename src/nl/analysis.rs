//! Dutch text analysis: the one place where text becomes words, words are
//! folded, stop words are recognised and words are stemmed. Search indexes
//! and queries with it; recommended steps analyse articles and
//! descriptions with it.
//!
//! Three analyzers are registered on the search index:
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
//! lowercase accent-free words), [`words`] (the same with byte spans),
//! [`stem_word`] (stop words give nothing) and [`stem`] (every word has a
//! stem), [`is_stop_word`] and [`slug_text`] (the English words of a file
//! name); synonym expansion lives beside it, in `nl::synonyms`.

use std::sync::{Arc, LazyLock};

// Keys are the corpus's words (from content authors; requests only look
// them up), so a fast hasher without flood protection is fine here.
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Name of the full Dutch analyzer (stemmed, stop words removed).
pub const DUTCH: &str = "nl";
/// Name of the lowercase + accent-folding analyzer (no stemming).
pub const WORDS: &str = "nl_words";
/// Name of the identifier analyzer (whole value, lowercased).
pub const IDENT: &str = "nl_ident";

/// Words longer than this are dropped (base64 blobs, URLs without spaces).
const MAX_TOKEN_BYTES: usize = 40;

static DUTCH_ANALYZER: LazyLock<TextAnalyzer> = LazyLock::new(|| build_dutch(None));
static WORDS_ANALYZER: LazyLock<TextAnalyzer> = LazyLock::new(build_words);
/// The Dutch stop list alone, on words already folded.
static STOP_ANALYZER: LazyLock<TextAnalyzer> = LazyLock::new(|| {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default());
    match StopWordFilter::new(Language::Dutch) {
        Some(stop) => builder.filter(stop).build(),
        None => builder.build(),
    }
});
/// The Dutch stemmer alone, on a whole text as one word.
static STEM_ONE: LazyLock<TextAnalyzer> = LazyLock::new(|| {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(Stemmer::new(Language::Dutch))
        .build()
});

/// The [`DUTCH`] pipeline; with `known`, stems of known words are looked
/// up instead of computed (same terms, less work).
fn build_dutch(known: Option<&KnownStems>) -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match (StopWordFilter::new(Language::Dutch), known) {
        (Some(stop), Some(known)) => builder.filter(stop).filter(known.clone()).build(),
        (Some(stop), None) => builder
            .filter(stop)
            .filter(Stemmer::new(Language::Dutch))
            .build(),
        (None, Some(known)) => builder.filter(known.clone()).build(),
        (None, None) => builder.filter(Stemmer::new(Language::Dutch)).build(),
    }
}

/// The stems of known folded words (an index's vocabulary), as a token
/// filter that replaces the stemmer: text analysed again and again
/// (snippets) then costs a lookup per word instead of the stemmer. A word
/// that is not known is stemmed as usual.
#[derive(Clone, Default)]
pub struct KnownStems(Arc<HashMap<String, String>>);

impl KnownStems {
    /// Stems `words` (folded, as [`folded_words`] gives them), on all cores.
    pub fn new<'a>(words: impl IntoParallelIterator<Item = &'a String>) -> KnownStems {
        KnownStems(Arc::new(
            words
                .into_par_iter()
                .map(|w| (w.clone(), stem_one(w)))
                .collect(),
        ))
    }

    /// These stems and those of `words` not among them (a stem is the
    /// same wherever it is looked up, so old words may stay).
    pub fn extended<'a>(&self, words: impl IntoIterator<Item = &'a String>) -> KnownStems {
        let mut known = HashMap::clone(&self.0);
        for w in words {
            if !known.contains_key(w) {
                known.insert(w.clone(), stem_one(w));
            }
        }
        KnownStems(Arc::new(known))
    }

    /// The [`DUTCH`] analyzer using these stems.
    pub fn dutch_analyzer(&self) -> TextAnalyzer {
        build_dutch(Some(self))
    }
}

/// The stem of one token exactly as the stemmer filter makes it.
fn stem_one(word: &str) -> String {
    run(&STEM_ONE, word)
        .into_iter()
        .next()
        .unwrap_or_else(|| word.to_owned())
}

impl TokenFilter for KnownStems {
    type Tokenizer<T: Tokenizer> = KnownStemsFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> KnownStemsFilter<T> {
        KnownStemsFilter { known: self, inner }
    }
}

#[derive(Clone)]
pub struct KnownStemsFilter<T> {
    known: KnownStems,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for KnownStemsFilter<T> {
    type TokenStream<'a> = KnownStemsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        KnownStemsStream {
            known: &self.known.0,
            tail: self.inner.token_stream(text),
        }
    }
}

pub struct KnownStemsStream<'a, T> {
    known: &'a HashMap<String, String>,
    tail: T,
}

impl<T: TokenStream> TokenStream for KnownStemsStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        match self.known.get(token.text.as_str()) {
            Some(stem) => {
                token.text.clear();
                token.text.push_str(stem);
            }
            None => token.text = stem_one(&token.text),
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
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

/// Registers [`DUTCH`] (looking up the stems of `known` words), [`WORDS`]
/// and [`IDENT`] on an index.
pub fn register(index: &Index, known: &KnownStems) {
    let tokenizers = index.tokenizers();
    tokenizers.register(DUTCH, known.dutch_analyzer());
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

/// Calls `each` with every word [`folded_words`] gives for `text`, in
/// order, without a `String` per word.
pub fn for_each_folded_word(text: &str, mut each: impl FnMut(&str)) {
    let mut analyzer = (*WORDS_ANALYZER).clone();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        each(&stream.token().text);
    }
}

/// The stem of one folded word, or `None` for a stop word.
pub fn stem_word(word: &str) -> Option<String> {
    dutch_terms(word).into_iter().next()
}

/// Whether one folded word (as [`folded_words`] gives them) is on the
/// Snowball Dutch stop list.
pub fn is_stop_word(folded: &str) -> bool {
    let mut analyzer = STOP_ANALYZER.clone();
    let mut stream = analyzer.token_stream(folded);
    !folded.is_empty() && !stream.advance()
}

/// One word of a text: its folded lowercase form and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub folded: String,
    /// Byte offsets into the analysed text.
    pub start: usize,
    pub end: usize,
}

/// The words of `text` as [`folded_words`] gives them, each with its byte
/// span in `text` (`Geüpload` → `geupload` at 0..9).
pub fn words(text: &str) -> Vec<Word> {
    let mut analyzer = WORDS_ANALYZER.clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(Word {
            folded: token.text.clone(),
            start: token.offset_from,
            end: token.offset_to,
        });
    }
    out
}

/// The Dutch stem of one folded word, stop words included (`het` has a
/// stem here, unlike with [`stem_word`]); a word of several parts (digits
/// and a fraction) is the stems of its parts joined.
pub fn stem(folded: &str) -> String {
    let stem: String = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(stem_one)
        .collect();
    if stem.is_empty() {
        folded.to_owned()
    } else {
        stem
    }
}

/// Memoises [`stem`]: a corpus has far fewer distinct words than tokens.
#[derive(Debug, Default)]
pub struct StemCache {
    stems: HashMap<String, String>,
}

impl StemCache {
    pub fn stem(&mut self, folded: &str) -> String {
        if let Some(stem) = self.stems.get(folded) {
            return stem.clone();
        }
        let stem = stem(folded);
        self.stems.insert(folded.to_owned(), stem.clone());
        stem
    }

    /// Every word seen so far with its stem.
    pub fn into_map(self) -> HashMap<String, String> {
        self.stems
    }
}

/// The words of an id's last segment or an anchor: `declined-credit-card`
/// → `declined credit card`; digits-only parts are kept (error codes).
pub fn slug_text(slug: &str) -> String {
    slug.split(|c: char| !c.is_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
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
    fn known_stems_give_the_same_terms() {
        let text = "Mijn creditcard werd geweigerd; de facturen en betalingen van Financiële \
                    abonnementen, ideeën, ½ æsthetiek en onbekendewoorden";
        let known = KnownStems::new(&folded_words("creditcard facturen betalingen werd"));
        let terms = |mut analyzer: TextAnalyzer| {
            let mut stream = analyzer.token_stream(text);
            let mut out = Vec::new();
            while stream.advance() {
                let t = stream.token();
                out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
            }
            out
        };
        assert_eq!(terms(known.dutch_analyzer()), terms(dutch_analyzer()));
        let all = KnownStems::new(&folded_words(text));
        assert_eq!(terms(all.dutch_analyzer()), terms(dutch_analyzer()));
    }

    #[test]
    fn words_are_folded_with_spans() {
        let text = "Geüpload naar Teams";
        let words = words(text);
        let folded: Vec<&str> = words.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(folded, ["geupload", "naar", "teams"]);
        assert_eq!(&text[words[0].start..words[0].end], "Geüpload");
    }

    #[test]
    fn every_word_has_a_stem() {
        assert_eq!(stem("facturen"), stem("factuur"));
        assert_eq!(stem("abonnementen"), stem("abonnement"));
        assert!(!stem("het").is_empty());
        assert!(is_stop_word("niet"));
        assert!(!is_stop_word("wachtwoord"));
    }

    #[test]
    fn slugs_become_words() {
        assert_eq!(slug_text("declined-credit-card"), "declined credit card");
        assert_eq!(slug_text("550-5-7-708"), "550 5 7 708");
    }

    #[test]
    fn punctuation_and_emoji_are_not_words() {
        assert_eq!(folded_words("AND( title: 🎉 \u{7}"), ["and", "title"]);
        assert!(dutch_terms("").is_empty());
    }
}
