//! Sanitising rendered article HTML with ammonia: raw HTML from Markdown
//! loses scripts, event handlers and `javascript:` URLs, while the markup the
//! renderer itself writes (heading ids, `<a name>` anchors, callouts, section
//! links) survives. Relative URLs in raw HTML are resolved like Markdown links.

use std::borrow::Cow;
use std::cell::Cell;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, PoisonError};

use ammonia::{Builder, UrlRelative};

use super::links::{LinkIndex, Resolution};
use super::markdown::parse::Target;
use super::markdown::url::{Rendition, url as link_url};
use super::markers::LOCALE_MARKER;

const CLASSES: &[(&str, &[&str])] = &[
    (
        "div",
        &[
            "callout",
            "callout-note",
            "callout-tip",
            "callout-important",
            "callout-warning",
            "callout-caution",
            "table-wrap",
        ],
    ),
    ("p", &["callout-label"]),
    ("a", &["heading-anchor", "external"]),
    ("span", &["visually-hidden"]),
];

/// Sanitises the HTML of article `id`, resolving relative URLs left in raw
/// HTML (`<img src="media/x.png">`, `<a href="other.md">`) through `links`
/// (a load makes one [`Sanitizer`] per thread instead).
pub fn sanitize(id: &str, html: &str, links: &LinkIndex) -> String {
    Sanitizer::new(links).clean(id, html)
}

/// The policy built once and used for many articles: making ammonia's
/// builder costs about as much as cleaning a short article. One per
/// thread (it is `Send`, not `Sync`): it remembers which article it is
/// cleaning for the URL rule.
pub struct Sanitizer<'a> {
    links: &'a LinkIndex,
    builder: Builder<'a>,
    /// The id of the article being cleaned, read by the URL rule.
    article: Arc<Mutex<String>>,
    not_sync: PhantomData<Cell<()>>,
}

impl<'a> Sanitizer<'a> {
    /// The policy, resolving relative URLs in raw HTML through `links`.
    pub fn new(links: &'a LinkIndex) -> Sanitizer<'a> {
        let article = Arc::new(Mutex::new(String::new()));
        let current = Arc::clone(&article);
        let rewrite = relative_url_rule(move |url: &str| -> Option<Cow<'_, str>> {
            if url.starts_with(LOCALE_MARKER) || url.starts_with('/') || url.starts_with('#') {
                return Some(Cow::Borrowed(url));
            }
            let id = current.lock().unwrap_or_else(PoisonError::into_inner);
            // Raw HTML may only point inside the portal.
            match links.resolve(&id, url) {
                resolution @ (Resolution::Article { .. }
                | Resolution::Fragment(_)
                | Resolution::Media(_)) => {
                    link_url(&id, &Target::Resolved(resolution), Rendition::Page).map(Cow::Owned)
                }
                Resolution::External(_) | Resolution::Unresolved { .. } => None,
            }
        });
        let mut builder = policy();
        builder.url_relative(UrlRelative::Custom(Box::new(rewrite)));
        Sanitizer {
            links,
            builder,
            article,
            not_sync: PhantomData,
        }
    }

    /// The link index relative URLs are resolved through.
    pub fn links(&self) -> &'a LinkIndex {
        self.links
    }

    /// The sanitised HTML of article `id`.
    pub fn clean(&self, id: &str, html: &str) -> String {
        {
            let mut article = self.article.lock().unwrap_or_else(PoisonError::into_inner);
            article.clear();
            article.push_str(id);
        }
        self.builder.clean(html).to_string()
    }
}

/// What sanitising keeps: ammonia's defaults plus the markup the renderer
/// writes. [`super::removed`] reads the same policy to report what goes.
pub(super) fn policy<'a>() -> Builder<'a> {
    let mut builder = Builder::default();
    builder
        .add_tags(["div", "span", "section"])
        .add_tag_attributes("a", ["name", "id"])
        .add_tag_attributes("span", ["aria-hidden"])
        .add_tag_attributes("div", ["role"])
        .add_tag_attributes("td", ["align"])
        .add_tag_attributes("th", ["align"])
        .link_rel(Some("noopener noreferrer"));
    for tag in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        builder.add_tag_attributes(tag, ["id"]);
    }
    for (tag, classes) in CLASSES {
        builder.add_allowed_classes(tag, classes.iter().copied());
    }
    builder
}

/// Pins the closure's signature to ammonia's higher-ranked `Fn(&str)`.
fn relative_url_rule<F>(f: F) -> F
where
    F: for<'u> Fn(&'u str) -> Option<Cow<'u, str>> + Send + Sync,
{
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        let links = LinkIndex::new(["c/other"], []);
        sanitize("c/a", html, &links)
    }

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed() {
        let out = clean(
            "<p>ok<script>alert(1)</script><img src=x onerror=alert(1)><a href=\"javascript:alert(1)\">x</a></p>",
        );
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("onerror"), "{out}");
        assert!(!out.contains("javascript:"), "{out}");
    }

    #[test]
    fn renderer_markup_and_anchors_survive() {
        let html = "<h2 id=\"x\">T <a class=\"heading-anchor\" href=\"#x\"><span aria-hidden=\"true\">#</span></a></h2><div class=\"callout callout-note\" role=\"note\"><p class=\"callout-label\">\u{E000}callout-note\u{E001}</p></div><a name=\"keep\"></a><div class=\"evil\">e</div>";
        let out = clean(html);
        assert!(out.contains("<h2 id=\"x\">"), "{out}");
        assert!(out.contains("class=\"heading-anchor\""), "{out}");
        assert!(
            out.contains("class=\"callout callout-note\" role=\"note\""),
            "{out}"
        );
        assert!(out.contains("\u{E000}callout-note\u{E001}"), "{out}");
        assert!(out.contains("name=\"keep\""), "{out}");
        assert!(!out.contains("evil"), "{out}");
    }

    #[test]
    fn raw_html_relative_urls_resolve() {
        let out = clean(
            "<img src=\"media/pic.png\" alt=\"p\"><a href=\"other.md#s\">o</a><a href=\"gone.md\">g</a>",
        );
        assert!(out.contains("src=\"/media/c/media/pic.png\""), "{out}");
        assert!(
            out.contains("href=\"\u{E000}locale\u{E001}/articles/c/other#s\""),
            "{out}"
        );
        assert!(!out.contains("gone.md"), "{out}");
    }
}
