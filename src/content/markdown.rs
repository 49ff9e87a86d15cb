//! Markdown → HTML for one article with pulldown-cmark: heading ids (the
//! `# <a name="x"></a>Title` anchors kept exactly), section links, DocFX
//! callouts, link resolution, tables and the plain text used for search.
//!
//! Output is raw HTML that still has to pass [`super::sanitize`]; strings
//! that depend on the UI locale are left as message markers
//! ([`message_marker`]) and filled in by [`localize`].

use std::collections::HashSet;

use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use super::links::{LOCALE_MARKER, LinkIndex, Resolution, article_path};

/// A heading listed in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link found in the article, with how it resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundLink {
    pub href: String,
    pub resolution: Resolution,
    /// Line in the Markdown body (1-based), for `check` reports.
    pub body_line: usize,
}

/// One article's Markdown rendered once.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Body HTML (unsanitised, with markers), without the title H1.
    pub html: String,
    /// The first H1's text, and its anchor name when it had one.
    pub h1: Option<String>,
    pub h1_id: Option<String>,
    pub toc: Vec<TocEntry>,
    /// Every heading's text, in order (H1 excluded).
    pub headings: Vec<String>,
    /// Every heading anchor (kept or generated), e.g. `declined-credit-card`.
    pub anchors: Vec<String>,
    /// The visible text of the body, for search and plain-text renditions.
    pub text: String,
    pub links: Vec<FoundLink>,
    /// The plain-text rendition, with markers ([`super::plain_text`]).
    pub plain: String,
}

/// A marker for the UI message `key`, replaced per locale by [`localize`].
pub fn message_marker(key: &str) -> String {
    format!("\u{E000}{key}\u{E001}")
}

/// Replaces markers: [`LOCALE_MARKER`] by `/{locale}` and message markers
/// by the escaped message from `lookup`.
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
pub fn strip_marker_chars(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\u{E000}', '\u{E001}']) {
        std::borrow::Cow::Owned(text.replace(['\u{E000}', '\u{E001}'], ""))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

pub(super) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM
        | Options::ENABLE_FOOTNOTES
}

/// Renders `markdown` (the article `id`'s body) resolving links with `links`.
pub fn render(id: &str, markdown: &str, links: &LinkIndex) -> Rendered {
    let markdown = strip_marker_chars(markdown);
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);

    let mut state = RenderState::default();
    let mut out: Vec<Event> = Vec::new();
    let mut heading: Option<HeadingBuffer> = None;
    let mut link_stack: Vec<LinkClose> = Vec::new();
    let mut skip_image_depth = 0usize;

    for (event, range) in Parser::new_ext(&markdown, options()).into_offset_iter() {
        if let Some(buffer) = heading.as_mut() {
            match event {
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(done) = heading.take() {
                        state.finish_heading(done, &mut out);
                    }
                }
                Event::InlineHtml(ref html) | Event::Html(ref html)
                    if buffer.anchor.is_none() && anchor_name(html).is_some() =>
                {
                    buffer.anchor = anchor_name(html);
                    buffer.skip_close = true;
                }
                Event::InlineHtml(ref html) if buffer.skip_close && html.trim() == "</a>" => {
                    buffer.skip_close = false;
                }
                other => {
                    if let Event::Text(t) | Event::Code(t) = &other {
                        buffer.text.push_str(t);
                    }
                    buffer.events.push(other);
                }
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(HeadingBuffer {
                    level,
                    anchor: None,
                    skip_close: false,
                    text: String::new(),
                    events: Vec::new(),
                });
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, key) = callout(kind);
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-label\">{}</p>\n",
                    message_marker(key)
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                out.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(CowStr::from("<div class=\"table-wrap\">")));
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                if matches!(link_type, LinkType::Email) {
                    link_stack.push(LinkClose::Plain);
                    out.push(Event::Html(CowStr::from(format!(
                        "<a href=\"mailto:{}\">",
                        html_escape::encode_double_quoted_attribute(&dest_url)
                    ))));
                    continue;
                }
                let resolution = links.resolve(id, &dest_url);
                let close = match link_open_tag(&resolution, &title) {
                    Some(tag) => {
                        out.push(Event::Html(CowStr::from(tag)));
                        if is_outbound(&resolution) {
                            LinkClose::External
                        } else {
                            LinkClose::Plain
                        }
                    }
                    None => LinkClose::Nothing,
                };
                link_stack.push(close);
                state.links.push(FoundLink {
                    href: dest_url.to_string(),
                    resolution,
                    body_line: line_of(range.start),
                });
            }
            Event::End(TagEnd::Link) => match link_stack.pop() {
                Some(LinkClose::External) => out.push(Event::Html(CowStr::from(format!(
                    "<span class=\"visually-hidden\"> ({})</span></a>",
                    message_marker("external-link")
                )))),
                Some(LinkClose::Plain) => out.push(Event::Html(CowStr::from("</a>"))),
                Some(LinkClose::Nothing) | None => {}
            },
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let src = match links.resolve(id, &dest_url) {
                    Resolution::Media(path) => Some(format!("/media/{}", encode_path(&path))),
                    Resolution::External(url) => Some(url),
                    _ => None,
                };
                match src {
                    Some(src) => out.push(Event::Start(Tag::Image {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::from(src),
                        title,
                        id: CowStr::from(""),
                    })),
                    None => skip_image_depth += 1,
                }
            }
            Event::End(TagEnd::Image) if skip_image_depth > 0 => {
                skip_image_depth -= 1;
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                state.push_text(t);
                out.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                state.text.push(' ');
                out.push(event);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                state.text.push('\n');
                out.push(event);
            }
            other => out.push(other),
        }
    }
    if let Some(done) = heading.take() {
        state.finish_heading(done, &mut out);
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    Rendered {
        html,
        h1: state.h1,
        h1_id: state.h1_id,
        toc: state.toc,
        headings: state.headings,
        anchors: state.anchors,
        text: state.text.trim().to_owned(),
        links: state.links,
        plain: String::new(),
    }
}

