//! Reading a content root: walking it, checking each file (size, UTF-8,
//! front matter, duplicate ids), resolving links across all articles and
//! rendering every body once. Reading, rendering and finishing run on all
//! cores (rayon's global pool, or the pool the caller installs); the result
//! is the same as a serial load, in the same order.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::article::Article;
use super::front_matter;
use super::links::LinkIndex;
use super::problem::{Problem, Severity};
use super::render::{self, Parsed};
use super::reuse::{self, Previous, Renders, Reuse};
use super::text::normalise_text;
use crate::config::CollectionConfig;

/// Articles larger than this are reported and skipped.
pub const MAX_ARTICLE_BYTES: u64 = 2 * 1024 * 1024;

/// A content root that cannot be loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("content root {0} does not exist or is not a directory")]
    NotADirectory(PathBuf),
    #[error("content root {path} cannot be read: {source}")]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Everything read from a content root.
#[derive(Debug)]
pub struct Loaded {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
    pub links: LinkIndex,
    /// How many Markdown files were found (loaded or not).
    pub files_seen: usize,
    /// What the next reload may take over.
    pub renders: Renders,
}

/// One file read: the article, or the line and reason it was refused.
type ReadResult = Result<Parsed, (usize, String)>;

/// Loads every article under `root`. Per-file problems never fail the load.
pub fn load(
    root: &Path,
    collections: &BTreeMap<String, CollectionConfig>,
    progress: impl Fn(usize, usize) + Sync,
) -> Result<Loaded, LoadError> {
    load_reusing(root, collections, progress, None)
}

/// Like [`load`], taking over from `previous` every article that would
/// render the same (see [`reuse`]).
pub fn load_reusing(
    root: &Path,
    collections: &BTreeMap<String, CollectionConfig>,
    progress: impl Fn(usize, usize) + Sync,
    previous: Option<Previous<'_>>,
) -> Result<Loaded, LoadError> {
    if !root.is_dir() {
        return Err(LoadError::NotADirectory(root.to_path_buf()));
    }
    std::fs::read_dir(root).map_err(|source| LoadError::Unreadable {
        path: root.to_path_buf(),
        source,
    })?;
    let (files, mut problems) = article_files(root);
    let files_seen = files.len() + problems.len();
    let done = AtomicUsize::new(0);
    let read: Vec<_> = files
        .into_par_iter()
        .map(|(path, source)| {
            let n = done.fetch_add(1, Ordering::Relaxed);
            progress(n, files_seen * 2);
            (read_article(&path, &source), source)
        })
        .collect();
    let parsed = first_of_each_id(read, &mut problems);
    let origins = collections
        .iter()
        .flat_map(|(key, c)| c.origins.iter().map(move |o| (key.clone(), o.clone())));
    let links = collections.iter().fold(
        LinkIndex::new(parsed.iter().map(|p| p.id.as_str()), origins),
        |links, (key, c)| links.with_slug_prefixes(key, c.slug_prefixes.iter().cloned()),
    );
    let ids = reuse::hash_ids(parsed.iter().map(|p| p.id.as_str()));
    let reuse = previous.and_then(|previous| Reuse::new(previous, ids));
    let done = AtomicUsize::new(0);
    let finished: Vec<_> = parsed
        .into_par_iter()
        .map(|parsed| {
            let text_hash = parsed.text_hash;
            let id = parsed.id.clone();
            let taken = reuse
                .as_ref()
                .zip(text_hash)
                .and_then(|(reuse, text)| reuse.take(&id, text))
                .map(|(article, problems)| (Some(article), problems));
            let (article, problems) =
                taken.unwrap_or_else(|| render::render_and_finish(root, parsed, &links));
            progress(
                files_seen + done.fetch_add(1, Ordering::Relaxed) + 1,
                files_seen * 2,
            );
            (id, text_hash, article, problems)
        })
        .collect();
    let mut articles = Vec::with_capacity(finished.len());
    let mut renders = Renders::new(ids);
    for (id, text_hash, article, mut article_problems) in finished {
        if let (Some(text), Some(_)) = (text_hash, &article) {
            renders.insert(&id, text, article_problems.clone());
        }
        problems.append(&mut article_problems);
        articles.extend(article);
    }
    progress(files_seen * 2, files_seen * 2);
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Ok(Loaded {
        articles,
        problems,
        links,
        files_seen,
        renders,
    })
}

