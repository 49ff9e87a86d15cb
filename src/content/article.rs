//! The [`Article`]: one rendered article as the rest of the portal sees it.
//! An [`Article`] is a shared handle to its [`ArticleData`]: a reload that
//! takes an article over puts the same data in the new snapshot (a pointer
//! copy), and the old snapshot keeps answering with it until dropped.

use std::borrow::Cow;
use std::ops::Deref;
use std::sync::Arc;

use super::front_matter::FrontMatter;
use super::links;
use super::markdown::outline::TocEntry;
use super::markers;
use super::packed::Packed;
use crate::i18n::UiLocale;

/// One article, rendered once at load time; cloning it shares the data.
/// Fields are read through [`Deref`]: `article.title`.
#[derive(Debug, Clone)]
pub struct Article(Arc<ArticleData>);

impl Article {
    pub(in crate::content) fn new(data: ArticleData) -> Article {
        Article(Arc::new(data))
    }

    /// Whether `self` and `other` are the same rendered article (one
    /// snapshot took it over from the other), not just equal.
    pub fn same(&self, other: &Article) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for Article {
    type Target = ArticleData;

    fn deref(&self) -> &ArticleData {
        &self.0
    }
}

/// What an [`Article`] holds; never changed once made.
#[derive(Debug)]
pub struct ArticleData {
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
    /// Sanitised body HTML with markers for the locale prefix and the UI
    /// messages ([`markers`]): one rendition for every UI locale.
    /// Kept compressed ([`Packed`]).
    pub(in crate::content) body_marked: Packed,
    pub toc: Vec<TocEntry>,
    pub headings: Vec<String>,
    /// Heading anchors, kept and generated (`declined-credit-card`, …).
    pub anchors: Vec<String>,
    /// Plain text of the body.
    pub text: String,
    /// Ids of loaded articles this one links to (deduplicated, in order).
    pub links_to: Vec<String>,
    /// The plain-text rendition with markers, kept compressed; see
    /// [`super::plain_text::for_locale`].
    pub plain: Packed,
}

impl ArticleData {
    /// The sanitised body HTML for a UI locale, made from the one rendition
    /// with markers: the locale prefix in links and the UI messages filled in.
    pub fn body(&self, locale: UiLocale) -> Cow<'_, str> {
        let marked = self.body_marked.text();
        if !marked.contains('\u{E000}') {
            return Cow::Owned(marked);
        }
        let prefix = format!("/{}", locale.path_segment());
        Cow::Owned(markers::localize(&marked, &prefix, |key| locale.t(key)))
    }

    /// The bytes the body is kept in (compressed, with markers).
    pub fn body_kept_bytes(&self) -> usize {
        self.body_marked.packed_len()
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
