//! Names in a description: words written with a capital inside a sentence
//! (`Netflix`, `Apple`, `Ziggo`, `Zoom`). A description that names
//! something the best article never mentions is often about that other
//! thing ("mijn Ziggo-wachtwoord", "de Zoom-licentie"), and the portal
//! should not present a Microsoft article as its solution. Capitalised
//! abbreviations (`GB`, `BV`), words joined by hyphens (`Azure-account`)
//! and the products the portal covers do not count.

use crate::nl::analysis::Word;

/// Longest all-capitals word taken as an abbreviation rather than a name.
const MAX_ABBREVIATION: usize = 4;

/// The folded words of `text` that are written as names.
pub fn in_text<'a>(text: &str, words: &'a [Word]) -> Vec<&'a str> {
    let mut out = Vec::new();
    for word in words {
        let Some(raw) = text.get(word.start..word.end) else {
            continue;
        };
        let before = text.get(..word.start).unwrap_or("");
        let after = text.get(word.end..).unwrap_or("");
        let starts_sentence = before
            .trim_end()
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '?' | '!' | ':' | '"' | '('));
        let joined = before.ends_with(['-', '.', '@', '/', '\''])
            || after.starts_with(['-', '.', '@', '/', '\''])
                && after.chars().nth(1).is_some_and(char::is_alphanumeric);
        let capital = raw.chars().next().is_some_and(char::is_uppercase);
        let abbreviation = raw.chars().count() <= MAX_ABBREVIATION
            && raw.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
        if capital && !starts_sentence && !joined && !abbreviation {
            out.push(word.folded.as_str());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nl::analysis::words;

    fn names(text: &str) -> Vec<String> {
        let words = words(text);
        in_text(text, &words)
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn capitals_inside_a_sentence_are_names() {
        assert_eq!(
            names("Ik ben het wachtwoord van mijn Apple ID vergeten"),
            ["apple"]
        );
        assert_eq!(names("Onze Zoom licentie. Waar is de factuur?"), ["zoom"]);
    }

    #[test]
    fn sentence_starts_abbreviations_and_joined_words_are_not() {
        assert!(names("Netflix werkt niet. Outlook ook niet").is_empty());
        assert!(names("mijn Azure-account en de BV van 10 GB").is_empty());
        assert!(names("mail naar info@Contoso.com").is_empty());
    }
}