/// `(absolute path, path relative to root)` of every article, sorted, and
/// a problem for every Markdown file that is skipped on the way: a
/// symbolic link whose target is not a file inside the root, a file
/// outside any collection folder, something that is not a file, and every
/// entry the walk cannot read (a folder without permission, say).
fn article_files(root: &Path) -> (Vec<(PathBuf, String)>, Vec<Problem>) {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let walk = WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(name.starts_with('.')
                    || (e.file_type().is_dir() && name.eq_ignore_ascii_case("includes")))
        });
    for entry in walk {
        let found = match entry {
            Ok(entry) => classify(root, &canonical_root, &entry),
            Err(err) => Found::Skipped(walk_problem(root, &err)),
        };
        match found {
            Found::Article(path, rel) => files.push((path, rel)),
            Found::Skipped(problem) => skipped.push(problem),
            Found::Other => {}
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    (files, skipped)
}

/// What one entry of the content root is to the loader.
enum Found {
    /// An article: absolute path and path relative to the root.
    Article(PathBuf, String),
    /// A Markdown file (or an unreadable entry) that is not loaded.
    Skipped(Problem),
    /// Not Markdown, or a folder: nothing to load or report.
    Other,
}

fn classify(root: &Path, canonical_root: &Path, entry: &walkdir::DirEntry) -> Found {
    let is_md = entry
        .path()
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("md"));
    let rel = relative(root, entry.path());
    if entry.path_is_symlink() {
        match entry.path().canonicalize() {
            Ok(target) if target.starts_with(canonical_root) && target.is_file() => {}
            Ok(target) if target.is_dir() => {
                return Found::Skipped(skipped_file(
                    rel,
                    "symbolic link to a folder: not followed".into(),
                ));
            }
            _ if !is_md => return Found::Other,
            Ok(_) => {
                return Found::Skipped(skipped_file(
                    rel,
                    "symbolic link to a file outside the content root".into(),
                ));
            }
            Err(_) => return Found::Skipped(skipped_file(rel, "symbolic link to nothing".into())),
        }
    } else if entry.file_type().is_dir() || !is_md {
        return Found::Other;
    } else if !entry.file_type().is_file() {
        return Found::Skipped(skipped_file(rel, "not a regular file".into()));
    }
    if !is_md {
        return Found::Other;
    }
    if entry.depth() < 2 {
        return Found::Skipped(Problem {
            severity: Severity::Warning,
            ..skipped_file(
                rel,
                "not in a collection folder, so not an article (skipped)".into(),
            )
        });
    }
    Found::Article(entry.path().to_path_buf(), rel)
}

/// An entry the walk could not read, reported by its path in the root
/// and the system's reason.
fn walk_problem(root: &Path, err: &walkdir::Error) -> Problem {
    let file = err
        .path()
        .map_or_else(|| ".".to_owned(), |p| relative(root, p));
    let reason = match err.io_error() {
        Some(io) => format!("cannot be read: {io}"),
        None => format!("cannot be read: {err}"),
    };
    skipped_file(file, reason)
}

/// `path` relative to `root` with `/` separators; `.` for the root itself.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path
        .strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    if rel.is_empty() { ".".to_owned() } else { rel }
}

/// A Markdown file that is not loaded.
fn skipped_file(file: String, reason: String) -> Problem {
    Problem {
        file,
        line: 1,
        severity: Severity::Error,
        reason,
    }
}

