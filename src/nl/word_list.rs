//! [`WordList`]: the folded words of one text in one buffer, for the index
//! builds that hold every article's words at once. A `Vec<String>` costs a
//! 24-byte header and its own allocation per word; this costs the word's
//! bytes and four bytes, and keeps the words' order and repeats.

use super::analysis;

/// Words in order (repeats kept), stored end to end with their end offsets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordList {
    text: String,
    ends: Vec<u32>,
}

impl WordList {
    /// The folded words of `text`, as [`analysis::folded_words`] gives them.
    pub fn folded(text: &str) -> WordList {
        let mut list = WordList::default();
        list.push_folded(text);
        list
    }

    /// Appends the folded words of `text`.
    pub fn push_folded(&mut self, text: &str) {
        analysis::for_each_folded_word(text, |word| self.push(word));
    }

    /// Appends one word. A list is one article's words (files are at most
    /// a few MB), so it never nears 4 GiB; a word past that is dropped.
    pub fn push(&mut self, word: &str) {
        let Ok(end) = u32::try_from(self.text.len() + word.len()) else {
            return;
        };
        self.text.push_str(word);
        self.ends.push(end);
    }

    /// The words in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + Clone {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| self.text.get(start as usize..end as usize).unwrap_or(""))
    }

    /// How many words (repeats counted).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no word.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Gives back spare capacity (for lists kept while other work runs).
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_the_folded_words_in_order_with_repeats() {
        let text = "Financiële gegevens, financiële overzichten en een Factuur";
        let list = WordList::folded(text);
        let words: Vec<&str> = list.iter().collect();
        assert_eq!(words, analysis::folded_words(text));
        assert_eq!(words[0], "financiele");
        assert_eq!(words[2], "financiele");
        assert_eq!(list.len(), words.len());
    }

    #[test]
    fn appends_words_and_empty_texts() {
        let mut list = WordList::folded("");
        assert!(list.is_empty());
        list.push("a");
        list.push("");
        list.push_folded("Bèta test");
        assert_eq!(list.iter().collect::<Vec<_>>(), ["a", "", "beta", "test"]);
    }
}
