//! Reading a content root: walking it, checking each file (size, UTF-8,
//! front matter, duplicate ids), resolving links across all articles and
//! rendering every body once. Reading, rendering and finishing run on all
//! cores (rayon's global pool, or the pool the caller installs); the result
//! is the same as a serial load, in the same order.

use std::collections::hash_map::Entry as Slot;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::article::Article;
use super::front_matter;
use super::links::LinkIndex;
use super::problem::{Problem, Severity};
use super::render::{self, Parsed};
use super::reuse::{self, Previous, Renders, Reuse, Version};
use super::sanitize::Sanitizer;
use super::stamp::FileStamp;
use super::text::normalise_text;
use super::walk;
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
    /// How many Markdown files were found (loaded or not).
    pub files_seen: usize,
    /// How many of them were opened and read (a reload skips the files
    /// whose stamp is unchanged).
    pub files_read: usize,
    /// What the next reload may take over.
    pub renders: Renders,
}

/// One file after the first pass: read and checked, or known to be
/// unchanged from its stamp (its previous article is then taken over).
enum Entry {
    Read(Box<Parsed>),
    Unchanged {
        id: String,
        text: u64,
        stamp: FileStamp,
    },
}

impl Entry {
    fn id(&self) -> &str {
        match self {
            Entry::Read(parsed) => &parsed.id,
            Entry::Unchanged { id, .. } => id,
        }
    }
}

/// One file: what the first pass made of it (or the line and reason it
/// was refused), its absolute path and its path in the root.
type FileEntry = (Result<Entry, (usize, String)>, PathBuf, String);

/// One file whose article is kept: the entry, absolute path, path in the root.
type FileParsed = (Entry, PathBuf, String);

/// One article finished: id, the version of its file a later reload may
/// take it over from, the article (unless rendering failed) and problems.
type Finished = (
    String,
    Option<(String, Option<FileStamp>, u64)>,
    Option<Article>,
    Vec<Problem>,
);

/// Loads every article under `root`. Per-file problems never fail the load.
pub fn load(
    root: &Path,
    collections: &BTreeMap<String, CollectionConfig>,
    progress: impl Fn(usize, usize) + Sync,
) -> Result<Loaded, LoadError> {
    load_reusing(root, collections, progress, None)
}

/// Like [`load`], taking over from `previous` every article that would
/// render the same (see [`reuse`]), without reading the files whose stamp
/// says they are unchanged (see [`super::stamp`]).
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
    let started = std::time::Instant::now();
    let (files, mut problems) = walk::article_files(root);
    let walked = started.elapsed();
    let files_seen = files.len() + problems.len();
    let reader = Reader {
        progress: &progress,
        total: files_seen * 2,
        done: AtomicUsize::new(0),
        read: AtomicUsize::new(0),
    };
    let (parsed, ids, reuse) = reader.first_pass(files, previous, &mut problems);
    let read_in = started.elapsed();
    let origins = collections
        .iter()
        .flat_map(|(key, c)| c.origins.iter().map(move |o| (key.clone(), o.clone())));
    // The same ids resolve alike: a reload that keeps them keeps the index.
    let links = reuse.as_ref().map(Reuse::links).unwrap_or_else(|| {
        Arc::new(collections.iter().fold(
            LinkIndex::new(parsed.iter().map(|p| p.0.id()), origins),
            |links, (key, c)| links.with_slug_prefixes(key, c.slug_prefixes.iter().cloned()),
        ))
    });
    let finished: Vec<Finished> = parsed
        .into_par_iter()
        .map_init(
            || Sanitizer::new(&links),
            |sanitizer, entry| reader.finish(root, entry, sanitizer, reuse.as_ref()),
        )
        .collect();
    let mut articles = Vec::with_capacity(finished.len());
    let mut renders =
        (reuse.as_ref()).map_or_else(|| Renders::new(ids, Arc::clone(&links)), Reuse::renders);
    for (id, version, article, mut article_problems) in finished {
        if let (Some((source, stamp, text)), Some(_)) = (version, &article) {
            let version = Version {
                source: &source,
                stamp,
                text,
            };
            renders.insert(&id, version, article_problems.clone());
        } else {
            renders.remove(&id);
        }
        problems.append(&mut article_problems);
        articles.extend(article);
    }
    progress(files_seen * 2, files_seen * 2);
    let files_read = reader.read.into_inner();
    tracing::debug!(
        target: "helpportal::content",
        files_read,
        walk_ms = walked.as_millis() as u64,
        read_ms = (read_in - walked).as_millis() as u64,
        render_ms = (started.elapsed() - read_in).as_millis() as u64,
        "content read"
    );
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Ok(Loaded {
        articles,
        problems,
        files_seen,
        files_read,
        renders,
    })
}

