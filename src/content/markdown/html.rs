//! The HTML rendition of a [`Document`]: heading ids with section links,
//! DocFX callouts as labelled blocks, tables in a scrolling wrapper, links
//! and images pointing where they resolved. The page title (the first H1)
//! is left out: the page template writes it.
//!
//! The output still has to pass [`crate::content::sanitize`]; UI strings
//! are message markers.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::parse::{Document, Heading, Link, Node, Target};
use super::syntax::callout;
use super::url::{Rendition, is_outbound, url};
use crate::content::links::Resolution;
use crate::content::markers::message_marker;

/// The body HTML of `doc`, the article `id`'s parsed Markdown.
pub fn render(id: &str, doc: &Document<'_>) -> String {
    let mut pass = Pass {
        id,
        doc,
        out: Vec::with_capacity(doc.nodes.len() + 16),
        closes: Vec::new(),
        skipped_images: 0,
        heading: None,
    };
    for node in &doc.nodes {
        pass.node(node);
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pass.out.into_iter());
    html
}

/// How the `</a>` of a link is written, decided when it opens.
enum LinkClose {
    /// Nothing was opened: the link text stands alone.
    Nothing,
    Plain,
    /// Ends with a screen-reader note that the link leaves the portal.
    External,
}

/// Where the pass is inside a heading.
#[derive(Clone, Copy, PartialEq, Eq)]
enum InHeading {
    /// The page title: left out.
    Title,
    /// A section heading: its content as written.
    Section,
}

struct Pass<'d, 'a> {
    id: &'d str,
    doc: &'d Document<'a>,
    out: Vec<Event<'a>>,
    closes: Vec<LinkClose>,
    /// Images whose target cannot be shown: their alt text stands alone.
    skipped_images: usize,
    heading: Option<InHeading>,
}

impl<'a> Pass<'_, 'a> {
    fn node(&mut self, node: &Node<'a>) {
        match (node, self.heading) {
            (Node::HeadingStart(i), _) => self.heading_start(&self.doc.headings[*i]),
            (Node::HeadingEnd(i), _) => self.heading_end(&self.doc.headings[*i]),
            (_, Some(InHeading::Title)) => {}
            (_, Some(InHeading::Section)) => self.as_written(node),
            (Node::Event(event), None) => self.event(event.clone()),
            (Node::LinkStart(i), None) => self.link_start(&self.doc.links[*i]),
            (Node::LinkEnd(_), None) => self.link_end(),
            (Node::ImageStart(i), None) => self.image_start(&self.doc.links[*i]),
            (Node::ImageEnd(_), None) => {
                if self.skipped_images > 0 {
                    self.skipped_images -= 1;
                } else {
                    self.out.push(Event::End(TagEnd::Image));
                }
            }
        }
    }

    /// Heading content keeps its Markdown form, links and images included.
    fn as_written(&mut self, node: &Node<'a>) {
        let event = match node {
            Node::Event(event) => event.clone(),
            Node::LinkStart(i) | Node::ImageStart(i) => {
                Event::Start(self.doc.links[*i].tag.clone())
            }
            Node::LinkEnd(_) => Event::End(TagEnd::Link),
            Node::ImageEnd(_) => Event::End(TagEnd::Image),
            Node::HeadingStart(_) | Node::HeadingEnd(_) => return,
        };
        self.out.push(event);
    }

    fn event(&mut self, event: Event<'a>) {
        match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, key) = callout(kind);
                self.html(format!(
                    "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-label\">{}</p>\n",
                    message_marker(key)
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => self.html("</div>\n".to_owned()),
            Event::Start(Tag::Table(_)) => {
                self.html("<div class=\"table-wrap\">".to_owned());
                self.out.push(event);
            }
            Event::End(TagEnd::Table) => {
                self.out.push(event);
                self.html("</div>\n".to_owned());
            }
            other => self.out.push(other),
        }
    }

    fn html(&mut self, html: String) {
        self.out.push(Event::Html(CowStr::from(html)));
    }

    fn heading_start(&mut self, heading: &Heading) {
        if heading.is_title {
            self.heading = Some(InHeading::Title);
            return;
        }
        self.heading = Some(InHeading::Section);
        let level = heading.shown_level();
        let id = attr(heading.id.as_deref().unwrap_or_default());
        self.html(format!("<h{level} id=\"{id}\">"));
    }

    fn heading_end(&mut self, heading: &Heading) {
        self.heading = None;
        if heading.is_title {
            return;
        }
        let level = heading.shown_level();
        let id = attr(heading.id.as_deref().unwrap_or_default());
        self.html(format!(
            " <a class=\"heading-anchor\" href=\"#{id}\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">{}</span></a></h{level}>\n",
            message_marker("section-link")
        ));
    }

    fn link_start(&mut self, link: &Link<'a>) {
        let close = match url(self.id, &link.target, Rendition::Page) {
            None => LinkClose::Nothing,
            Some(href) if matches!(link.target, Target::Email(_)) => {
                self.html(format!("<a href=\"{}\">", attr(&href)));
                LinkClose::Plain
            }
            Some(href) => {
                let title = match link.title() {
                    "" => String::new(),
                    title => format!(" title=\"{}\"", attr(title)),
                };
                let (class, close) = if is_outbound(&link.target) {
                    (" class=\"external\"", LinkClose::External)
                } else {
                    ("", LinkClose::Plain)
                };
                self.html(format!("<a href=\"{}\"{class}{title}>", attr(&href)));
                close
            }
        };
        self.closes.push(close);
    }

    fn link_end(&mut self) {
        match self.closes.pop() {
            Some(LinkClose::External) => self.html(format!(
                "<span class=\"visually-hidden\"> ({})</span></a>",
                message_marker("external-link")
            )),
            Some(LinkClose::Plain) => self.html("</a>".to_owned()),
            Some(LinkClose::Nothing) | None => {}
        }
    }

    /// Images show media files and outside pictures; any other target
    /// leaves the alt text alone.
    fn image_start(&mut self, image: &Link<'a>) {
        let src = match &image.target {
            Target::Resolved(Resolution::Media(_) | Resolution::External(_)) => {
                url(self.id, &image.target, Rendition::Page)
            }
            _ => None,
        };
        match src {
            Some(src) => self.out.push(Event::Start(Tag::Image {
                link_type: LinkType::Inline,
                dest_url: CowStr::from(src),
                title: CowStr::from(image.title().to_owned()),
                id: CowStr::from(""),
            })),
            None => self.skipped_images += 1,
        }
    }
}

