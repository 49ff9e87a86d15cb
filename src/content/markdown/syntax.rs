//! The Markdown dialect the articles are written in: the parser's options
//! and the DocFX callouts (`> [!NOTE]`) it recognises.

use pulldown_cmark::{BlockQuoteKind, Options};

/// The extensions every article is parsed with.
pub(super) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM
        | Options::ENABLE_FOOTNOTES
}

/// The CSS class and label message of a DocFX callout.
pub(super) fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "callout-note"),
        BlockQuoteKind::Tip => ("tip", "callout-tip"),
        BlockQuoteKind::Important => ("important", "callout-important"),
        BlockQuoteKind::Warning => ("warning", "callout-warning"),
        BlockQuoteKind::Caution => ("caution", "callout-caution"),
    }
}
