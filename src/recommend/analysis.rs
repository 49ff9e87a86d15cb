//! Dutch text analysis for matching: words with their byte spans, folded to
//! lowercase ASCII, Dutch stems, stop words, and the English words hidden in
//! file names and heading anchors (`declined-credit-card`).

use std::collections::HashMap;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, TokenStream,
};

/// Words longer than this (in bytes) are not words but noise.
const MAX_WORD_BYTES: usize = 40;

/// One word of a text: its folded lowercase form and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub folded: String,
    /// Byte offsets into the analysed text.
    pub start: usize,
    pub end: usize,
}

/// The analysers, built once; each call works on a cheap clone.
#[derive(Clone)]
pub struct Analyzer {
    words: TextAnalyzer,
    stemmer: TextAnalyzer,
    stop: TextAnalyzer,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzer(nl)")
    }
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::new()
    }
}

impl Analyzer {
    pub fn new() -> Analyzer {
        let words = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        let stemmer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(Stemmer::new(Language::Dutch))
            .build();
        let stop = match StopWordFilter::new(Language::Dutch) {
            Some(filter) => TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(filter)
                .build(),
            None => TextAnalyzer::builder(SimpleTokenizer::default()).build(),
        };
        Analyzer {
            words,
            stemmer,
            stop,
        }
    }

    /// The words of `text`, lowercased and folded (`geüpload` → `geupload`).
    pub fn words(&self, text: &str) -> Vec<Word> {
        let mut analyzer = self.words.clone();
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

    /// The Dutch stem of one folded word.
    pub fn stem(&self, folded: &str) -> String {
        let mut analyzer = self.stemmer.clone();
        let mut stream = analyzer.token_stream(folded);
        let mut stem = String::new();
        while let Some(token) = stream.next() {
            stem.push_str(&token.text);
        }
        if stem.is_empty() {
            folded.to_owned()
        } else {
            stem
        }
    }

    /// Whether a folded word is on the Snowball Dutch stop list.
    pub fn is_stop_word(&self, folded: &str) -> bool {
        let mut analyzer = self.stop.clone();
        let mut stream = analyzer.token_stream(folded);
        !stream.advance()
    }
}

/// Memoises stems: a corpus has far fewer distinct words than tokens.
#[derive(Debug, Default)]
pub struct StemCache {
    stems: HashMap<String, String>,
}

impl StemCache {
    pub fn stem(&mut self, analyzer: &Analyzer, folded: &str) -> String {
        if let Some(stem) = self.stems.get(folded) {
            return stem.clone();
        }
        let stem = analyzer.stem(folded);
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
    fn words_are_folded_with_spans() {
        let analyzer = Analyzer::new();
        let text = "Geüpload naar Teams";
        let words = analyzer.words(text);
        let folded: Vec<&str> = words.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(folded, ["geupload", "naar", "teams"]);
        assert_eq!(&text[words[0].start..words[0].end], "Geüpload");
    }

    #[test]
    fn dutch_stems_meet() {
        let analyzer = Analyzer::new();
        assert_eq!(analyzer.stem("facturen"), analyzer.stem("factuur"));
        assert_eq!(analyzer.stem("abonnementen"), analyzer.stem("abonnement"));
    }

    #[test]
    fn stop_words_are_known() {
        let analyzer = Analyzer::new();
        assert!(analyzer.is_stop_word("het"));
        assert!(analyzer.is_stop_word("niet"));
        assert!(!analyzer.is_stop_word("wachtwoord"));
    }

    #[test]
    fn slugs_become_words() {
        assert_eq!(slug_text("declined-credit-card"), "declined credit card");
        assert_eq!(slug_text("550-5-7-708"), "550 5 7 708");
    }
}
