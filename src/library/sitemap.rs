//! `sitemap.xml` for a snapshot: every indexable article (no `NOINDEX`)
//! in the default UI locale, with its other-locale alternates and its
//! `ms.date` as `lastmod`.

use std::fmt::Write;

use super::Library;
use crate::i18n::UiLocale;

/// The sitemap with absolute URLs under `base_url`.
pub fn sitemap_xml(library: &Library, base_url: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let mut xml = String::with_capacity(library.articles().len() * 400 + 256);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for article in library.articles().iter().filter(|a| !a.meta.noindex()) {
        let url = |locale: UiLocale| format!("{base}{}", article.url(locale));
        let _ = writeln!(
            xml,
            "<url><loc>{}</loc>",
            html_escape::encode_text(&url(UiLocale::DEFAULT))
        );
        if let Some(date) = article.date {
            let _ = writeln!(xml, "<lastmod>{date}</lastmod>");
        }
        for locale in UiLocale::ALL {
            let _ = writeln!(
                xml,
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                locale.lang_tag(),
                html_escape::encode_double_quoted_attribute(&url(locale))
            );
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything may be crawled; the sitemap is named.
pub fn robots_txt(base_url: &str) -> String {
    format!(
        "User-agent: *\nAllow: /\nDisallow: /go/\n\nSitemap: {}/sitemap.xml\n",
        base_url.trim_end_matches('/')
    )
}
