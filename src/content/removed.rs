//! What sanitising will remove from an article, with the Markdown line it
//! comes from, so that `helpportal check` can say so (`removed <script>`)
//! instead of the page silently losing it. It reads the raw HTML and the
//! link targets of the parsed Markdown against the same policy `sanitize`
//! uses.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::markdown::parse::{Document, Raw};

/// The sanitising policy in the form the report needs.
struct Policy {
    tags: HashSet<&'static str>,
    /// Tags removed together with their content.
    dropped_with_content: HashSet<&'static str>,
    tag_attributes: HashMap<&'static str, HashSet<&'static str>>,
    generic_attributes: HashSet<&'static str>,
    schemes: HashSet<&'static str>,
}

impl Policy {
    fn new() -> Policy {
        let builder = super::sanitize::policy();
        Policy {
            tags: builder.clone_tags(),
            dropped_with_content: builder.clone_clean_content_tags(),
            tag_attributes: builder.clone_tag_attributes(),
            generic_attributes: builder.clone_generic_attributes(),
            schemes: builder.clone_url_schemes(),
        }
    }

    /// Whether an attribute survives; `class` counts as kept, since only
    /// its unknown values go and they change nothing but looks.
    fn keeps_attribute(&self, tag: &str, name: &str) -> bool {
        name == "class"
            || self.generic_attributes.contains(name)
            || self
                .tag_attributes
                .get(tag)
                .is_some_and(|names| names.contains(name))
    }

    /// Whether a URL survives: relative, or with an allowed scheme.
    fn keeps_url(&self, url: &str) -> bool {
        // Browsers ignore control characters and spaces in a scheme.
        let squeezed: String = url
            .chars()
            .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
            .take(32)
            .collect();
        match squeezed.split_once(':') {
            Some((scheme, _))
                if !scheme.is_empty()
                    && !scheme.contains(['/', '?', '#'])
                    && scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
            {
                self.schemes.contains(scheme.to_ascii_lowercase().as_str())
            }
            _ => true,
        }
    }
}

/// `(line, reason)` for everything sanitising removes from the parsed
/// Markdown `doc`, one per construct and line, in order.
pub fn report(doc: &Document<'_>) -> Vec<(usize, String)> {
    static POLICY: LazyLock<Policy> = LazyLock::new(Policy::new);
    let policy = &*POLICY;
    let mut found = Vec::new();
    for raw in &doc.raw {
        match raw {
            Raw::Html { offset, html } => {
                for (at, reason) in html_removals(policy, html) {
                    found.push((doc.line_of(offset + at), reason));
                }
            }
            Raw::Url { offset, url } if !policy.keeps_url(url) => {
                let scheme = url.split(':').next().unwrap_or_default().trim();
                found.push((
                    doc.line_of(*offset),
                    format!("removed {}: link", scheme.to_ascii_lowercase()),
                ));
            }
            Raw::Url { .. } => {}
        }
    }
    found.dedup();
    found
}

/// What goes from one piece of raw HTML: `(byte offset, reason)`.
fn html_removals(policy: &Policy, html: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for tag in tags(html) {
        let name = tag.name.as_str();
        if !policy.tags.contains(name) {
            let what = if policy.dropped_with_content.contains(name) {
                format!("removed <{name}> and its content")
            } else {
                format!("removed <{name}>")
            };
            out.push((tag.offset, what));
            continue;
        }
        for (attribute, value) in &tag.attributes {
            let attribute = attribute.as_str();
            if !policy.keeps_attribute(name, attribute) {
                let what = if attribute.starts_with("on") {
                    "event handler "
                } else {
                    ""
                };
                out.push((
                    tag.offset,
                    format!("removed {what}{attribute}= from <{name}>"),
                ));
            } else if matches!(attribute, "href" | "src" | "cite" | "action")
                && !policy.keeps_url(value)
            {
                let scheme = value.split(':').next().unwrap_or_default().trim();
                out.push((
                    tag.offset,
                    format!("removed {}: URL from <{name}>", scheme.to_ascii_lowercase()),
                ));
            }
        }
    }
    out
}

