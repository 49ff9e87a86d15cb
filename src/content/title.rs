//! Titles as readers see them: without the source system's number in front.
//!
//! Many Alchemy Insights titles start with the number of the tip they came
//! from (`8000001 Postvak IN met focus uitschakelen`, `1047 AntiSpam 550
//! 5.7.708 …`, `8000016: een map verwijderen`, `1221-import-export-…`).
//! The rule, precisely: a title is shown without its start when it begins
//! with
//!
//! 1. a bare decimal number of at least three ASCII digits (so `0x8004de40`,
//!    `5.1.90` and `1:1` never match: a hex code, a dotted status code and a
//!    ratio are not bare numbers),
//! 2. followed by a separator — spaces, or a hyphen or colon with optional
//!    spaces around it —
//! 3. followed by text that has a letter in it,
//!
//! unless the number is also a word of the article's file name
//! (`401-unauthorized-error-sharepoint`: there the number is the subject,
//! the HTTP status). A remainder whose first word is all lower case gets a
//! capital (`8000059 nieuwe map maken` → `Nieuwe map maken`); words with
//! capitals inside (`eDiscovery`) are left alone.
//!
//! The origin site's name at the end (`Bestedings limiet van Azure |
//! Microsoft Docs`, the `<title>` suffix of docs.microsoft.com) is left
//! out as well: [`SITE_SUFFIX`], ignoring case and the spaces around `|`.
//!
//! The front matter is never changed: search still indexes the title as
//! written, so the number still finds the article.

/// Fewest digits a number needs to count as a source artefact.
const MIN_DIGITS: usize = 3;
/// The origin site's name some titles end with, after a `|`.
pub const SITE_SUFFIX: &str = "microsoft docs";

/// The title to show for `title`, from the file `slug`; `None` when the
/// title is shown as written.
pub fn clean(title: &str, slug: &str) -> Option<String> {
    let without_site = strip_site_name(title);
    let shown = match strip_number(without_site, slug) {
        Some(rest) => capitalise(rest),
        None => without_site.to_owned(),
    };
    (shown != title).then_some(shown)
}

/// `title` without a trailing `| Microsoft Docs`, when something is left.
fn strip_site_name(title: &str) -> &str {
    let Some((before, after)) = title.rsplit_once('|') else {
        return title;
    };
    let before = before.trim_end();
    if after.trim().eq_ignore_ascii_case(SITE_SUFFIX) && !before.is_empty() {
        before
    } else {
        title
    }
}

/// The text after a leading source number, when the rule above applies.
fn strip_number<'a>(title: &'a str, slug: &str) -> Option<&'a str> {
    let digits = title.bytes().take_while(u8::is_ascii_digit).count();
    if digits < MIN_DIGITS {
        return None;
    }
    let (number, after) = title.split_at(digits);
    let rest = strip_separator(after)?;
    if !rest.chars().any(char::is_alphabetic) || in_file_name(number, slug) {
        return None;
    }
    Some(rest)
}

/// The text after a separator (spaces, or `-`/`:` with optional spaces);
/// `None` when `after` does not start with one.
fn strip_separator(after: &str) -> Option<&str> {
    let spaced = after.trim_start_matches([' ', '\t']);
    let gap = after.len() - spaced.len();
    let rest = match spaced.strip_prefix(['-', ':']) {
        Some(rest) => rest.trim_start_matches([' ', '\t']),
        None if gap > 0 => spaced,
        None => return None,
    };
    (!rest.is_empty()).then_some(rest)
}

/// Whether `number` is a whole word of the file name.
fn in_file_name(number: &str, slug: &str) -> bool {
    slug.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| word == number)
}

/// `rest` with a capital first letter when its first word is all lower case.
fn capitalise(rest: &str) -> String {
    let first_word = rest.split_whitespace().next().unwrap_or("");
    let mut chars = rest.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() && !first_word.chars().any(char::is_uppercase) => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => rest.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_numbers_are_left_out() {
        let cases = [
            (
                "8000001 Postvak IN met focus uitschakelen",
                "turn-off-focused-inbox",
                "Postvak IN met focus uitschakelen",
            ),
            (
                "1047 AntiSpam 550 5.7.708 Service niet beschikbaar",
                "antispam-550",
                "AntiSpam 550 5.7.708 Service niet beschikbaar",
            ),
            (
                "1048 5.7.750 Service niet beschikbaar",
                "x",
                "5.7.750 Service niet beschikbaar",
            ),
            (
                "8000016: een map verwijderen",
                "owa-how-to-delete-a-folder",
                "Een map verwijderen",
            ),
            (
                "8000068 - Outlook.com-account toevoegen - SPAANS",
                "x",
                "Outlook.com-account toevoegen - SPAANS",
            ),
            (
                "1221-import-export-outlook-email",
                "import-export",
                "Import-export-outlook-email",
            ),
            (
                "1488-perform-eDiscovery-and-content-searches",
                "x",
                "perform-eDiscovery-and-content-searches",
            ),
            ("1829 eDiscovery issues", "x", "eDiscovery issues"),
        ];
        for (title, slug, shown) in cases {
            assert_eq!(clean(title, slug).as_deref(), Some(shown), "{title}");
        }
    }

    #[test]
    fn the_origin_site_name_is_left_out() {
        assert_eq!(
            clean(
                "Bestedings limiet van Azure | Microsoft Docs",
                "billing-spending-limit"
            )
            .as_deref(),
            Some("Bestedings limiet van Azure")
        );
        assert_eq!(clean("A|microsoft docs ", "x").as_deref(), Some("A"));
        assert_eq!(clean("| Microsoft Docs", "x"), None);
        assert_eq!(clean("Teams | Outlook", "x"), None);
    }

    #[test]
    fn meaningful_leading_numbers_stay() {
        for (title, slug) in [
            (
                "0x8004de40 fout bij het starten van OneDrive",
                "error-when-logging-into-onedrive",
            ),
            (
                "5.1.90 Uw bericht kan niet worden verzonden",
                "5-1-90-your-message",
            ),
            ("1:1 oproepopname", "1-1-call-recording"),
            (
                "401 Niet-geautoriseerde fout in SharePoint",
                "401-unauthorized-error-sharepoint",
            ),
            ("12 stappen", "twelve-steps"),
            ("365 123", "x"),
            ("2019", "x"),
            ("1234abc titel", "x"),
            ("Office 365 beheren", "x"),
        ] {
            assert_eq!(clean(title, slug), None, "{title}");
        }
    }
}
