//! A link to an article in a list (home page, collection pages, related
//! articles, "Veelgestelde vragen"), as the templates print it.

use crate::content::{Article, ArticleIx};
use crate::i18n::UiLocale;
use crate::library::Library;

/// A link to an article in a list.
pub struct ArticleLink {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
}

impl ArticleLink {
    /// The link to `article`, without its date.
    pub fn undated(article: &Article, locale: UiLocale) -> ArticleLink {
        ArticleLink {
            title: article.title.clone(),
            url: article.url(locale),
            date: None,
        }
    }

    /// The link to `article` with its date, when it has one.
    pub fn dated(article: &Article, locale: UiLocale) -> ArticleLink {
        ArticleLink {
            date: article.date.map(|d| locale.format_date(d)),
            ..ArticleLink::undated(article, locale)
        }
    }
}

/// Links to the articles at `indices`, without dates.
pub fn links(library: &Library, indices: &[ArticleIx], locale: UiLocale) -> Vec<ArticleLink> {
    indices
        .iter()
        .filter_map(|&i| library.at(i))
        .map(|a| ArticleLink::undated(a, locale))
        .collect()
}
