//! The plain-text rendition of an article, for support staff to paste into
//! an email: headings underlined, numbered steps kept as `1.`, `2.`, …,
//! every link written out in full after its text, tables as ` | ` rows.
//!
//! It is rendered once at load time with markers ([`LOCALE_MARKER`] and
//! [`BASE_MARKER`]); [`for_locale`] fills in the absolute base URL, the
//! locale and the localized callout labels.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use super::Article;
use super::links::{LOCALE_MARKER, LinkIndex, Resolution, article_path};
use super::markdown::{
    callout, encode_path, fill_markers, message_marker, options, strip_marker_chars,
};
use crate::i18n::UiLocale;

/// A marker replaced by the portal's base URL (`https://help.example`).
pub const BASE_MARKER: &str = "\u{E000}base\u{E001}";

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
    out.push_str(&article.plain);
    out.push_str("\n\n");
    out.push_str(&format!("{LOCALE_MARKER}{}\n", article_path(&article.id)));
    fill_markers(&out, |key| match key {
        "locale" => prefix.clone(),
        "base" => base.to_owned(),
        other => locale.t(other),
    })
}

/// Renders the Markdown body of article `id` (includes already expanded)
/// to plain text with markers; the first H1 (the title) is left out.
pub fn render(id: &str, markdown: &str, links: &LinkIndex) -> String {
    let markdown = strip_marker_chars(markdown);
    let mut w = Writer::default();
    let mut skip_depth = 0usize;
    let mut seen_h1 = false;
    for event in Parser::new_ext(&markdown, options()) {
        if skip_depth > 0 {
            match event {
                Event::Start(Tag::Heading { .. } | Tag::Image { .. }) => skip_depth += 1,
                Event::End(TagEnd::Heading(_) | TagEnd::Image) => skip_depth -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if level == HeadingLevel::H1 && !seen_h1 {
                    seen_h1 = true;
                    skip_depth = 1;
                    continue;
                }
                w.block();
                w.heading_start = Some((w.out.len(), level));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, level)) = w.heading_start.take() {
                    let width = w.out[start..].trim().chars().count();
                    if level <= HeadingLevel::H2 {
                        w.out.push('\n');
                        w.out.push_str(&"-".repeat(width.max(3)));
                    }
                    w.block();
                }
            }
            Event::Start(Tag::Paragraph) => w.block(),
            Event::End(TagEnd::Paragraph) => w.block(),
            Event::Start(Tag::List(start)) => {
                w.block();
                w.lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                w.lists.pop();
                w.block();
            }
            Event::Start(Tag::Item) => {
                w.item_fresh = false;
                w.line();
                let depth = w.lists.len().saturating_sub(1);
                w.out.push_str(&w.prefix_for(depth));
                let marker = match w.lists.last_mut() {
                    Some(Some(n)) => {
                        let marker = format!("{n}. ");
                        *n += 1;
                        marker
                    }
                    _ => "- ".to_owned(),
                };
                w.out.push_str(&marker);
                w.at_line_start = false;
                w.item_fresh = true;
            }
            Event::End(TagEnd::Item) => {
                w.item_fresh = false;
                w.line();
            }
            Event::Start(Tag::BlockQuote(kind)) => {
                w.block();
                w.quotes += 1;
                if let Some(kind) = kind {
                    let (_, key) = callout(kind);
                    w.text(&format!("{}: ", message_marker(key)));
                    w.item_fresh = true;
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                w.quotes = w.quotes.saturating_sub(1);
                w.block();
            }
            Event::Start(Tag::CodeBlock(_)) => {
                w.block();
                w.code = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                w.code = false;
                w.block();
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => w.line(),
            Event::End(TagEnd::TableCell) => w.text(" | "),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                let trimmed = w.out.trim_end_matches([' ', '|']).len();
                w.out.truncate(trimmed);
                w.line();
            }
            Event::End(TagEnd::Table) => w.block(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let url = if matches!(link_type, LinkType::Email) {
                    Some(dest_url.trim_start_matches("mailto:").to_owned())
                } else {
                    link_url(id, &dest_url, links)
                };
                w.links.push((url, w.out.len()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((Some(url), start)) = w.links.pop() {
                    let text = w.out.get(start..).unwrap_or_default().trim().to_owned();
                    if text.is_empty() {
                        w.text(&url);
                    } else if text != url {
                        w.text(&format!(" ({url})"));
                    }
                }
            }
            Event::Start(Tag::Image { .. }) => skip_depth = 1,
            Event::Text(t) | Event::Code(t) => {
                if w.code {
                    w.code_text(&t);
                } else {
                    w.text(&t);
                }
            }
            Event::SoftBreak => w.text(" "),
            Event::HardBreak => w.line(),
            Event::Rule => {
                w.block();
                w.text("----");
                w.block();
            }
            Event::TaskListMarker(done) => w.text(if done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(name) => w.text(&format!("[{name}]")),
            Event::Html(html) | Event::InlineHtml(html) if is_break(&html) => w.line(),
            _ => {}
        }
    }
    let text = w.out.trim();
    collapse_blank_lines(text)
}

/// Where a link points, written out in full (markers for this portal).
fn link_url(id: &str, href: &str, links: &LinkIndex) -> Option<String> {
    match links.resolve(id, href) {
        Resolution::Article { id, fragment } => Some(with_fragment(
            format!("{LOCALE_MARKER}{}", article_path(&id)),
            fragment,
        )),
        Resolution::Fragment(fragment) => Some(with_fragment(
            format!("{LOCALE_MARKER}{}", article_path(id)),
            Some(fragment),
        )),
        Resolution::Media(path) => Some(format!("{BASE_MARKER}/media/{}", encode_path(&path))),
        Resolution::External(url) => Some(url),
        Resolution::Unresolved { fallback } => fallback,
    }
}

fn with_fragment(url: String, fragment: Option<String>) -> String {
    match fragment {
        Some(f) => format!("{url}#{f}"),
        None => url,
    }
}

fn is_break(html: &str) -> bool {
    let tag = html.trim().to_ascii_lowercase();
    tag.starts_with("<br")
}

fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// The text being written and where in the block structure it is.
#[derive(Default)]
struct Writer {
    out: String,
    at_line_start: bool,
    /// Open lists, innermost last: the next number, or `None` for bullets.
    lists: Vec<Option<u64>>,
    quotes: usize,
    code: bool,
    heading_start: Option<(usize, HeadingLevel)>,
    /// Open links: the URL to write after the text, and where the text starts.
    links: Vec<(Option<String>, usize)>,
    /// A list marker or callout label was just written: the first block
    /// after it goes on the same line.
    item_fresh: bool,
}

impl Writer {
    /// Indentation of continuation lines at list depth `depth`.
    fn prefix_for(&self, depth: usize) -> String {
        format!("{}{}", "> ".repeat(self.quotes), "   ".repeat(depth))
    }

    fn continuation(&self) -> String {
        self.prefix_for(self.lists.len())
    }

    /// Ends the current line, if anything is on it.
    fn line(&mut self) {
        if self.item_fresh {
            return;
        }
        if !self.out.is_empty() && !self.at_line_start {
            self.out.push('\n');
        }
        self.at_line_start = true;
    }

    /// Starts a new block: a blank line, or just a new line inside lists.
    fn block(&mut self) {
        if self.item_fresh {
            return;
        }
        self.line();
        if self.lists.is_empty() && !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.item_fresh = false;
        if self.at_line_start {
            let prefix = self.continuation();
            self.out.push_str(&prefix);
            self.at_line_start = false;
        }
        self.out.push_str(text);
    }

    fn code_text(&mut self, text: &str) {
        self.item_fresh = false;
        for line in text.split_inclusive('\n') {
            if self.at_line_start {
                let prefix = format!("{}    ", self.continuation());
                self.out.push_str(&prefix);
            }
            self.out.push_str(line);
            self.at_line_start = line.ends_with('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> LinkIndex {
        LinkIndex::new(["c/a", "c/other"], [])
    }

    fn filled(text: &str) -> String {
        fill_markers(text, |key| match key {
            "locale" => "https://help.example/nl-nl".to_owned(),
            "base" => "https://help.example".to_owned(),
            other => format!("[{other}]"),
        })
    }

    #[test]
    fn steps_are_numbered_and_links_written_out() {
        let md = "# Titel\n\nInleiding met [een ander artikel](other.md#stap) en [extern](https://example.com/x).\n\n## Stappen\n\n1. Open **Facturering**.\n2. Kies [deze sectie](#stappen).\n   - detail\n3. Klaar: <https://example.com/y>\n";
        let text = filled(&render("c/a", md, &index()));
        assert!(
            !text.contains("Titel"),
            "the title is written by for_locale: {text}"
        );
        assert!(
            text.contains("een ander artikel (https://help.example/nl-nl/articles/c/other#stap)"),
            "{text}"
        );
        assert!(text.contains("extern (https://example.com/x)"), "{text}");
        assert!(text.contains("Stappen\n-------"), "{text}");
        assert!(text.contains("1. Open Facturering.\n2. Kies deze sectie (https://help.example/nl-nl/articles/c/a#stappen).\n   - detail\n3. Klaar: https://example.com/y"), "{text}");
        assert!(!text.contains("https://example.com/y (https"), "{text}");
    }

    #[test]
    fn ordered_lists_keep_their_start_and_callouts_their_label() {
        let md = "3. drie\n4. vier\n\n> [!NOTE]\n> Let op.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let text = filled(&render("c/a", md, &index()));
        assert!(text.contains("3. drie\n4. vier"), "{text}");
        assert!(text.contains("> [callout-note]: Let op."), "{text}");
        assert!(text.contains("a | b\n1 | 2"), "{text}");
    }

    #[test]
    fn unresolved_links_without_a_fallback_keep_only_their_text() {
        let text = filled(&render("c/a", "Zie [weg](missing.md).", &index()));
        assert_eq!(text, "Zie weg.");
    }
}