fn read_article(path: &Path, source: &str) -> Result<Parsed, (usize, String)> {
    let size = std::fs::metadata(path)
        .map_err(|e| (1, format!("cannot read file: {e}")))?
        .len();
    if size > MAX_ARTICLE_BYTES {
        return Err((
            1,
            format!("file too large: {size} bytes (limit {MAX_ARTICLE_BYTES})"),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| (1, format!("cannot read file: {e}")))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let line = err.as_bytes()[..valid]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            return Err((line, format!("not valid UTF-8 (byte {valid})")));
        }
    };
    let text = normalise_text(&text);
    if text.trim().is_empty() {
        return Err((1, "empty file".into()));
    }
    let split = front_matter::split(&text).map_err(|e| (e.line, e.reason))?;
    let meta = front_matter::parse(split.yaml).map_err(|e| (e.line, e.reason))?;
    let id = source
        .strip_suffix(".md")
        .or_else(|| source.get(..source.len().saturating_sub(3)))
        .unwrap_or(source)
        .to_owned();
    let includes = split.body.to_ascii_uppercase().contains("[!INCLUDE");
    Ok(Parsed {
        text_hash: (!includes).then(|| reuse::hash_text(&text)),
        id,
        source: source.to_owned(),
        meta,
        body: split.body.to_owned(),
        body_line: split.body_line,
    })
}

/// The articles read, in file order, without the later files whose id
/// (ignoring case) was taken already; a problem for each of those and for
/// every file that could not be read.
fn first_of_each_id(read: Vec<(ReadResult, String)>, problems: &mut Vec<Problem>) -> Vec<Parsed> {
    let mut parsed = Vec::with_capacity(read.len());
    let mut seen_ids: HashMap<String, String> = HashMap::new();
    for (result, source) in read {
        match result {
            Ok(article) => {
                let key = article.id.to_lowercase();
                if let Some(first) = seen_ids.get(&key) {
                    problems.push(Problem {
                        file: source,
                        line: 1,
                        severity: Severity::Error,
                        reason: format!("duplicate id: {first} has the same id"),
                    });
                    continue;
                }
                seen_ids.insert(key, article.source.clone());
                parsed.push(article);
            }
            Err((line, reason)) => problems.push(Problem {
                file: source,
                line,
                severity: Severity::Error,
                reason,
            }),
        }
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reported(problems: &[Problem]) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    #[cfg(unix)]
    #[test]
    fn entries_that_are_not_files_are_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("c/map.md")).expect("mkdir");
        std::fs::write(root.join("c/a.md"), "# A\n").expect("write");
        let _socket = std::os::unix::net::UnixListener::bind(root.join("c/socket.md"));
        let (files, problems) = article_files(root);
        let found: Vec<&str> = files.iter().map(|(_, rel)| rel.as_str()).collect();
        assert_eq!(found, ["c/a.md"]);
        assert_eq!(
            reported(&problems),
            ["c/socket.md:1: not a regular file (article skipped)"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_folders_are_reported_with_the_reason() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("c/closed")).expect("mkdir");
        std::fs::write(root.join("c/a.md"), "# A\n").expect("write");
        let closed = root.join("c/closed");
        std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        let readable = std::fs::read_dir(&closed).is_ok();
        let (files, problems) = article_files(root);
        std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        assert_eq!(files.len(), 1);
        if readable {
            // Running as root: permissions do not keep anything out.
            return;
        }
        let reported = reported(&problems);
        assert_eq!(reported.len(), 1, "{reported:?}");
        assert!(
            reported[0].starts_with("c/closed:1: cannot be read: Permission denied"),
            "{reported:?}"
        );
    }

    #[test]
    fn paths_are_reported_relative_to_the_root() {
        let root = Path::new("content");
        assert_eq!(relative(root, Path::new("content/c/a.md")), "c/a.md");
        assert_eq!(relative(root, Path::new("content")), ".");
    }
}
