//! Cross-links on the shared corpus, checked against an independent scan
//! of the Markdown files: relative links to existing files resolve, the
//! unresolved ones `check` reports are exactly the missing files, origin
//! (docs.microsoft.com) billing links become local, and the backlink graph
//! mirrors the forward links.

mod common;

use std::collections::{BTreeSet, HashSet};
use std::path::{Component, Path, PathBuf};

use common::*;
use helpportal::i18n::UiLocale;
use pulldown_cmark::{Event, Parser, Tag};

fn corpus_root() -> PathBuf {
    corpus_config().content
}

/// Every article file (what the loader treats as one): `(absolute, relative)`.
fn article_files(root: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                if !name.eq_ignore_ascii_case("includes") {
                    stack.push(path);
                }
            } else if name.to_lowercase().ends_with(".md") && path.parent() != Some(root) {
                let rel = path
                    .strip_prefix(root)
                    .expect("under root")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((path, rel));
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// A Markdown link in a file: its href and 1-based line.
struct FoundLink {
    href: String,
    line: usize,
}

/// Links as pulldown-cmark sees them, include directives left out.
fn links_in(text: &str) -> Vec<FoundLink> {
    let text = text
        .strip_prefix('\u{FEFF}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let masked: String = text
        .split_inclusive('\n')
        .map(|line| {
            if line.to_ascii_lowercase().contains("[!include") {
                "\n".to_owned()
            } else {
                line.to_owned()
            }
        })
        .collect();
    let line_of = |offset: usize| masked[..offset].matches('\n').count() + 1;
    Parser::new_ext(&masked, pulldown_cmark::Options::all())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(FoundLink {
                href: dest_url.to_string(),
                line: line_of(range.start),
            }),
            _ => None,
        })
        .collect()
}

/// The path of a relative `.md` link (no scheme, not rooted, no fragment-only).
fn relative_md_path(href: &str) -> Option<String> {
    let href = href.trim();
    if href.starts_with(['/', '#']) || href.contains("://") || href.contains(':') {
        return None;
    }
    let path = href.split(['#', '?']).next().unwrap_or_default();
    path.to_lowercase()
        .ends_with(".md")
        .then(|| path.replace("%20", " "))
}

/// `dir/rel` with `.` and `..` resolved; `None` above the root.
fn join_inside(root: &Path, dir: &Path, rel: &str) -> Option<PathBuf> {
    let mut parts: Vec<String> = dir
        .strip_prefix(root)
        .ok()?
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    for segment in rel.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other.to_owned()),
        }
    }
    Some(PathBuf::from(parts.join("/")))
}

/// `relative` as it exists under `root`, the file name matched ignoring case.
fn existing_ignoring_case(root: &Path, relative: &Path) -> Option<PathBuf> {
    if root.join(relative).is_file() {
        return Some(relative.to_path_buf());
    }
    let parent = relative.parent()?;
    let wanted = relative.file_name()?.to_string_lossy().to_lowercase();
    std::fs::read_dir(root.join(parent))
        .ok()?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().to_lowercase() == wanted)
        .map(|e| parent.join(e.file_name()))
}

fn id_of(relative: &Path) -> String {
    let s = relative.to_string_lossy().replace('\\', "/");
    s[..s.len() - 3].to_owned()
}

/// `(file, line, href)` of every relative link to a missing file, and the
/// number of relative links whose target exists, checked on the way.
fn scan_relative_links() -> (BTreeSet<(String, usize, String)>, usize) {
    let root = corpus_root();
    let library = CORPUS.clone();
    let mut missing = BTreeSet::new();
    let mut resolved = 0;
    for (path, rel) in article_files(&root) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let own_id = &rel[..rel.len() - 3];
        let Some(article) = library.get(own_id) else {
            continue;
        };
        let dir = path.parent().expect("has a folder");
        for link in links_in(&text) {
            let Some(target) = relative_md_path(&link.href) else {
                continue;
            };
            // Ids, like the docs site's URLs, ignore case.
            let joined =
                join_inside(&root, dir, &target).and_then(|j| existing_ignoring_case(&root, &j));
            if let Some(joined) = joined {
                let target_id = id_of(&joined);
                let target_article = library
                    .get_ignoring_case(&target_id)
                    .unwrap_or_else(|| panic!("{rel}: {target_id} exists but is not loaded"));
                if target_article.id != article.id {
                    assert!(
                        article.links_to.contains(&target_article.id),
                        "{rel}:{}: {} should resolve to {}",
                        link.line,
                        link.href,
                        target_article.id
                    );
                }
                resolved += 1;
            } else {
                missing.insert((rel.clone(), link.line, link.href.clone()));
            }
        }
    }
    (missing, resolved)
}

