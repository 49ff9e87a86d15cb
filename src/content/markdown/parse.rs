//! The one pass over an article's Markdown: pulldown-cmark's events become
//! a [`Document`] in which every link and image is resolved and every
//! heading has its title and id. Every rendition is derived from it.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use super::slug::slugify;
use super::syntax::options;
use crate::content::links::{LinkIndex, Resolution};

/// An article's Markdown, parsed once.
#[derive(Debug, Default)]
pub struct Document<'a> {
    /// The body in order; headings, links and images point into the lists.
    pub nodes: Vec<Node<'a>>,
    pub headings: Vec<Heading>,
    /// Every link and image, in order.
    pub links: Vec<Link<'a>>,
    /// Raw HTML and link targets as written, in order, for reporting what
    /// sanitising removes (heading anchors included).
    pub raw: Vec<Raw<'a>>,
    /// Byte offset of every line start, for line numbers.
    line_starts: Vec<usize>,
}

/// One piece of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    /// An event that needs nothing resolved, as parsed.
    Event(Event<'a>),
    /// Index into [`Document::headings`].
    HeadingStart(usize),
    HeadingEnd(usize),
    /// Index into [`Document::links`].
    LinkStart(usize),
    LinkEnd(usize),
    ImageStart(usize),
    ImageEnd(usize),
}

/// A heading with its plain title and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The level as written.
    pub level: HeadingLevel,
    /// The first H1: the article's title, not part of the body.
    pub is_title: bool,
    /// The visible text, trimmed.
    pub title: String,
    /// The kept `<a name>` anchor or a generated, unique id; the title has
    /// one only when it kept an anchor.
    pub id: Option<String>,
}

impl Heading {
    /// The level shown: later H1s sit under the page title.
    pub fn shown_level(&self) -> u8 {
        match self.level {
            HeadingLevel::H1 => 2,
            other => other as u8,
        }
    }
}

/// A link or image with where it points.
#[derive(Debug, Clone, PartialEq)]
pub struct Link<'a> {
    /// The start tag as written ([`Tag::Link`] or [`Tag::Image`]).
    pub tag: Tag<'a>,
    pub target: Target,
    /// Byte offset in the Markdown.
    pub offset: usize,
    /// Inside a heading, where links keep their Markdown form in HTML.
    pub in_heading: bool,
}

impl Link<'_> {
    /// The destination as written.
    pub fn href(&self) -> &str {
        match &self.tag {
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => dest_url,
            _ => "",
        }
    }

    /// The `title` of `[text](url "title")`.
    pub fn title(&self) -> &str {
        match &self.tag {
            Tag::Link { title, .. } | Tag::Image { title, .. } => title,
            _ => "",
        }
    }

    pub fn is_image(&self) -> bool {
        matches!(self.tag, Tag::Image { .. })
    }
}

/// Where a link points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An e-mail autolink (`<a@b.nl>`): the address.
    Email(String),
    Resolved(Resolution),
}

/// Raw markup as written, with its byte offset.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw<'a> {
    Html { offset: usize, html: CowStr<'a> },
    Url { offset: usize, url: CowStr<'a> },
}

impl Document<'_> {
    /// The line (1-based) of a byte offset in the Markdown.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }
}

/// Parses `markdown`, the body of article `id`, resolving links with `links`.
pub fn parse<'a>(id: &str, markdown: &'a str, links: &LinkIndex) -> Document<'a> {
    let mut builder = Builder {
        id,
        links,
        doc: Document {
            line_starts: std::iter::once(0)
                .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            ..Document::default()
        },
        heading: None,
        used_ids: HashSet::new(),
        seen_title: false,
        open_links: Vec::new(),
        open_images: Vec::new(),
    };
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        builder.event(event, range.start);
    }
    builder.finish_heading();
    builder.doc
}

/// A heading being read.
struct OpenHeading {
    index: usize,
    anchor: Option<String>,
    /// The `</a>` of the kept anchor is still to come and is dropped.
    skip_close: bool,
    text: String,
}

