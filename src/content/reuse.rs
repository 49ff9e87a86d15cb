//! What a reload takes over from the load before it: an article whose file
//! text is unchanged, that includes nothing, in a content root whose set of
//! article ids is unchanged (so every link resolves as before) keeps its
//! rendered [`Article`] and the problems rendering it gave, instead of being
//! rendered again. Anything else is rendered, so a reload gives exactly what
//! a full load of the same files gives. An article whose file's
//! [`FileStamp`] is unchanged (and that the watcher did not report) is
//! taken over without its file being read (see [`super::stamp`]).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use super::article::Article;
use super::links::LinkIndex;
use super::problem::Problem;
use super::stamp::{ChangedFiles, FileStamp};

/// Per article of one load: its file, the file's stamp when it was read,
/// the hash of its text and the problems rendering it gave; and a hash of
/// the set of ids the links resolved against.
#[derive(Debug, Default)]
pub struct Renders {
    ids: u64,
    /// The link index of that set of ids, taken over with it.
    links: Arc<LinkIndex>,
    /// A persistent map: a reload that keeps the ids starts from the
    /// previous load's and changes the entries of changed files only, so
    /// the two share the rest.
    files: imbl::HashMap<String, Arc<Render>>,
}

#[derive(Debug, PartialEq)]
struct Render {
    source: String,
    stamp: Option<FileStamp>,
    text: u64,
    problems: Vec<Problem>,
}

impl Renders {
    pub(super) fn new(ids: u64, links: Arc<LinkIndex>) -> Renders {
        Renders {
            ids,
            links,
            files: imbl::HashMap::new(),
        }
    }

    /// The link index the articles were rendered against.
    pub fn links(&self) -> &LinkIndex {
        &self.links
    }

    /// Records the version of `id` read (an entry equal to it is kept).
    pub(super) fn insert(&mut self, id: &str, file: Version<'_>, problems: Vec<Problem>) {
        let render = Render {
            source: file.source.to_owned(),
            stamp: file.stamp,
            text: file.text,
            problems,
        };
        if self.files.get(id).is_none_or(|kept| **kept != render) {
            self.files.insert(id.to_owned(), Arc::new(render));
        }
    }

    /// Forgets `id` (a file that cannot be taken over).
    pub(super) fn remove(&mut self, id: &str) {
        if self.files.contains_key(id) {
            self.files.remove(id);
        }
    }

    /// The text hash of the article `id` read from `source`, when the file
    /// still has the stamp it had when it was read.
    pub(super) fn unchanged(&self, id: &str, source: &str, stamp: FileStamp) -> Option<u64> {
        let render = self.files.get(id)?;
        (render.source == source && render.stamp == Some(stamp)).then_some(render.text)
    }

    /// How many articles a later reload may take over.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there is nothing to take over.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// One version of an article's file: its path in the root, its stamp
/// when it was read and the hash of its text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Version<'a> {
    pub(super) source: &'a str,
    pub(super) stamp: Option<FileStamp>,
    pub(super) text: u64,
}

/// The previous load, as a reload sees it.
#[derive(Clone, Copy)]
pub struct Previous<'a> {
    pub renders: &'a Renders,
    /// The previous snapshot's articles (a broken file's last good version
    /// among them is never taken over: it has no entry in `renders`).
    pub articles: &'a [Article],
    /// Files read whatever their stamp says.
    pub changed: &'a ChangedFiles,
}

/// The articles of the previous load that may be taken over by id.
pub(super) struct Reuse<'a> {
    renders: &'a Renders,
    articles: HashMap<&'a str, &'a Article>,
}

impl<'a> Reuse<'a> {
    /// `None` when the set of ids changed: links may resolve differently.
    pub(super) fn new(previous: Previous<'a>, ids: u64) -> Option<Reuse<'a>> {
        (previous.renders.ids == ids).then(|| Reuse {
            renders: previous.renders,
            articles: previous
                .articles
                .iter()
                .map(|a| (a.id.as_str(), a))
                .collect(),
        })
    }

    /// The previous load's link index (its ids are this load's).
    pub(super) fn links(&self) -> Arc<LinkIndex> {
        Arc::clone(&self.renders.links)
    }

    /// The previous load's records to start this load's from: every id
    /// is then recorded again or removed.
    pub(super) fn renders(&self) -> Renders {
        Renders {
            ids: self.renders.ids,
            links: self.links(),
            files: self.renders.files.clone(),
        }
    }

    /// The article `id` and its problems, when its text hashes to `text`
    /// as before.
    pub(super) fn take(&self, id: &str, text: u64) -> Option<(Article, Vec<Problem>)> {
        let render = self.renders.files.get(id).filter(|r| r.text == text)?;
        let article = self.articles.get(id)?;
        Some(((*article).clone(), render.problems.clone()))
    }
}

/// A hash of `text`, the same in every process.
pub(super) fn hash_text(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// A hash of the ids, in order.
pub(super) fn hash_ids<'a>(ids: impl Iterator<Item = &'a str>) -> u64 {
    let mut hasher = DefaultHasher::new();
    for id in ids {
        id.hash(&mut hasher);
    }
    hasher.finish()
}
