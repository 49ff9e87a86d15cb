//! What every page shares: the locale, the `<head>` data, the header with
//! its search box and language switch, and the footer.

use std::fmt;

use crate::i18n::UiLocale;

use super::assets;

/// The page frame every template extends (`templates/base.html`).
#[derive(Debug, Clone)]
pub struct Layout {
    pub locale: UiLocale,
    /// The page title, without the site name.
    pub title: String,
    pub description: String,
    /// Absolute canonical URL, when the page has one.
    pub canonical: Option<String>,
    pub noindex: bool,
    /// This page's path below the locale (`/articles/x`), for the language switch.
    pub path: String,
    /// What stays in the header's search box.
    pub query: String,
    /// Open Graph type: `website` or `article`.
    pub og_type: &'static str,
    /// Whether the page exists under every locale prefix (false for the
    /// staff pages, whose locale comes from `Accept-Language`).
    pub localized_path: bool,
}

impl Layout {
    pub fn new(locale: UiLocale, title: impl Into<String>, path: impl Into<String>) -> Layout {
        Layout {
            locale,
            title: title.into(),
            description: String::new(),
            canonical: None,
            noindex: false,
            path: path.into(),
            query: String::new(),
            og_type: "website",
            localized_path: true,
        }
    }

    /// A UI message.
    pub fn t(&self, key: &str) -> String {
        self.locale.t(key)
    }

    /// A UI message with a numeric `$count`.
    pub fn t_count(&self, key: &str, count: &usize) -> String {
        self.locale
            .t_count(key, u64::try_from(*count).unwrap_or(u64::MAX))
    }

    /// A UI message with one string argument.
    pub fn t_with(&self, key: &str, name: &'static str, value: &str) -> String {
        self.locale.t_with(key, name, value)
    }

    /// `nl-NL`
    pub fn lang(&self) -> &'static str {
        self.locale.lang_tag()
    }

    /// `nl_NL`, for Open Graph.
    pub fn og_locale(&self) -> String {
        self.locale.lang_tag().replace('-', "_")
    }

    /// `/nl-nl`
    pub fn prefix(&self) -> String {
        format!("/{}", self.locale.path_segment())
    }

    /// The other UI locales with this page's URL in each.
    pub fn alternates(&self) -> Vec<(UiLocale, String)> {
        UiLocale::ALL
            .into_iter()
            .filter(|l| *l != self.locale && self.localized_path)
            .map(|l| (l, format!("/{}{}", l.path_segment(), self.path)))
            .collect()
    }

    /// A language's name in that language, for the language switch.
    pub fn language_name(&self, locale: &UiLocale) -> &'static str {
        match locale {
            UiLocale::NlNl => "Nederlands",
            UiLocale::EnUs => "English",
        }
    }

    pub fn css_url(&self) -> &'static str {
        assets::url("app.css")
    }

    pub fn js_url(&self) -> &'static str {
        assets::url("app.js")
    }
}

/// HTML that was sanitised when the library was built; templates print it
/// as is. Nothing else may be wrapped in it.
pub struct TrustedHtml<'a>(pub &'a str);

impl fmt::Display for TrustedHtml<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl askama::filters::HtmlSafe for TrustedHtml<'_> {}