fn attr(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;
    use crate::content::links::LinkIndex;

    fn html(md: &str) -> String {
        let links = LinkIndex::new(["c/a", "c/b"], []);
        render("c/a", &parse("c/a", md, &links))
    }

    #[test]
    fn the_title_is_left_out_and_sections_get_ids_and_links() {
        let out = html("# Titel\n\n## Stap [b](b.md)\n");
        assert!(!out.contains("Titel"), "{out}");
        assert!(
            out.starts_with("<h2 id=\"stap-b\">Stap <a href=\"b.md\">b</a> <a class=\"heading-anchor\" href=\"#stap-b\">"),
            "links in headings keep their Markdown form: {out}"
        );
    }

    #[test]
    fn links_point_where_they_resolved() {
        let out = html("[b](b.md \"t\") [x](https://x.example) [weg](weg.md) <a@b.nl>");
        assert!(
            out.contains("<a href=\"\u{E000}locale\u{E001}/articles/c/b\" title=\"t\">b</a>"),
            "{out}"
        );
        assert!(
            out.contains("<a href=\"https://x.example\" class=\"external\">x<span class=\"visually-hidden\"> (\u{E000}external-link\u{E001})</span></a>"),
            "{out}"
        );
        assert!(out.contains(" weg "), "{out}");
        assert!(
            out.contains("<a href=\"mailto:a@b.nl\">a@b.nl</a>"),
            "{out}"
        );
    }

    #[test]
    fn images_show_media_and_leave_other_targets_as_text() {
        let out = html("![foto](media/p.png) ![weg](b.md)");
        assert!(
            out.contains("<img src=\"/media/c/media/p.png\" alt=\"foto\" />"),
            "{out}"
        );
        assert!(out.contains(" weg"), "{out}");
        assert!(!out.contains("b.md"), "{out}");
    }

    #[test]
    fn callouts_and_tables_are_wrapped() {
        let out = html("> [!TIP]\n> Tip.\n\n| a |\n|---|\n| 1 |\n");
        assert!(
            out.starts_with("<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-label\">\u{E000}callout-tip\u{E001}</p>"),
            "{out}"
        );
        assert!(out.contains("<div class=\"table-wrap\"><table>"), "{out}");
    }
}
