//! Where a resolved link takes the reader, written for one rendition: the
//! one place that turns a [`Target`] into a URL, for the HTML page, the
//! plain text and links left in raw HTML alike.

use super::parse::Target;
use crate::content::links::{Resolution, article_path, encode_segment};
use crate::content::markers::{BASE_MARKER, LOCALE_MARKER};

/// The rendition a URL is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendition {
    /// The article page: fragments and media relative to the page.
    Page,
    /// Text pasted elsewhere: every URL absolute (with markers).
    Text,
}

/// The URL of a link from article `from_id`; `None` when it has nowhere to
/// go (an unresolved link without an origin-site page).
pub fn url(from_id: &str, target: &Target, rendition: Rendition) -> Option<String> {
    let resolution = match target {
        Target::Email(address) => {
            return Some(match rendition {
                Rendition::Page => format!("mailto:{address}"),
                Rendition::Text => address.trim_start_matches("mailto:").to_owned(),
            });
        }
        Target::Resolved(resolution) => resolution,
    };
    match (resolution, rendition) {
        (Resolution::Article { id, fragment }, _) => Some(with_fragment(
            format!("{LOCALE_MARKER}{}", article_path(id)),
            fragment.as_deref(),
        )),
        (Resolution::Fragment(fragment), Rendition::Page) => Some(format!("#{fragment}")),
        (Resolution::Fragment(fragment), Rendition::Text) => Some(with_fragment(
            format!("{LOCALE_MARKER}{}", article_path(from_id)),
            Some(fragment),
        )),
        (Resolution::Media(path), Rendition::Page) => Some(format!("/media/{}", encode_path(path))),
        (Resolution::Media(path), Rendition::Text) => {
            Some(format!("{BASE_MARKER}/media/{}", encode_path(path)))
        }
        (Resolution::External(url), _) => Some(url.clone()),
        (Resolution::Unresolved { fallback }, _) => fallback.clone(),
    }
}

/// Whether a link leaves the portal (and says so to screen readers).
pub fn is_outbound(target: &Target) -> bool {
    matches!(
        target,
        Target::Resolved(Resolution::External(_) | Resolution::Unresolved { fallback: Some(_) })
    )
}

fn with_fragment(url: String, fragment: Option<&str>) -> String {
    match fragment {
        Some(f) => format!("{url}#{f}"),
        None => url,
    }
}

/// A root-relative file path with every segment percent-encoded.
fn encode_path(path: &str) -> String {
    path.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(target: Target) -> (Option<String>, Option<String>) {
        (
            url("c/a b", &target, Rendition::Page),
            url("c/a b", &target, Rendition::Text),
        )
    }

    fn resolved(resolution: Resolution) -> Target {
        Target::Resolved(resolution)
    }

    #[test]
    fn each_target_in_each_rendition() {
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            both(resolved(Resolution::Article {
                id: "c/x y".into(),
                fragment: Some("f".into())
            })),
            (
                some("\u{E000}locale\u{E001}/articles/c/x%20y#f"),
                some("\u{E000}locale\u{E001}/articles/c/x%20y#f")
            )
        );
        assert_eq!(
            both(resolved(Resolution::Fragment("s".into()))),
            (
                some("#s"),
                some("\u{E000}locale\u{E001}/articles/c/a%20b#s")
            )
        );
        assert_eq!(
            both(resolved(Resolution::Media("c/media/p q.png".into()))),
            (
                some("/media/c/media/p%20q.png"),
                some("\u{E000}base\u{E001}/media/c/media/p%20q.png")
            )
        );
        assert_eq!(
            both(Target::Email("a@b.nl".into())),
            (some("mailto:a@b.nl"), some("a@b.nl"))
        );
        assert_eq!(
            both(resolved(Resolution::Unresolved { fallback: None })),
            (None, None)
        );
        assert!(is_outbound(&resolved(Resolution::Unresolved {
            fallback: Some("https://x".into())
        })));
        assert!(!is_outbound(&Target::Email("a@b.nl".into())));
    }
}
