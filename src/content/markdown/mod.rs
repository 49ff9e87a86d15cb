//! Markdown → every rendition of one article. The body is parsed once
//! ([`parse`]: links resolved, headings named) and each rendition is a pass
//! over that [`parse::Document`]: the HTML ([`html`]), the plain text
//! ([`plain`]), the outline ([`outline`]: title, table of contents,
//! anchors), the search text ([`search_text`]) and the link list. Where a
//! link takes the reader is decided in one place, [`url`].
//!
//! The HTML still has to pass [`super::sanitize`]; strings that depend on
//! the UI locale are left as markers ([`super::markers`]).

pub mod html;
pub mod outline;
pub mod parse;
pub mod plain;
pub mod search_text;
mod slug;
mod syntax;
pub mod url;

pub use super::markers::{fill_markers, localize, message_marker, strip_marker_chars};
pub use outline::TocEntry;
pub use slug::slugify;

use super::links::{LinkIndex, Resolution};
use parse::{Document, Target};

/// A link found in the article, with how it resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundLink {
    pub href: String,
    pub resolution: Resolution,
    /// Line in the Markdown body (1-based), for `check` reports.
    pub body_line: usize,
}

/// One article's Markdown rendered once.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Body HTML (unsanitised, with markers), without the title H1.
    pub html: String,
    /// The first H1's text, and its anchor name when it had one.
    pub h1: Option<String>,
    pub h1_id: Option<String>,
    pub toc: Vec<TocEntry>,
    /// Every heading's text, in order (H1 excluded).
    pub headings: Vec<String>,
    /// Every heading anchor (kept or generated), e.g. `declined-credit-card`.
    pub anchors: Vec<String>,
    /// The visible text of the body, for search and matching.
    pub text: String,
    /// The links of the body outside headings (not images, not e-mail).
    pub links: Vec<FoundLink>,
    /// The plain-text rendition, with markers ([`super::plain_text`]).
    pub plain: String,
    /// `(body line, reason)` for what sanitising removes ([`super::removed`]).
    pub removed: Vec<(usize, String)>,
}

/// Renders `markdown` (the article `id`'s body) resolving links with `links`.
pub fn render(id: &str, markdown: &str, links: &LinkIndex) -> Rendered {
    let markdown = strip_marker_chars(markdown);
    let doc = parse::parse(id, &markdown, links);
    let outline = outline::outline(&doc);
    Rendered {
        html: html::render(id, &doc),
        h1: outline.title,
        h1_id: outline.title_id,
        toc: outline.toc,
        headings: outline.headings,
        anchors: outline.anchors,
        text: search_text::search_text(&doc),
        links: found_links(&doc),
        plain: plain::render(id, &doc),
        removed: super::removed::report(&doc),
    }
}

/// The links that count as the article's own: outside headings, not
/// images, not e-mail addresses.
fn found_links(doc: &Document<'_>) -> Vec<FoundLink> {
    doc.links
        .iter()
        .filter(|link| !link.in_heading && !link.is_image())
        .filter_map(|link| match &link.target {
            Target::Resolved(resolution) => Some(FoundLink {
                href: link.href().to_owned(),
                resolution: resolution.clone(),
                body_line: doc.line_of(link.offset),
            }),
            Target::Email(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_plain(md: &str) -> Rendered {
        render("c/a", md, &LinkIndex::default())
    }

    #[test]
    fn anchor_headings_keep_their_names() {
        let r = render_plain(
            "# <a name=\"declined\"></a>Geweigerd\n\nTekst\n\n## <a name=\"the-card-is-inactive-or-blocked\"></a>De kaart is geblokkeerd\n\n## Gewone kop\n\n## Gewone kop\n",
        );
        assert_eq!(r.h1.as_deref(), Some("Geweigerd"));
        assert_eq!(r.h1_id.as_deref(), Some("declined"));
        assert!(!r.html.contains("<h1"), "{}", r.html);
        assert!(
            r.html
                .contains("<h2 id=\"the-card-is-inactive-or-blocked\">De kaart is geblokkeerd")
        );
        assert!(r.html.contains("<h2 id=\"gewone-kop\">"));
        assert!(r.html.contains("<h2 id=\"gewone-kop-2\">"));
        assert!(r.html.contains("href=\"#gewone-kop-2\""));
        assert_eq!(r.toc.len(), 3);
        assert!(!r.html.contains("name=\"declined\""));
    }

    #[test]
    fn callouts_of_any_case_become_labelled_blocks() {
        for (src, class, key) in [
            (">[!Note]\n>Let op dit.", "note", "callout-note"),
            ("> [!TIP]\n> Tip.", "tip", "callout-tip"),
            (">[!important]\n>x", "important", "callout-important"),
            ("> [!WARNING]\n> x", "warning", "callout-warning"),
            ("> [!CAUTION]\n> x", "caution", "callout-caution"),
        ] {
            let r = render_plain(src);
            assert!(
                r.html.contains(&format!("callout callout-{class}")),
                "{src}: {}",
                r.html
            );
            let localized = localize(&r.html, "/nl-nl", |k| format!("[{k}]"));
            assert!(localized.contains(&format!("[{key}]")), "{localized}");
        }
    }

    #[test]
    fn unresolved_relative_links_render_as_text() {
        let r = render_plain("Zie [de ander](missing.md) en [extern](https://example.com).");
        assert!(!r.html.contains("missing.md"), "{}", r.html);
        assert!(r.html.contains("de ander"));
        assert!(
            r.html
                .contains("href=\"https://example.com\" class=\"external\"")
        );
        assert_eq!(r.links.len(), 2);
        assert_eq!(r.links[0].body_line, 1);
    }

    #[test]
    fn marker_characters_in_source_are_removed() {
        let r = render_plain("tekst \u{E000}locale\u{E001} meer");
        assert!(!r.html.contains('\u{E000}'));
    }
}
