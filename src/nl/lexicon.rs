//! The Dutch word lists that steer matching, as data files in
//! `src/nl/lexicon/` (compiled into the binary, parsed once). Each file's
//! header says what the list is for, who reads it, and which of its words
//! play a role in another list too:
//!
//! * `filler.txt`: words that frame a problem rather than name it.
//! * `products.txt`: product names (`[named]`) and more names the portal
//!   covers (`[covered]`).
//! * `platforms.txt`: words that name a client or edition, one section per
//!   platform.
//! * `particles.txt`: particles and prefixes of verbs (`[separable]`,
//!   `[participle]`, `[inseparable]`).
//! * `synonyms.txt`: the built-in synonym groups, read by
//!   [`super::synonyms`] (its own format).
//!
//! The format of the first four: one folded (lowercase, accent-free) word
//! per line, `[section]` lines, `#` comments and blank lines; there is
//! nothing in it that can fail to parse.

use std::collections::HashSet;
use std::sync::LazyLock;

/// One parsed list: its sections in file order, each with its words in
/// file order (words before the first section are in the section `""`).
#[derive(Debug, Default)]
pub struct Lexicon {
    sections: Vec<(String, Vec<String>)>,
}

impl Lexicon {
    /// Parses the format described in the module docs.
    pub fn parse(text: &str) -> Lexicon {
        let mut sections: Vec<(String, Vec<String>)> = vec![(String::new(), Vec::new())];
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                sections.push((name.trim().to_owned(), Vec::new()));
            } else if let Some((_, words)) = sections.last_mut() {
                words.push(line.to_owned());
            }
        }
        sections.retain(|(name, words)| !name.is_empty() || !words.is_empty());
        Lexicon { sections }
    }

    /// The words of one section, in file order (empty when there is none).
    pub fn section(&self, name: &str) -> &[String] {
        self.sections
            .iter()
            .find(|(n, _)| n == name)
            .map_or(&[], |(_, words)| words.as_slice())
    }

    /// Every section with its words, in file order.
    pub fn sections(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.sections
            .iter()
            .map(|(name, words)| (name.as_str(), words.as_slice()))
    }
}

static FILLER: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let lexicon = Lexicon::parse(include_str!("lexicon/filler.txt"));
    lexicon.section("").iter().cloned().collect()
});

static PRODUCTS: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::parse(include_str!("lexicon/products.txt")));

static PLATFORMS: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::parse(include_str!("lexicon/platforms.txt")));

static PARTICLES: LazyLock<Particles> = LazyLock::new(|| {
    let lexicon = Lexicon::parse(include_str!("lexicon/particles.txt"));
    let separable = lexicon.section("separable").to_vec();
    let mut participle: Vec<String> = separable
        .iter()
        .chain(lexicon.section("participle"))
        .cloned()
        .collect();
    participle.sort();
    participle.dedup();
    Particles {
        separable,
        participle,
        inseparable: lexicon.section("inseparable").to_vec(),
    }
});

/// The particles and prefixes of `particles.txt`.
#[derive(Debug)]
pub struct Particles {
    /// Particles of separable verbs (`uit` in "zet … uit").
    pub separable: Vec<String>,
    /// Every prefix that goes before `ge` in a participle (the separable
    /// particles and the `[participle]` section), in alphabetical order.
    pub participle: Vec<String>,
    /// Prefixes of verbs whose participle has no `ge`.
    pub inseparable: Vec<String>,
}

/// Whether a folded word only frames the problem (`filler.txt`).
pub fn is_filler(folded: &str) -> bool {
    FILLER.contains(folded)
}

/// The product names of `products.txt` `[named]`, in file order (the
/// order gives each its bit in a set).
pub fn products() -> &'static [String] {
    PRODUCTS.section("named")
}

/// Whether a folded word names a product or service the portal covers
/// (`products.txt`, either section).
pub fn is_product(folded: &str) -> bool {
    let named = |w: &String| w == folded;
    PRODUCTS.section("named").iter().any(named) || PRODUCTS.section("covered").iter().any(named)
}

/// The platform sections of `platforms.txt` with their words.
pub fn platforms() -> impl Iterator<Item = (&'static str, &'static [String])> {
    PLATFORMS.sections()
}

/// The particles and prefixes of `particles.txt`.
pub fn particles() -> &'static Particles {
    &PARTICLES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_comments_and_blank_lines() {
        let lexicon = Lexicon::parse("# head\nloose\n\n[a]\nx # note\ny\n[b]\n[ c ]\nz\n");
        assert_eq!(lexicon.section(""), ["loose"]);
        assert_eq!(lexicon.section("a"), ["x", "y"]);
        assert!(lexicon.section("b").is_empty());
        assert_eq!(lexicon.section("c"), ["z"]);
        assert!(lexicon.section("missing").is_empty());
    }

    #[test]
    fn the_lists_are_read() {
        for word in ["ik", "probleem", "hoe", "opeens", "collega"] {
            assert!(is_filler(word), "{word}");
        }
        for word in ["wachtwoord", "teams", "factuur", "niet"] {
            assert!(!is_filler(word), "{word}");
        }
        assert!(products().len() <= 32, "products are bits of a u32");
        assert!(products().iter().any(|p| p == "excel"));
        assert!(is_product("excel") && is_product("word") && !is_product("zoom"));
        assert!(
            platforms()
                .any(|(name, words)| name == "business" && words.iter().any(|w| w == "collega"))
        );
        let particles = particles();
        assert!(particles.separable.iter().any(|p| p == "uit"));
        assert!(particles.participle.iter().any(|p| p == "voor"));
        assert!(!particles.separable.iter().any(|p| p == "voor"));
        assert!(particles.inseparable.iter().any(|p| p == "ver"));
    }

    #[test]
    fn every_list_is_folded_and_has_no_duplicates() {
        for text in [
            include_str!("lexicon/filler.txt"),
            include_str!("lexicon/products.txt"),
            include_str!("lexicon/platforms.txt"),
            include_str!("lexicon/particles.txt"),
        ] {
            let mut seen = HashSet::new();
            for (_, words) in Lexicon::parse(text).sections() {
                for word in words {
                    assert_eq!(
                        super::super::analysis::folded_words(word),
                        std::slice::from_ref(word)
                    );
                    assert!(seen.insert(word.clone()), "{word} twice");
                }
            }
        }
    }
}
