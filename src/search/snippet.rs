//! The `<mark>`ed snippet of a hit: the part of the article text where the
//! query's Dutch terms match, or its description when none does.

use tantivy::snippet::SnippetGenerator;

use crate::content::Article;
use crate::nl::truncate;

/// Longest snippet, in characters.
pub(super) const SNIPPET_CHARS: usize = 220;
/// Snippets look at this much article text first (bytes): analysing the
/// text is most of a snippet's cost, and a matched word is nearly always
/// near the start of an article that matches.
const SNIPPET_FIRST_BYTES: usize = 3_000;
/// When that part has no match, snippets look at this much at most (bytes).
const SNIPPET_SOURCE_BYTES: usize = 30_000;

/// The `<mark>`ed snippet of an article, or its escaped description when no
/// word matched in the body.
pub(super) fn snippet(generator: &SnippetGenerator, article: &Article) -> String {
    let first = truncate(&article.text, SNIPPET_FIRST_BYTES);
    let longer = truncate(&article.text, SNIPPET_SOURCE_BYTES);
    let sources = [
        Some(first),
        (longer.len() > first.len()).then_some(longer),
        Some(article.description.as_str()),
    ];
    for source in sources.into_iter().flatten() {
        let mut snippet = generator.snippet(source);
        if !snippet.highlighted().is_empty() {
            snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            return snippet.to_html();
        }
    }
    let source = if article.description.trim().is_empty() {
        &article.text
    } else {
        &article.description
    };
    let short: String = source.chars().take(SNIPPET_CHARS).collect();
    let ellipsis = if short.len() < source.len() {
        "…"
    } else {
        ""
    };
    format!("{}{ellipsis}", html_escape::encode_text(short.trim()))
}