/// Reads files, counting them, and reports progress.
struct Reader<'p, P> {
    progress: &'p P,
    total: usize,
    done: AtomicUsize,
    read: AtomicUsize,
}

impl<P: Fn(usize, usize) + Sync> Reader<'_, P> {
    fn read(&self, path: &Path, source: &str) -> Result<Entry, (usize, String)> {
        self.read_parsed(path, source)
            .map(|parsed| Entry::Read(Box::new(parsed)))
    }

    fn read_parsed(&self, path: &Path, source: &str) -> Result<Parsed, (usize, String)> {
        self.read.fetch_add(1, Ordering::Relaxed);
        read_article(path, source)
    }

    fn step(&self) {
        (self.progress)(self.done.fetch_add(1, Ordering::Relaxed) + 1, self.total);
    }

    /// Every file read or found unchanged, the articles kept (the first of
    /// each id; a problem for every other file), the hash of their ids and
    /// what may be taken over from `previous`. When the set of ids changed
    /// the unchanged files are read too: every article is rendered again.
    fn first_pass<'a>(
        &self,
        files: Vec<(PathBuf, String)>,
        previous: Option<Previous<'a>>,
        problems: &mut Vec<Problem>,
    ) -> (Vec<FileParsed>, u64, Option<Reuse<'a>>) {
        let mut read: Vec<FileEntry> = files
            .into_par_iter()
            .map(|(path, source)| {
                self.step();
                let entry = (previous.as_ref())
                    .and_then(|previous| unchanged(previous, &path, &source))
                    .map_or_else(|| self.read(&path, &source), Ok);
                (entry, path, source)
            })
            .collect();
        let (mut kept, mut ids) = first_of_each_id(&read);
        let mut reuse = previous.and_then(|previous| Reuse::new(previous, ids));
        let is_unchanged = |r: &FileEntry| matches!(r.0, Ok(Entry::Unchanged { .. }));
        if reuse.is_none() && read.iter().any(is_unchanged) {
            read.par_iter_mut().for_each(|(entry, path, source)| {
                if let Ok(Entry::Unchanged { .. }) = entry {
                    *entry = self.read(path, source);
                }
            });
            (kept, ids) = first_of_each_id(&read);
            reuse = previous.and_then(|previous| Reuse::new(previous, ids));
        }
        let mut parsed = Vec::with_capacity(read.len());
        for ((entry, path, source), kept) in read.into_iter().zip(kept) {
            match (entry, kept) {
                (Ok(entry), Ok(())) => parsed.push((entry, path, source)),
                (_, Err(problem)) => problems.push(problem),
                (Err(_), Ok(())) => {} // never: a file not read is not kept
            }
        }
        (parsed, ids, reuse)
    }

    /// One article taken over (an unchanged file) or rendered.
    fn finish(
        &self,
        root: &Path,
        (entry, path, source): FileParsed,
        sanitizer: &Sanitizer<'_>,
        reuse: Option<&Reuse<'_>>,
    ) -> Finished {
        let finished = match entry {
            Entry::Unchanged { id, text, stamp } => {
                match reuse.and_then(|reuse| reuse.take(&id, text)) {
                    Some((article, problems)) => {
                        let version = Some((source, Some(stamp), text));
                        (id, version, Some(article), problems)
                    }
                    None => {
                        let read = self.read_parsed(&path, &source);
                        finish(root, read, source, sanitizer, None)
                    }
                }
            }
            Entry::Read(parsed) => finish(root, Ok(*parsed), source, sanitizer, reuse),
        };
        self.step();
        finished
    }
}

