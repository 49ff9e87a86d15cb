//! Markers: placeholders written into an article's renditions at load time
//! (`\u{E000}key\u{E001}`) and filled in per request, so one rendering
//! serves every UI locale and base URL. Article text can never forge one:
//! the private-use characters they are made of are stripped from sources.

use std::borrow::Cow;

/// Replaced by `/{locale}` when a page is built for a UI locale.
pub const LOCALE_MARKER: &str = "\u{E000}locale\u{E001}";

/// Replaced by the portal's base URL (`https://help.example`).
pub const BASE_MARKER: &str = "\u{E000}base\u{E001}";

/// A marker for the UI message `key`, replaced per locale by [`localize`].
pub fn message_marker(key: &str) -> String {
    format!("\u{E000}{key}\u{E001}")
}

/// Replaces markers: [`LOCALE_MARKER`] by `locale_prefix` and message
/// markers by the escaped message from `lookup`.
pub fn localize(html: &str, locale_prefix: &str, lookup: impl Fn(&str) -> String) -> String {
    fill_markers(html, |key| {
        if key == "locale" {
            locale_prefix.to_owned()
        } else {
            html_escape::encode_text(&lookup(key)).into_owned()
        }
    })
}

/// Replaces every marker (`locale` included) by what `fill` gives for its key.
pub fn fill_markers(text: &str, fill: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(start) = rest.find('\u{E000}') {
        out.push_str(&rest[..start]);
        let after = &rest[start + '\u{E000}'.len_utf8()..];
        match after.find('\u{E001}') {
            Some(end) => {
                out.push_str(&fill(&after[..end]));
                rest = &after[end + '\u{E001}'.len_utf8()..];
            }
            None => {
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Removes the private-use characters the markers are made of, so that
/// article text can never forge one.
pub fn strip_marker_chars(text: &str) -> Cow<'_, str> {
    if text.contains(['\u{E000}', '\u{E001}']) {
        Cow::Owned(text.replace(['\u{E000}', '\u{E001}'], ""))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_filled_and_unclosed_ones_dropped() {
        let text = format!(
            "a {LOCALE_MARKER}/x {} b \u{E000}open",
            message_marker("external-link")
        );
        let filled = localize(&text, "/nl-nl", |k| format!("<{k}>"));
        assert_eq!(filled, "a /nl-nl/x &lt;external-link&gt; b open");
    }

    #[test]
    fn marker_characters_are_stripped() {
        assert_eq!(strip_marker_chars("a\u{E000}b\u{E001}c"), "abc");
        assert!(matches!(strip_marker_chars("abc"), Cow::Borrowed(_)));
    }
}