struct Builder<'a, 'i> {
    id: &'i str,
    links: &'i LinkIndex,
    doc: Document<'a>,
    heading: Option<OpenHeading>,
    used_ids: HashSet<String>,
    seen_title: bool,
    open_links: Vec<usize>,
    open_images: Vec<usize>,
}

impl<'a> Builder<'a, '_> {
    fn event(&mut self, event: Event<'a>, offset: usize) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => self.start_heading(level),
            Event::End(TagEnd::Heading(_)) => self.finish_heading(),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                self.start_link(tag, offset)
            }
            Event::End(TagEnd::Link) => {
                if let Some(i) = self.open_links.pop() {
                    self.doc.nodes.push(Node::LinkEnd(i));
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some(i) = self.open_images.pop() {
                    self.doc.nodes.push(Node::ImageEnd(i));
                }
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                self.doc.raw.push(Raw::Html {
                    offset,
                    html: html.clone(),
                });
                if !self.is_heading_anchor(&event) {
                    self.doc.nodes.push(Node::Event(event));
                }
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                if let Some(heading) = self.heading.as_mut() {
                    heading.text.push_str(t);
                }
                self.doc.nodes.push(Node::Event(event));
            }
            other => self.doc.nodes.push(Node::Event(other)),
        }
    }

    fn start_heading(&mut self, level: HeadingLevel) {
        self.finish_heading();
        let is_title = level == HeadingLevel::H1 && !self.seen_title;
        self.seen_title |= is_title;
        let index = self.doc.headings.len();
        self.doc.headings.push(Heading {
            level,
            is_title,
            title: String::new(),
            id: None,
        });
        self.doc.nodes.push(Node::HeadingStart(index));
        self.heading = Some(OpenHeading {
            index,
            anchor: None,
            skip_close: false,
            text: String::new(),
        });
    }

    /// Names the open heading: the title keeps its anchor, any other
    /// heading gets its anchor or a slug of its text, made unique.
    fn finish_heading(&mut self) {
        let Some(open) = self.heading.take() else {
            return;
        };
        let title = open.text.trim().to_owned();
        let is_title = self.doc.headings[open.index].is_title;
        let id = if is_title {
            if let Some(anchor) = &open.anchor {
                self.used_ids.insert(anchor.clone());
            }
            open.anchor
        } else {
            let wanted = open.anchor.unwrap_or_else(|| slugify(&title));
            Some(self.unique_id(&wanted))
        };
        let heading = &mut self.doc.headings[open.index];
        heading.title = title;
        heading.id = id;
        self.doc.nodes.push(Node::HeadingEnd(open.index));
    }

    /// `wanted`, or `section` for an empty one, numbered when taken. Ids
    /// starting with `hp-` belong to the page around the article, so such
    /// a heading gets `section-hp-…`.
    fn unique_id(&mut self, wanted: &str) -> String {
        let base = match wanted {
            "" => "section".to_owned(),
            reserved if reserved.starts_with("hp-") => format!("section-{reserved}"),
            other => other.to_owned(),
        };
        let mut candidate = base.clone();
        let mut n = 2;
        while self.used_ids.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.used_ids.insert(candidate.clone());
        candidate
    }

    /// Whether `event` is the first `<a name="x">` in the open heading (or
    /// its `</a>`): the heading takes the name as its id and drops the tag.
    fn is_heading_anchor(&mut self, event: &Event<'_>) -> bool {
        let Some(heading) = self.heading.as_mut() else {
            return false;
        };
        match event {
            Event::InlineHtml(html) | Event::Html(html) if heading.anchor.is_none() => {
                heading.anchor = anchor_name(html);
                heading.skip_close = heading.anchor.is_some();
                heading.skip_close
            }
            Event::InlineHtml(html) if heading.skip_close && html.trim() == "</a>" => {
                heading.skip_close = false;
                true
            }
            _ => false,
        }
    }

    fn start_link(&mut self, tag: Tag<'a>, offset: usize) {
        let (dest_url, email) = match &tag {
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => (dest_url.clone(), matches!(link_type, LinkType::Email)),
            Tag::Image { dest_url, .. } => (dest_url.clone(), false),
            _ => return,
        };
        let target = if email {
            Target::Email(dest_url.to_string())
        } else {
            Target::Resolved(self.links.resolve(self.id, &dest_url))
        };
        self.doc.raw.push(Raw::Url {
            offset,
            url: dest_url,
        });
        let index = self.doc.links.len();
        let is_image = matches!(tag, Tag::Image { .. });
        self.doc.links.push(Link {
            tag,
            target,
            offset,
            in_heading: self.heading.is_some(),
        });
        if is_image {
            self.open_images.push(index);
            self.doc.nodes.push(Node::ImageStart(index));
        } else {
            self.open_links.push(index);
            self.doc.nodes.push(Node::LinkStart(index));
        }
    }
}

