//! The English original of a machine-translated article: the address of
//! the same page on its collection's origin site, in en-US.
//!
//! It is built from the collection's first `origins` entry (as links that
//! leave the portal are): the locale segment becomes `en-us` and the
//! article's path inside the collection follows. For the shared corpus's
//! azure-billing that is the folder the files were published in
//! (`…/en-us/azure/billing/billing-spending-limit`), whose pages Microsoft
//! Learn forwards to their renamed successors.

use crate::content::links::{encode_segment, is_locale_segment, split_site};

/// The locale segment of the original.
const ORIGINAL_LOCALE: &str = "en-us";

/// The en-US URL of the article whose path inside its collection is
/// `inside`, on the site `origin` (an `https://host/path/` prefix); `None`
/// when `origin` is not an http(s) URL.
pub fn url(origin: &str, inside: &str) -> Option<String> {
    let origin = origin.trim();
    if !(origin.starts_with("https://") || origin.starts_with("http://")) {
        return None;
    }
    let (site, path) = split_site(origin)?;
    if site.ends_with("://") || inside.is_empty() {
        return None;
    }
    let segments: Vec<String> = std::iter::once(ORIGINAL_LOCALE.to_owned())
        .chain(
            path.split('/')
                .filter(|s| !s.is_empty() && !is_locale_segment(s))
                .map(str::to_owned),
        )
        .chain(inside.split('/').map(encode_segment))
        .collect();
    Some(format!("{site}/{}", segments.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_original_is_the_en_us_page_under_the_origin() {
        assert_eq!(
            url(
                "https://docs.microsoft.com/azure/billing/",
                "billing-spending-limit"
            )
            .as_deref(),
            Some("https://docs.microsoft.com/en-us/azure/billing/billing-spending-limit")
        );
        assert_eq!(
            url(
                "https://learn.microsoft.com/nl-nl/AlchemyInsights",
                "password-sync"
            )
            .as_deref(),
            Some("https://learn.microsoft.com/en-us/AlchemyInsights/password-sync")
        );
        assert_eq!(
            url("https://example.org", "a b").as_deref(),
            Some("https://example.org/en-us/a%20b")
        );
    }

    #[test]
    fn origins_that_are_not_web_addresses_give_nothing() {
        assert_eq!(url("javascript:alert(1)//", "x"), None);
        assert_eq!(url("docs.microsoft.com/x", "x"), None);
        assert_eq!(url("https://", "x"), None);
    }
}