/// The previous load's text hash of the article at `source` when the file
/// has the stamp it was read with and was not reported changed.
fn unchanged(previous: &Previous<'_>, path: &Path, source: &str) -> Option<Entry> {
    if previous.changed.includes(source) {
        return None;
    }
    let stamp = FileStamp::of(&std::fs::metadata(path).ok()?);
    let id = id_of(source);
    let text = previous.renders.unchanged(&id, source, stamp)?;
    Some(Entry::Unchanged { id, text, stamp })
}

/// Renders one file read (taking over its previous render when `reuse`
/// has one for its text), or reports why it could not be read.
fn finish(
    root: &Path,
    read: Result<Parsed, (usize, String)>,
    source: String,
    sanitizer: &Sanitizer<'_>,
    reuse: Option<&Reuse<'_>>,
) -> Finished {
    let parsed = match read {
        Ok(parsed) => parsed,
        Err((line, reason)) => {
            let problem = Problem {
                file: source.clone(),
                line,
                severity: Severity::Error,
                reason,
            };
            return (id_of(&source), None, None, vec![problem]);
        }
    };
    let (id, stamp, text_hash) = (parsed.id.clone(), parsed.stamp, parsed.text_hash);
    let version = text_hash.map(|text| (source, stamp, text));
    let taken = reuse
        .zip(text_hash)
        .and_then(|(reuse, text)| reuse.take(&id, text))
        .map(|(article, problems)| (Some(article), problems));
    let (article, problems) =
        taken.unwrap_or_else(|| render::render_and_finish(root, parsed, sanitizer));
    (id, version, article, problems)
}

/// The path in the root without `.md`: the article id.
fn id_of(source: &str) -> String {
    source
        .strip_suffix(".md")
        .or_else(|| source.get(..source.len().saturating_sub(3)))
        .unwrap_or(source)
        .to_owned()
}

fn read_article(path: &Path, source: &str) -> Result<Parsed, (usize, String)> {
    let meta = std::fs::metadata(path).map_err(|e| (1, format!("cannot read file: {e}")))?;
    let (size, stamp) = (meta.len(), FileStamp::of(&meta));
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
    let id = id_of(source);
    let includes = split.body.to_ascii_uppercase().contains("[!INCLUDE");
    Ok(Parsed {
        text_hash: (!includes).then(|| reuse::hash_text(&text)),
        id,
        source: source.to_owned(),
        meta,
        body: split.body.to_owned(),
        body_line: split.body_line,
        stamp: Some(stamp),
    })
}

/// Per file read, in file order, whether its article is kept: not a
/// file that could not be read, nor a later file whose id (ignoring case)
/// was taken already (a problem for each of those); and the hash of the
/// ids kept, in order.
fn first_of_each_id(read: &[FileEntry]) -> (Vec<Result<(), Problem>>, u64) {
    let mut seen_ids: HashMap<String, &str> = HashMap::new();
    let refused = |source: &str, line: usize, reason: String| Problem {
        file: source.to_owned(),
        line,
        severity: Severity::Error,
        reason,
    };
    let kept: Vec<Result<(), Problem>> = (read.iter())
        .map(|(result, _, source)| match result {
            Ok(entry) => match seen_ids.entry(entry.id().to_lowercase()) {
                Slot::Occupied(first) => Err(refused(
                    source,
                    1,
                    format!("duplicate id: {} has the same id", first.get()),
                )),
                Slot::Vacant(slot) => {
                    slot.insert(source);
                    Ok(())
                }
            },
            Err((line, reason)) => Err(refused(source, *line, reason.clone())),
        })
        .collect();
    let ids = (read.iter().zip(&kept))
        .filter(|(_, kept)| kept.is_ok())
        .filter_map(|((entry, _, _), _)| entry.as_ref().ok().map(Entry::id));
    let ids = reuse::hash_ids(ids);
    (kept, ids)
}
