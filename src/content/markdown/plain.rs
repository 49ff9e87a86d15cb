//! The plain-text rendition of a [`Document`], for support staff to paste
//! into an email: headings underlined, numbered steps kept as `1.`, `2.`,
//! …, every link written out in full after its text, tables as ` | ` rows,
//! images and the title (written by [`crate::content::plain_text`]) left
//! out. URLs and callout labels are markers.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::parse::{Document, Node};
use super::syntax::callout;
use super::url::{Rendition, url};
use crate::content::markers::message_marker;

/// The plain text of `doc`, the article `id`'s parsed Markdown.
pub fn render(id: &str, doc: &Document<'_>) -> String {
    let mut w = Writer::default();
    let mut skip_depth = 0usize;
    for node in &doc.nodes {
        if skip_depth > 0 {
            match node {
                Node::HeadingStart(_) | Node::ImageStart(_) => skip_depth += 1,
                Node::HeadingEnd(_) | Node::ImageEnd(_) => skip_depth -= 1,
                _ => {}
            }
            continue;
        }
        match node {
            Node::HeadingStart(i) if doc.headings[*i].is_title => skip_depth = 1,
            Node::HeadingStart(i) => {
                w.block();
                w.heading_start = Some((w.out.len(), doc.headings[*i].level));
            }
            Node::HeadingEnd(_) => w.heading_end(),
            Node::LinkStart(i) => {
                let target = url(id, &doc.links[*i].target, Rendition::Text);
                w.links.push((target, w.out.len()));
            }
            Node::LinkEnd(_) => w.link_end(),
            Node::ImageStart(_) => skip_depth = 1,
            Node::ImageEnd(_) => {}
            Node::Event(event) => w.event(event),
        }
    }
    collapse_blank_lines(w.out.trim())
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
    fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(*tag),
            Event::Text(t) | Event::Code(t) => {
                if self.code {
                    self.code_text(t);
                } else {
                    self.text(t);
                }
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.line(),
            Event::Rule => {
                self.block();
                self.text("----");
                self.block();
            }
            Event::TaskListMarker(done) => self.text(if *done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(name) => self.text(&format!("[{name}]")),
            Event::Html(html) | Event::InlineHtml(html) if is_break(html) => self.line(),
            _ => {}
        }
    }

    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Paragraph => self.block(),
            Tag::List(start) => {
                self.block();
                self.lists.push(*start);
            }
            Tag::Item => self.item(),
            Tag::BlockQuote(kind) => {
                self.block();
                self.quotes += 1;
                if let Some(kind) = kind {
                    let (_, key) = callout(*kind);
                    self.text(&format!("{}: ", message_marker(key)));
                    self.item_fresh = true;
                }
            }
            Tag::CodeBlock(_) => {
                self.block();
                self.code = true;
            }
            Tag::TableHead | Tag::TableRow => self.line(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Table => self.block(),
            TagEnd::List(_) => {
                self.lists.pop();
                self.block();
            }
            TagEnd::Item => {
                self.item_fresh = false;
                self.line();
            }
            TagEnd::BlockQuote(_) => {
                self.quotes = self.quotes.saturating_sub(1);
                self.block();
            }
            TagEnd::CodeBlock => {
                self.code = false;
                self.block();
            }
            TagEnd::TableCell => self.text(" | "),
            TagEnd::TableHead | TagEnd::TableRow => {
                let trimmed = self.out.trim_end_matches([' ', '|']).len();
                self.out.truncate(trimmed);
                self.line();
            }
            _ => {}
        }
    }

    /// A list item: its marker (`1. ` or `- `) on a new line.
    fn item(&mut self) {
        self.item_fresh = false;
        self.line();
        let depth = self.lists.len().saturating_sub(1);
        self.out.push_str(&self.prefix_for(depth));
        let marker = match self.lists.last_mut() {
            Some(Some(n)) => {
                let marker = format!("{n}. ");
                *n += 1;
                marker
            }
            _ => "- ".to_owned(),
        };
        self.out.push_str(&marker);
        self.at_line_start = false;
        self.item_fresh = true;
    }

    /// Underlines H1 and H2 headings.
    fn heading_end(&mut self) {
        if let Some((start, level)) = self.heading_start.take() {
            let width = self.out[start..].trim().chars().count();
            if level <= HeadingLevel::H2 {
                self.out.push('\n');
                self.out.push_str(&"-".repeat(width.max(3)));
            }
            self.block();
        }
    }

    /// Writes the link's URL after its text, unless the text is the URL.
    fn link_end(&mut self) {
        if let Some((Some(url), start)) = self.links.pop() {
            let text = self.out.get(start..).unwrap_or_default().trim().to_owned();
            if text.is_empty() {
                self.text(&url);
            } else if text != url {
                self.text(&format!(" ({url})"));
            }
        }
    }

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
    use super::super::parse::parse;
    use super::*;
    use crate::content::links::LinkIndex;
    use crate::content::markers::fill_markers;

    fn plain(md: &str) -> String {
        let index = LinkIndex::new(["c/a", "c/other"], []);
        let text = render("c/a", &parse("c/a", md, &index));
        fill_markers(&text, |key| match key {
            "locale" => "https://help.example/nl-nl".to_owned(),
            "base" => "https://help.example".to_owned(),
            other => format!("[{other}]"),
        })
    }

    #[test]
    fn steps_are_numbered_and_links_written_out() {
        let md = "# Titel\n\nInleiding met [een ander artikel](other.md#stap) en [extern](https://example.com/x).\n\n## Stappen\n\n1. Open **Facturering**.\n2. Kies [deze sectie](#stappen).\n   - detail\n3. Klaar: <https://example.com/y>\n";
        let text = plain(md);
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
        let text = plain(md);
        assert!(text.contains("3. drie\n4. vier"), "{text}");
        assert!(text.contains("> [callout-note]: Let op."), "{text}");
        assert!(text.contains("a | b\n1 | 2"), "{text}");
    }

    #[test]
    fn unresolved_links_without_a_fallback_keep_only_their_text() {
        assert_eq!(plain("Zie [weg](missing.md)."), "Zie weg.");
    }

    #[test]
    fn images_and_code_blocks() {
        let text = plain("Zie ![foto](media/p.png) hier.\n\n```\nregel 1\nregel 2\n```\n");
        assert_eq!(text, "Zie  hier.\n\n    regel 1\n    regel 2");
    }
}