#[test]
fn every_relative_link_to_an_existing_file_resolves_to_its_article() {
    let (_, resolved) = scan_relative_links();
    println!("relative links to existing files: {resolved}");
    assert!(
        resolved > 400,
        "the corpus has hundreds of relative links, found {resolved}"
    );
}

#[test]
fn unresolved_links_reported_are_exactly_the_missing_files() {
    let (missing, _) = scan_relative_links();
    let root = corpus_root();
    // Written on the origin site as `../billing/x.md`: the origin folder
    // of azure-billing (docs.microsoft.com/azure/billing/) is the
    // collection itself, so these resolve although no `billing/` folder exists.
    let via_origin: BTreeSet<_> = missing
        .iter()
        .filter(|(file, _, href)| {
            file.starts_with("azure-billing/")
                && href.starts_with("../billing/")
                && relative_md_path(href).is_some_and(|p| {
                    root.join("azure-billing")
                        .join(p.trim_start_matches("../billing/"))
                        .is_file()
                })
        })
        .cloned()
        .collect();
    let expected: BTreeSet<_> = missing.difference(&via_origin).cloned().collect();
    let reported: BTreeSet<(String, usize, String)> = CORPUS
        .problems()
        .iter()
        .filter_map(|p| {
            let href = p.reason.strip_prefix("unresolved link: ")?;
            relative_md_path(href)?;
            Some((p.file.clone(), p.line, href.to_owned()))
        })
        .collect();
    let only_reported: Vec<_> = reported.difference(&expected).collect();
    let not_reported: Vec<_> = expected.difference(&reported).collect();
    assert!(
        only_reported.is_empty() && not_reported.is_empty(),
        "reported but the file exists: {only_reported:?}\nmissing but not reported: {not_reported:?}"
    );
    assert!(!expected.is_empty(), "the corpus links to files it lacks");
    assert!(!via_origin.is_empty());
    let text = |p: &helpportal::content::Problem| p.to_string();
    let sample = CORPUS
        .problems()
        .iter()
        .find(|p| p.reason.starts_with("unresolved link: "))
        .map(text)
        .expect("some");
    assert!(
        sample.contains(".md:") && sample.contains(": unresolved link: "),
        "{sample}"
    );
}

#[test]
fn seed_000_links_to_sign_up_and_pay_by_invoice_are_local() {
    let article = CORPUS
        .get("azure-billing/billing-troubleshoot-declined-card")
        .expect("seed 000 is in the corpus");
    let html = article.body(UiLocale::NlNl);
    for target in [
        "azure-billing/billing-troubleshoot-azure-sign-up",
        "azure-billing/billing-how-to-pay-by-invoice",
    ] {
        assert!(article.links_to.iter().any(|t| t == target), "{target}");
        assert!(
            html.contains(&format!("href=\"/nl-nl/articles/{target}\"")),
            "{target} is linked locally"
        );
    }
    assert!(!html.contains("billing-how-to-pay-by-invoice.md"));
}

/// Every `http(s)://…` URL in `text`.
fn urls_in(text: &str) -> Vec<&str> {
    let mut urls = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("http") {
        let candidate = &rest[start..];
        let end = candidate
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '<' | '>' | ']'))
            .unwrap_or(candidate.len());
        if candidate.starts_with("https://") || candidate.starts_with("http://") {
            urls.push(&candidate[..end]);
        }
        rest = &candidate[end.max(4)..];
    }
    urls
}

