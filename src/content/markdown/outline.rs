//! What the headings of a [`Document`] give the page: the title, the table
//! of contents, the section titles and every anchor a link may point to.

use super::parse::Document;

/// A heading listed in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// The headings of one article, sorted out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// The first H1's text, and its anchor name when it had one.
    pub title: Option<String>,
    pub title_id: Option<String>,
    /// H2 and H3 (and later H1s) with text.
    pub toc: Vec<TocEntry>,
    /// Every heading's text, in order (the title excluded).
    pub headings: Vec<String>,
    /// Every heading anchor (kept or generated), in order.
    pub anchors: Vec<String>,
}

/// The outline of `doc`.
pub fn outline(doc: &Document<'_>) -> Outline {
    let mut outline = Outline::default();
    for heading in &doc.headings {
        if heading.is_title {
            outline.title = Some(heading.title.clone());
            outline.title_id.clone_from(&heading.id);
            outline.anchors.extend(heading.id.clone());
            continue;
        }
        let id = heading.id.clone().unwrap_or_default();
        let level = heading.shown_level();
        if level <= 3 && !heading.title.is_empty() {
            outline.toc.push(TocEntry {
                level,
                id: id.clone(),
                title: heading.title.clone(),
            });
        }
        outline.headings.push(heading.title.clone());
        outline.anchors.push(id);
    }
    outline
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;
    use crate::content::links::LinkIndex;

    #[test]
    fn toc_lists_levels_two_and_three_with_text() {
        let md = "# <a name=\"t\"></a>Titel\n\n## Een\n\n### Twee\n\n#### Drie\n\n# Later\n\n## \n";
        let doc = parse("c/a", md, &LinkIndex::default());
        let outline = outline(&doc);
        assert_eq!(outline.title.as_deref(), Some("Titel"));
        assert_eq!(outline.title_id.as_deref(), Some("t"));
        let toc: Vec<(u8, &str)> = outline
            .toc
            .iter()
            .map(|t| (t.level, t.id.as_str()))
            .collect();
        assert_eq!(toc, [(2, "een"), (3, "twee"), (2, "later")]);
        assert_eq!(outline.headings, ["Een", "Twee", "Drie", "Later", ""]);
        assert_eq!(
            outline.anchors,
            ["t", "een", "twee", "drie", "later", "section"]
        );
    }
}