/// The name in `<a name="x">` or `<a id="x">`, if `html` is such a tag.
fn anchor_name(html: &str) -> Option<String> {
    let tag = html.trim();
    let inner = tag.strip_prefix("<a ")?.strip_suffix('>')?;
    let inner = inner.trim_end_matches('/').trim();
    for attr in ["name=", "id="] {
        if let Some(rest) = inner.strip_prefix(attr) {
            let value = rest.trim_matches(|c| c == '"' || c == '\'');
            if !value.is_empty() && !value.contains(['"', '\'', '<', '>']) {
                return Some(value.to_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(md: &str) -> Document<'_> {
        parse("c/a", md, &LinkIndex::new(["c/a", "c/b"], []))
    }

    #[test]
    fn headings_get_titles_and_unique_ids() {
        let doc = parsed(
            "# <a name=\"t\"></a>Titel\n\n## Stap\n\n## Stap\n\n# Tweede\n\n## <a name=\"eigen-naam\"></a>Eigen\n",
        );
        let found: Vec<(bool, &str, Option<&str>, u8)> = doc
            .headings
            .iter()
            .map(|h| {
                (
                    h.is_title,
                    h.title.as_str(),
                    h.id.as_deref(),
                    h.shown_level(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (true, "Titel", Some("t"), 2),
                (false, "Stap", Some("stap"), 2),
                (false, "Stap", Some("stap-2"), 2),
                (false, "Tweede", Some("tweede"), 2),
                (false, "Eigen", Some("eigen-naam"), 2),
            ]
        );
        let anchors = doc
            .nodes
            .iter()
            .filter(|n| matches!(n, Node::Event(Event::InlineHtml(_))))
            .count();
        assert_eq!(anchors, 0, "kept anchors leave the body");
        assert_eq!(doc.raw.len(), 4, "but are still reported as raw HTML");
    }

    #[test]
    fn ids_of_the_page_itself_are_never_taken() {
        let doc = parsed("## HP-printer\n\n## <a name=\"hp-q\"></a>Zoeken\n\n## HP printer\n");
        let ids: Vec<Option<&str>> = doc.headings.iter().map(|h| h.id.as_deref()).collect();
        assert_eq!(
            ids,
            [
                Some("section-hp-printer"),
                Some("section-hp-q"),
                Some("section-hp-printer-2")
            ]
        );
    }

    #[test]
    fn links_and_images_are_resolved_once_in_order() {
        let doc = parsed("[b](b.md#x) <a@b.nl>\n\n![p](media/p.png)\n\n## Kop [weg](weg.md)\n");
        let targets: Vec<(&Target, bool, bool)> = doc
            .links
            .iter()
            .map(|l| (&l.target, l.is_image(), l.in_heading))
            .collect();
        assert_eq!(
            targets,
            [
                (
                    &Target::Resolved(Resolution::Article {
                        id: "c/b".into(),
                        fragment: Some("x".into())
                    }),
                    false,
                    false
                ),
                (&Target::Email("a@b.nl".into()), false, false),
                (
                    &Target::Resolved(Resolution::Media("c/media/p.png".into())),
                    true,
                    false
                ),
                (
                    &Target::Resolved(Resolution::Unresolved { fallback: None }),
                    false,
                    true
                ),
            ]
        );
        assert_eq!(doc.line_of(doc.links[2].offset), 3);
        assert_eq!(doc.links[0].href(), "b.md#x");
    }
}
