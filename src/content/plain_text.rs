//! The plain-text rendition of an article, for support staff to paste into
//! an email: title, notices and description above the body, the article's
//! own URL below.
//!
//! The body is rendered once at load time with markers
//! ([`super::markdown::plain`]); [`for_locale`] fills in the absolute base
//! URL, the locale and the localized callout labels.

pub use super::markers::BASE_MARKER;

use super::article::Article;
use super::links::article_path;
use super::markers::{LOCALE_MARKER, fill_markers, strip_marker_chars};
use crate::i18n::UiLocale;

/// The finished text for `locale`: title, the machine-translation notice
/// (with the `original`'s URL, when known), description, body and the
/// article's own URL, absolute under `base_url`.
pub fn for_locale(
    article: &Article,
    base_url: &str,
    locale: UiLocale,
    original: Option<&str>,
) -> String {
    let base = base_url.trim_end_matches('/');
    let prefix = format!("{base}/{}", locale.path_segment());
    let mut out = String::with_capacity(article.plain.len() + 256);
    out.push_str(&article.title);
    out.push('\n');
    out.push_str(&"=".repeat(article.title.chars().count().max(3)));
    out.push_str("\n\n");
    if article.meta.machine_translated() {
        out.push_str(&strip_marker_chars(&locale.t("article-mt-notice")));
        if let Some(url) = original {
            out.push(' ');
            out.push_str(&strip_marker_chars(&locale.t_with(
                "article-mt-original-plain",
                "url",
                url,
            )));
        }
        out.push_str("\n\n");
    }
    if !article.description.is_empty() {
        out.push_str(&article.description);
        out.push_str("\n\n");
    }
    out.push_str(&article.plain.text());
    out.push_str("\n\n");
    out.push_str(&format!("{LOCALE_MARKER}{}\n", article_path(&article.id)));
    fill_markers(&out, |key| match key {
        "locale" => prefix.clone(),
        "base" => base.to_owned(),
        other => locale.t(other),
    })
}
