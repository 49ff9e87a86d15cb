//! The content pipeline: a content root on disk becomes a list of rendered
//! [`Article`]s plus the [`Problem`]s found on the way.
//!
//! A content root holds collections (its subfolders). Every `.md` file
//! outside `includes/` folders is an article whose id is its path relative
//! to the root without `.md`. Malformed files are reported with file, line
//! and reason, and skipped; everything else is served.

pub mod front_matter;
mod include;
pub mod links;
pub mod loader;
pub mod markdown;
pub mod markers;
pub mod plain_text;
pub mod redirects;
mod removed;
mod render;
pub mod reuse;
pub mod sanitize;
pub mod title;

use std::borrow::Cow;
use std::fmt;

pub use front_matter::FrontMatter;
pub use loader::{LoadError, Loaded, load, load_reusing};
pub use markdown::TocEntry;

use crate::i18n::UiLocale;

/// One article, rendered once at load time.
#[derive(Debug, Clone)]
pub struct Article {
    /// Path relative to the content root without `.md`; permanent.
    pub id: String,
    /// The first path segment of the id.
    pub collection: String,
    /// The file, relative to the content root.
    pub source: String,
    pub meta: FrontMatter,
    /// The title readers see: [`title::clean`] applied to the front
    /// matter's title (or the H1).
    pub title: String,
    /// The title as written, which search and matching index.
    pub source_title: String,
    pub description: String,
    pub date: Option<jiff::civil::Date>,
    /// The anchor of the title heading, kept as the page's `<h1>` id.
    pub title_anchor: Option<String>,
    /// Sanitised body HTML per UI locale, in [`UiLocale::ALL`] order.
    body_html: Vec<String>,
    pub toc: Vec<TocEntry>,
    pub headings: Vec<String>,
    /// Heading anchors, kept and generated (`declined-credit-card`, …).
    pub anchors: Vec<String>,
    /// Plain text of the body.
    pub text: String,
    /// Ids of loaded articles this one links to (deduplicated, in order).
    pub links_to: Vec<String>,
    /// The plain-text rendition with markers; see [`plain_text::for_locale`].
    pub plain: String,
}

impl Article {
    /// The sanitised body HTML for a UI locale.
    pub fn body_html(&self, locale: UiLocale) -> &str {
        let index = UiLocale::ALL.iter().position(|l| *l == locale).unwrap_or(0);
        self.body_html
            .get(index)
            .or_else(|| self.body_html.first())
            .map_or("", String::as_str)
    }

    /// The article's path below a locale prefix: `/articles/{id}`.
    pub fn path(&self) -> String {
        links::article_path(&self.id)
    }

    /// The article's URL for a UI locale: `/nl-nl/articles/{id}`.
    pub fn url(&self, locale: UiLocale) -> String {
        format!("/{}{}", locale.path_segment(), self.path())
    }

    /// The language the article is written in (`ms.contentlocale`, else
    /// nl-NL), for the `lang` attribute: the UI may be in another language.
    pub fn content_lang(&self) -> &str {
        self.meta
            .ms_contentlocale
            .as_deref()
            .filter(|l| {
                !l.is_empty()
                    && l.len() <= 20
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            .unwrap_or("nl-NL")
    }

    /// The English words hidden in the file name: `declined-credit-card`.
    pub fn slug(&self) -> &str {
        self.id.rsplit('/').next().unwrap_or(&self.id)
    }
}

/// How bad a problem is: errors skip the file, warnings only report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem in the content, reported as `file:line: reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, relative to the content root.
    pub file: String,
    pub line: usize,
    pub severity: Severity,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)?;
        if self.severity == Severity::Error {
            f.write_str(" (article skipped)")?;
        }
        Ok(())
    }
}

/// Strips a UTF-8 byte-order mark and turns CRLF (and lone CR) into LF.
pub fn normalise_text(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}
