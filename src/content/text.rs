//! Text as read from a file, before any parsing.

use std::borrow::Cow;

/// Strips a UTF-8 byte-order mark and turns CRLF (and lone CR) into LF.
pub fn normalise_text(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}
