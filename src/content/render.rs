//! Rendering one parsed article: includes expanded, Markdown rendered
//! against the link index, sanitised, every problem on the way reported
//! with its line in the file, and the finished [`Article`] with one body
//! for every UI locale (markers filled in per page, see [`super::markers`]).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::article::{Article, ArticleData};
use super::front_matter::FrontMatter;
use super::include;
use super::links::Resolution;
use super::markdown::{self, Rendered};
use super::packed::Packed;
use super::problem::{Problem, Severity};
use super::sanitize::Sanitizer;

/// A file that passed the first checks, before rendering.
pub(super) struct Parsed {
    pub(super) id: String,
    pub(super) source: String,
    pub(super) meta: FrontMatter,
    pub(super) body: String,
    pub(super) body_line: usize,
    /// [`super::reuse::hash_text`] of the whole file; `None` when the body
    /// includes other files (then it is always rendered).
    pub(super) text_hash: Option<u64>,
    /// The file's stamp when it was read.
    pub(super) stamp: Option<super::stamp::FileStamp>,
}

/// Renders and finishes one article; one whose rendering panics gives
/// `None` and a problem.
pub(super) fn render_and_finish(
    root: &Path,
    parsed: Parsed,
    sanitizer: &Sanitizer<'_>,
) -> (Option<Article>, Vec<Problem>) {
    let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        render_one(root, &parsed, sanitizer)
    }));
    match rendered {
        Ok((rendered, problems)) => (Some(finish(parsed, rendered)), problems),
        Err(_) => (
            None,
            vec![Problem {
                file: parsed.source,
                line: 1,
                severity: Severity::Error,
                reason: "the article could not be rendered".into(),
            }],
        ),
    }
}

fn render_one(root: &Path, parsed: &Parsed, sanitizer: &Sanitizer<'_>) -> (Rendered, Vec<Problem>) {
    let links = sanitizer.links();
    let mut problems = Vec::new();
    let file_line = |body_line: usize| parsed.body_line + body_line.saturating_sub(1);
    let (body, include_problems) = include::expand(root, &parsed.source, &parsed.body);
    for p in include_problems {
        problems.push(Problem {
            file: parsed.source.clone(),
            line: file_line(p.line),
            severity: Severity::Warning,
            reason: p.reason,
        });
    }
    let mut rendered = markdown::render(&parsed.id, &body, links);
    for (line, reason) in std::mem::take(&mut rendered.removed) {
        problems.push(Problem {
            file: parsed.source.clone(),
            line: file_line(line),
            severity: Severity::Warning,
            reason,
        });
    }
    for link in &rendered.links {
        if let Resolution::Unresolved { .. } = link.resolution {
            problems.push(Problem {
                file: parsed.source.clone(),
                line: file_line(link.body_line),
                severity: Severity::Warning,
                reason: format!("unresolved link: {}", link.href),
            });
        }
    }
    if parsed.meta.title.is_none() && rendered.h1.is_none() {
        problems.push(Problem {
            file: parsed.source.clone(),
            line: 1,
            severity: Severity::Warning,
            reason: "no title in the front matter and no H1 heading".into(),
        });
    }
    if parsed.meta.ms_date.is_some() && parsed.meta.date().is_none() {
        problems.push(Problem {
            file: parsed.source.clone(),
            line: 2,
            severity: Severity::Warning,
            reason: "ms.date is not a valid MM/DD/YYYY date".into(),
        });
    }
    rendered.html = sanitizer.clean(&parsed.id, &rendered.html);
    (rendered, problems)
}

fn finish(parsed: Parsed, rendered: Rendered) -> Article {
    let collection = parsed.id.split('/').next().unwrap_or_default().to_owned();
    let slug = parsed.id.rsplit('/').next().unwrap_or_default().to_owned();
    let source_title = parsed
        .meta
        .title
        .clone()
        .or(rendered.h1.clone())
        .unwrap_or_else(|| slug.replace('-', " "));
    let title = super::title::clean(&source_title, &slug).unwrap_or_else(|| source_title.clone());
    let mut seen = HashSet::new();
    let links_to: Vec<String> = rendered
        .links
        .iter()
        .filter_map(|l| match &l.resolution {
            Resolution::Article { id, .. } if *id != parsed.id => Some(id.clone()),
            _ => None,
        })
        .filter(|id| seen.insert(id.clone()))
        .collect();
    let shrunk = |mut text: String| {
        text.shrink_to_fit();
        text
    };
    let shrunk_all = |list: Vec<String>| list.into_iter().map(shrunk).collect::<Vec<_>>();
    Article::new(ArticleData {
        date: parsed.meta.date(),
        description: parsed.meta.description.clone().unwrap_or_default(),
        title,
        source_title,
        collection,
        title_anchor: rendered.h1_id,
        body_marked: Packed::new(&rendered.html),
        toc: rendered.toc,
        headings: shrunk_all(rendered.headings),
        anchors: shrunk_all(rendered.anchors),
        text: shrunk(rendered.text),
        links_to: shrunk_all(links_to),
        plain: Packed::new(&rendered.plain),
        id: parsed.id,
        source: parsed.source,
        // The keys the portal does not read are not kept with the article.
        meta: FrontMatter {
            extra: BTreeMap::new(),
            ..parsed.meta
        },
    })
}