/// How the `</a>` of a link is written, decided when it opens.
enum LinkClose {
    /// Nothing was opened: the link text stands alone.
    Nothing,
    Plain,
    /// Ends with a screen-reader note that the link leaves the portal.
    External,
}

fn is_outbound(resolution: &Resolution) -> bool {
    matches!(
        resolution,
        Resolution::External(_) | Resolution::Unresolved { fallback: Some(_) }
    )
}

struct HeadingBuffer<'a> {
    level: HeadingLevel,
    anchor: Option<String>,
    skip_close: bool,
    text: String,
    events: Vec<Event<'a>>,
}

#[derive(Default)]
struct RenderState {
    used_ids: HashSet<String>,
    h1: Option<String>,
    h1_id: Option<String>,
    toc: Vec<TocEntry>,
    headings: Vec<String>,
    anchors: Vec<String>,
    text: String,
    links: Vec<FoundLink>,
}

impl RenderState {
    fn push_text(&mut self, t: &str) {
        self.text.push_str(t);
    }

    fn unique_id(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "section" } else { wanted };
        let mut candidate = base.to_owned();
        let mut n = 2;
        while self.used_ids.contains(&candidate) || candidate.starts_with("hp-") {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.used_ids.insert(candidate.clone());
        candidate
    }

    fn finish_heading<'a>(&mut self, buffer: HeadingBuffer<'a>, out: &mut Vec<Event<'a>>) {
        let title = buffer.text.trim().to_owned();
        if buffer.level == HeadingLevel::H1 && self.h1.is_none() {
            self.h1 = Some(title);
            if let Some(anchor) = buffer.anchor {
                self.used_ids.insert(anchor.clone());
                self.anchors.push(anchor.clone());
                self.h1_id = Some(anchor);
            }
            return;
        }
        // Later H1s sit under the page title.
        let level = match buffer.level {
            HeadingLevel::H1 => 2,
            other => other as u8,
        };
        let wanted = buffer.anchor.unwrap_or_else(|| slugify(&title));
        let id = self.unique_id(&wanted);
        if level <= 3 && !title.is_empty() {
            self.toc.push(TocEntry {
                level,
                id: id.clone(),
                title: title.clone(),
            });
        }
        self.text.push_str(&title);
        self.text.push('\n');
        self.headings.push(title);
        self.anchors.push(id.clone());
        let escaped_id = html_escape::encode_double_quoted_attribute(&id).into_owned();
        out.push(Event::Html(CowStr::from(format!(
            "<h{level} id=\"{escaped_id}\">"
        ))));
        out.extend(buffer.events);
        out.push(Event::Html(CowStr::from(format!(
            " <a class=\"heading-anchor\" href=\"#{escaped_id}\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">{}</span></a></h{level}>\n",
            message_marker("section-link")
        ))));
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

pub(super) fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "callout-note"),
        BlockQuoteKind::Tip => ("tip", "callout-tip"),
        BlockQuoteKind::Important => ("important", "callout-important"),
        BlockQuoteKind::Warning => ("warning", "callout-warning"),
        BlockQuoteKind::Caution => ("caution", "callout-caution"),
    }
}