/// An opening tag in raw HTML.
#[derive(Debug, PartialEq, Eq)]
struct OpenTag {
    offset: usize,
    /// Lowercased.
    name: String,
    /// Lowercased names, values as written (unquoted).
    attributes: Vec<(String, String)>,
}

/// The opening tags of a piece of HTML, read leniently: enough to name
/// tags and attributes, never failing on broken markup.
fn tags(html: &str) -> Vec<OpenTag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(start) = html.get(i..).and_then(|rest| rest.find('<')).map(|s| s + i) {
        let name_len = html[start + 1..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        i = start + 1;
        if name_len == 0 || !bytes[start + 1].is_ascii_alphabetic() {
            continue;
        }
        let name = html[start + 1..start + 1 + name_len].to_ascii_lowercase();
        let (attributes, end) = attributes(html, start + 1 + name_len);
        tags.push(OpenTag {
            offset: start,
            name,
            attributes,
        });
        i = end;
    }
    tags
}

/// The attributes from `from` up to the tag's `>`, and where it ends.
fn attributes(html: &str, from: usize) -> (Vec<(String, String)>, usize) {
    let bytes = html.as_bytes();
    let mut attributes = Vec::new();
    let mut i = from;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return (attributes, (i + 1).min(bytes.len()));
        }
        let name_start = i;
        while i < bytes.len() && !b" \t\r\n/>=".contains(&bytes[i]) {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            let quote = bytes.get(i).copied().filter(|b| *b == b'"' || *b == b'\'');
            if quote.is_some() {
                i += 1;
            }
            let value_start = i;
            while i < bytes.len()
                && match quote {
                    Some(q) => bytes[i] != q,
                    None => !bytes[i].is_ascii_whitespace() && bytes[i] != b'>',
                }
            {
                i += 1;
            }
            value = html[value_start..i].to_owned();
            if quote.is_some() && i < bytes.len() {
                i += 1;
            }
        }
        if !name.is_empty() {
            attributes.push((name, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::links::LinkIndex;
    use crate::content::markdown::parse::parse;

    fn reasons(markdown: &str) -> Vec<String> {
        let doc = parse("c/a", markdown, &LinkIndex::default());
        report(&doc)
            .into_iter()
            .map(|(line, reason)| format!("{line}: {reason}"))
            .collect()
    }

    #[test]
    fn scripts_frames_handlers_and_javascript_links_are_reported_on_their_line() {
        let found = reasons(
            "# T\n\n<script>alert(1)</script>\n\n<img src=\"x.png\" onerror=\"alert(1)\">\n\n[klik](javascript:alert(1))\n\n<iframe src=\"https://e.example/\"></iframe>\n\nTekst <a href=\" JaVaScRiPt:x\" style=\"x\">a</a>\n",
        );
        assert_eq!(
            found,
            [
                "3: removed <script> and its content",
                "5: removed event handler onerror= from <img>",
                "7: removed javascript: link",
                "9: removed <iframe>",
                "11: removed javascript: URL from <a>",
                "11: removed style= from <a>",
            ],
            "{found:?}"
        );
    }

    #[test]
    fn what_survives_is_not_reported() {
        let found = reasons(
            "<a name=\"anker\"></a>\n\n[ok](https://example.com) [rel](other.md) [mail](mailto:a@b.nl)\n\n<img src=\"media/x.png\" alt=\"x\">\n\n<div class=\"x\">d</div>\n\n`<script>` in code\n",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn broken_markup_is_read_without_failing() {
        for html in [
            "<",
            "<a",
            "<a href=",
            "<a href='x",
            "<1>",
            "<a b c=d e='f'/>",
            "</x>",
        ] {
            let _ = tags(html);
        }
        let tags = tags("<A HREF='x' disabled>");
        assert_eq!(tags[0].name, "a");
        assert_eq!(
            tags[0].attributes,
            [
                ("href".into(), "x".into()),
                ("disabled".into(), String::new())
            ]
        );
    }
}