/// The azure-billing file a docs/learn billing URL names, found on disk by
/// the folder's naming rules (`x`, `billing-x`, `billing-how-to-x`).
fn billing_file_for(url: &str, root: &Path) -> Option<String> {
    let lower = url.to_lowercase();
    let path = lower.split(['?', '#']).next()?;
    let after_host = path
        .strip_prefix("https://docs.microsoft.com/")
        .or_else(|| path.strip_prefix("https://learn.microsoft.com/"))?;
    let mut segments: Vec<&str> = after_host.split('/').filter(|s| !s.is_empty()).collect();
    if segments
        .first()
        .is_some_and(|s| s.len() == 5 && s.as_bytes()[2] == b'-')
    {
        segments.remove(0);
    }
    let slug = match segments.as_slice() {
        ["azure", "billing", slug] => *slug,
        [
            "azure",
            "cost-management-billing",
            "manage" | "understand" | "reservations",
            slug,
        ] => *slug,
        _ => return None,
    };
    ["", "billing-", "billing-how-to-"]
        .iter()
        .map(|p| format!("{p}{slug}"))
        .find(|name| {
            root.join("azure-billing")
                .join(format!("{name}.md"))
                .is_file()
        })
        .map(|name| format!("azure-billing/{name}"))
}

#[test]
fn docs_billing_links_in_alchemy_insights_become_local() {
    let root = corpus_root();
    let mut checked = 0;
    let mut renamed = 0;
    for (path, rel) in article_files(&root)
        .into_iter()
        .filter(|(_, r)| r.starts_with("alchemy-insights/"))
    {
        let Some(article) = CORPUS.get(&rel[..rel.len() - 3]) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("read");
        let links: HashSet<String> = links_in(&text).into_iter().map(|l| l.href).collect();
        for url in urls_in(&text).into_iter().filter(|u| links.contains(*u)) {
            let Some(target) = billing_file_for(url, &root) else {
                continue;
            };
            assert!(
                article.links_to.contains(&target),
                "{rel}: {url} should link to {target}"
            );
            if !url
                .to_lowercase()
                .contains(target.trim_start_matches("azure-billing/"))
            {
                renamed += 1;
            }
            checked += 1;
        }
    }
    println!("docs billing links made local: {checked}, of which renamed pages: {renamed}");
    assert!(checked >= 40, "found {checked}");
    assert!(renamed >= 10, "renamed pages found by prefix: {renamed}");
}

#[test]
fn origin_links_keep_the_anchor_and_drop_tracking() {
    let needle = "billing-how-to-change-credit-card?WT.mc_id=";
    let (article, _) = CORPUS
        .articles()
        .iter()
        .filter_map(|a| {
            let text = std::fs::read_to_string(corpus_root().join(&a.source)).ok()?;
            text.contains(needle).then_some((a, text))
        })
        .find(|(_, text)| text.contains("#frequently-asked-questions"))
        .expect("an article links to the change-credit-card FAQ with tracking");
    let html = article.body(UiLocale::NlNl);
    assert!(
        html.contains(
            "href=\"/nl-nl/articles/azure-billing/billing-how-to-change-credit-card#frequently-asked-questions\""
        ),
        "{}",
        article.id
    );
    assert!(!html.contains("WT.mc_id"), "{}", article.id);
}

#[test]
fn backlinks_mirror_the_forward_links() {
    let library = CORPUS.clone();
    let mut forward = 0;
    for article in library.articles() {
        for target in &article.links_to {
            let target = library.get(target).expect("links_to holds loaded ids");
            assert!(
                library.backlinks(target).any(|a| a.id == article.id),
                "{} → {} missing from the backlinks",
                article.id,
                target.id
            );
            forward += 1;
        }
        assert!(library.backlinks(article).all(|a| a.id != article.id));
    }
    let backward: usize = library
        .articles()
        .iter()
        .map(|a| library.backlinks(a).count())
        .sum();
    assert_eq!(forward, backward);
    assert_eq!(forward, library.graph().edge_count());
    assert!(forward > 500);
}

#[actix_web::test]
async fn article_pages_list_the_articles_that_link_to_them() {
    let r = get_corpus("/nl-nl/articles/azure-billing/billing-how-to-pay-by-invoice").await;
    assert_eq!(r.status, 200);
    let section = r
        .body
        .split("<nav class=\"backlinks\"")
        .nth(1)
        .expect("a backlinks section");
    assert!(section.contains("Artikelen die hiernaar verwijzen"));
    assert!(
        section
            .contains("href=\"/nl-nl/articles/azure-billing/billing-troubleshoot-declined-card\""),
        "seed 000 links to pay-by-invoice"
    );
    let en = get_corpus("/en-us/articles/azure-billing/billing-how-to-pay-by-invoice").await;
    assert!(en.body.contains("Articles that link here"));
}
