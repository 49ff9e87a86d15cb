//! The platform and edition an article is written for, matched against the
//! one a description names. Many articles exist once per client: Outlook on
//! the web (`owa-…`, `…-in-outlook-on-the-web`), Outlook for Mac, the phone
//! apps, and the consumer Outlook.com (`outlook-com-…`, the old Hotmail).
//! Their titles share almost every word with the desktop or business
//! article, so the words alone cannot tell them apart; what the customer
//! says about where they work can ("op mijn laptop", "in de browser", "op
//! mijn iPhone", "mijn hotmail", "onze medewerkers"; the words are in
//! `src/nl/lexicon/platforms.txt`). [`fit`] is the platform part of the
//! audience factor (`audience`).

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::content::Article;
use crate::nl::analysis::Word;
use crate::nl::lexicon;

/// A client or edition, as a bit in a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Platform {
    /// A computer with the installed apps (Windows or the desktop apps).
    Desktop = 1,
    /// The browser (Outlook on the web, office.com).
    Web = 2,
    Mac = 4,
    /// Phones and tablets.
    Mobile = 8,
    /// The consumer Outlook.com / Hotmail service.
    Consumer = 16,
    /// A work or school account in an organisation.
    Business = 32,
}

impl Platform {
    /// The platform of a section of `platforms.txt`.
    fn from_name(name: &str) -> Option<Platform> {
        Some(match name {
            "desktop" => Platform::Desktop,
            "web" => Platform::Web,
            "mac" => Platform::Mac,
            "mobile" => Platform::Mobile,
            "consumer" => Platform::Consumer,
            "business" => Platform::Business,
            _ => return None,
        })
    }
}

/// The clients: naming one of them makes articles for another a worse
/// answer. (Consumer and business are an edition, not a client.)
const CLIENTS: u8 =
    Platform::Desktop as u8 | Platform::Web as u8 | Platform::Mac as u8 | Platform::Mobile as u8;

/// Factor for an article written for another client than the one the
/// description names.
const OTHER_CLIENT: f32 = 0.75;
/// Factor for an article written for one client when the description
/// names none (the installed apps are what most customers mean).
const UNNAMED_CLIENT: f32 = 0.9;
/// Factor for a consumer Outlook.com article when the description is
/// about an organisation and does not name Outlook.com or Hotmail.
const CONSUMER_FOR_BUSINESS: f32 = 0.75;

/// The clients and edition an article is written for, from its file name:
/// the file names are the articles' English titles and name the variant
/// consistently (`owa-block-senders`, `outlook-com-…`, `…-on-a-mac`).
pub fn of_article(article: &Article) -> u8 {
    let slug = article.slug().to_ascii_lowercase();
    let words: Vec<&str> = slug
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut set = 0;
    let has = |w: &str| words.contains(&w);
    let pair = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);
    if has("owa") || (pair("on", "the") && has("web")) {
        set |= Platform::Web as u8;
    }
    if has("mac") || has("macos") {
        set |= Platform::Mac as u8;
    }
    if ["ios", "iphone", "ipad", "android", "mobile"]
        .iter()
        .any(|w| has(w))
    {
        set |= Platform::Mobile as u8;
    }
    if pair("outlook", "com") || has("hotmail") {
        set |= Platform::Consumer as u8;
    }
    set
}

/// The words by which a description names a client or edition
/// (`src/nl/lexicon/platforms.txt`, one section per platform).
static NAMES: LazyLock<HashMap<&'static str, Platform>> = LazyLock::new(|| {
    let mut names = HashMap::new();
    for (section, words) in lexicon::platforms() {
        let Some(platform) = Platform::from_name(section) else {
            tracing::warn!(section, "platforms.txt: unknown platform");
            continue;
        };
        for word in words {
            names.insert(word.as_str(), platform);
        }
    }
    names
});

/// The clients and edition a description names.
pub fn of_description(words: &[Word]) -> u8 {
    let mut set = 0;
    for (i, word) in words.iter().enumerate() {
        let folded = word.folded.as_str();
        if let Some(platform) = NAMES.get(folded) {
            set |= *platform as u8;
        }
        // `outlook.com` is analysed as two words.
        if folded == "com" && i > 0 && words[i - 1].folded == "outlook" {
            set |= Platform::Consumer as u8 | Platform::Web as u8;
        }
    }
    set
}

/// How well an article's client and edition suit the description: 1, or
/// less for an article for another client than the one named (or for one
/// particular client when none is named), and for a consumer Outlook.com
/// article when the description speaks of an organisation.
pub fn fit(article: u8, description: u8) -> f32 {
    let mut fit = 1.0;
    let clients = article & CLIENTS;
    if clients != 0 && clients & description == 0 {
        fit *= if description & CLIENTS == 0 {
            UNNAMED_CLIENT
        } else {
            OTHER_CLIENT
        };
    }
    let consumer = Platform::Consumer as u8;
    if article & consumer != 0
        && description & consumer == 0
        && description & Platform::Business as u8 != 0
    {
        fit *= CONSUMER_FOR_BUSINESS;
    }
    fit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nl::analysis::words;

    fn named(text: &str) -> u8 {
        of_description(&words(text))
    }

    #[test]
    fn every_section_of_the_list_is_a_platform() {
        for (section, _) in lexicon::platforms() {
            assert!(Platform::from_name(section).is_some(), "{section}");
        }
    }

    #[test]
    fn descriptions_name_clients_and_editions() {
        assert_eq!(named("Outlook op mijn laptop"), Platform::Desktop as u8);
        assert_eq!(
            named("mail in outlook.com"),
            Platform::Consumer as u8 | Platform::Web as u8
        );
        assert_eq!(
            named("op mijn iPhone en mijn MacBook"),
            Platform::Mobile as u8 | Platform::Mac as u8
        );
        assert_eq!(
            named("een collega kan niet mailen"),
            Platform::Business as u8
        );
        assert_eq!(named("mijn wachtwoord werkt niet"), 0);
    }

    #[test]
    fn another_client_counts_less_than_an_unnamed_one() {
        let web = Platform::Web as u8;
        let desktop = Platform::Desktop as u8;
        assert_eq!(fit(0, desktop), 1.0);
        assert_eq!(fit(web, web | desktop), 1.0);
        assert!(fit(web, desktop) < fit(web, 0));
        assert!(fit(web, 0) < 1.0);
    }

    #[test]
    fn consumer_articles_count_less_for_an_organisation() {
        let consumer = Platform::Consumer as u8;
        let business = Platform::Business as u8;
        assert!(fit(consumer, business) < 1.0);
        assert_eq!(fit(consumer, 0), 1.0);
        assert_eq!(fit(consumer, business | consumer), 1.0);
    }
}