/// The opening `<a>` for a resolved link; `None` renders the text alone.
fn link_open_tag(resolution: &Resolution, title: &str) -> Option<String> {
    let title_attr = if title.is_empty() {
        String::new()
    } else {
        format!(
            " title=\"{}\"",
            html_escape::encode_double_quoted_attribute(title)
        )
    };
    let attr = |s: &str| html_escape::encode_double_quoted_attribute(s).into_owned();
    match resolution {
        Resolution::Article { id, fragment } => {
            let fragment = fragment
                .as_deref()
                .map(|f| format!("#{}", attr(f)))
                .unwrap_or_default();
            Some(format!(
                "<a href=\"{LOCALE_MARKER}{}{fragment}\"{title_attr}>",
                attr(&article_path(id))
            ))
        }
        Resolution::Fragment(f) => Some(format!("<a href=\"#{}\"{title_attr}>", attr(f))),
        Resolution::Media(path) => Some(format!(
            "<a href=\"/media/{}\"{title_attr}>",
            attr(&encode_path(path))
        )),
        Resolution::External(url) => Some(format!(
            "<a href=\"{}\" class=\"external\"{title_attr}>",
            attr(url)
        )),
        Resolution::Unresolved {
            fallback: Some(url),
        } => Some(format!(
            "<a href=\"{}\" class=\"external\"{title_attr}>",
            attr(url)
        )),
        Resolution::Unresolved { fallback: None } => None,
    }
}

pub(super) fn encode_path(path: &str) -> String {
    path.split('/')
        .map(super::links::encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// A heading id from its text: lowercase ASCII letters and digits joined
/// by dashes (accents folded away), like the docs sites generate.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(fold_char) {
        if c.is_ascii_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    slug
}

fn fold_char(c: char) -> impl Iterator<Item = char> {
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
        other => other,
    };
    std::iter::once(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_plain(md: &str) -> Rendered {
        render("c/a", md, &LinkIndex::default())
    }

    #[test]
    fn anchor_headings_keep_their_names() {
        let r = render_plain(
            "# <a name=\"declined\"></a>Geweigerd\n\nTekst\n\n## <a name=\"the-card-is-inactive-or-blocked\"></a>De kaart is geblokkeerd\n\n## Gewone kop\n\n## Gewone kop\n",
        );
        assert_eq!(r.h1.as_deref(), Some("Geweigerd"));
        assert_eq!(r.h1_id.as_deref(), Some("declined"));
        assert!(!r.html.contains("<h1"), "{}", r.html);
        assert!(
            r.html
                .contains("<h2 id=\"the-card-is-inactive-or-blocked\">De kaart is geblokkeerd")
        );
        assert!(r.html.contains("<h2 id=\"gewone-kop\">"));
        assert!(r.html.contains("<h2 id=\"gewone-kop-2\">"));
        assert!(r.html.contains("href=\"#gewone-kop-2\""));
        assert_eq!(r.toc.len(), 3);
        assert!(!r.html.contains("name=\"declined\""));
    }

    #[test]
    fn callouts_of_any_case_become_labelled_blocks() {
        for (src, class, key) in [
            (">[!Note]\n>Let op dit.", "note", "callout-note"),
            ("> [!TIP]\n> Tip.", "tip", "callout-tip"),
            (">[!important]\n>x", "important", "callout-important"),
            ("> [!WARNING]\n> x", "warning", "callout-warning"),
            ("> [!CAUTION]\n> x", "caution", "callout-caution"),
        ] {
            let r = render_plain(src);
            assert!(
                r.html.contains(&format!("callout callout-{class}")),
                "{src}: {}",
                r.html
            );
            let localized = localize(&r.html, "/nl-nl", |k| format!("[{k}]"));
            assert!(localized.contains(&format!("[{key}]")), "{localized}");
        }
    }

    #[test]
    fn unresolved_relative_links_render_as_text() {
        let r = render_plain("Zie [de ander](missing.md) en [extern](https://example.com).");
        assert!(!r.html.contains("missing.md"), "{}", r.html);
        assert!(r.html.contains("de ander"));
        assert!(
            r.html
                .contains("href=\"https://example.com\" class=\"external\"")
        );
        assert_eq!(r.links.len(), 2);
        assert_eq!(r.links[0].body_line, 1);
    }

    #[test]
    fn slugs_fold_accents() {
        assert_eq!(
            slugify("Financiële gegevens & kosten!"),
            "financiele-gegevens-kosten"
        );
    }

    #[test]
    fn marker_characters_in_source_are_removed() {
        let r = render_plain("tekst \u{E000}locale\u{E001} meer");
        assert!(!r.html.contains('\u{E000}'));
    }
}
