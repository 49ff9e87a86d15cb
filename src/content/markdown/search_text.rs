//! The visible text of a [`Document`] for search and matching: body text
//! in reading order, one line per paragraph, list item, table cell and
//! section heading; the title and image addresses left out.

use pulldown_cmark::{Event, TagEnd};

use super::parse::{Document, Node};

/// The search text of `doc`, trimmed.
pub fn search_text(doc: &Document<'_>) -> String {
    let mut text = String::new();
    let mut in_heading = false;
    for node in &doc.nodes {
        match node {
            Node::HeadingStart(_) => in_heading = true,
            Node::HeadingEnd(i) => {
                in_heading = false;
                let heading = &doc.headings[*i];
                if !heading.is_title {
                    text.push_str(&heading.title);
                    text.push('\n');
                }
            }
            _ if in_heading => {}
            Node::Event(Event::Text(t) | Event::Code(t)) => text.push_str(t),
            Node::Event(Event::SoftBreak | Event::HardBreak) => text.push(' '),
            Node::Event(Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell)) => {
                text.push('\n');
            }
            _ => {}
        }
    }
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;
    use crate::content::links::LinkIndex;

    #[test]
    fn text_reads_in_order_without_the_title() {
        let md =
            "# Titel\n\nEen *twee*\ndrie `vier`.\n\n## Kop **vet**\n\n- a\n- b\n\n![alt](x.png)\n";
        let doc = parse("c/a", md, &LinkIndex::default());
        assert_eq!(search_text(&doc), "Een twee drie vier.\nKop vet\na\nb\nalt");
    }
}
