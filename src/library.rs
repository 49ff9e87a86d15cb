//! The immutable [`Library`] snapshot every request reads (articles by id,
//! collections, problems, link index) and the [`LibraryHandle`] that swaps
//! a freshly built snapshot in atomically.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arc_swap::ArcSwap;

use crate::config::Config;
use crate::content::links::LinkIndex;
use crate::content::{self, Article, LoadError, Problem, Severity};

/// One collection as shown on the home page.
#[derive(Debug, Clone)]
pub struct Collection {
    /// The folder name, e.g. `azure-billing`.
    pub key: String,
    /// The display name from the config.
    pub name: String,
    /// Indices into [`Library::articles`], sorted by title.
    pub articles: Vec<usize>,
}

/// A loaded content root; never changes once built.
#[derive(Debug)]
pub struct Library {
    pub root: PathBuf,
    articles: Vec<Article>,
    /// Lowercased id → index.
    by_id: HashMap<String, usize>,
    collections: Vec<Collection>,
    problems: Vec<Problem>,
    links: LinkIndex,
    files_seen: usize,
    /// Indices of articles, most recently updated first.
    recent: Vec<usize>,
}

impl Library {
    /// Loads `config.content` into a new snapshot.
    pub fn load(config: &Config) -> Result<Library, LoadError> {
        Library::load_with_progress(config, |_, _| {})
    }

    /// Like [`Library::load`], calling `progress(done, total)` on the way.
    pub fn load_with_progress(
        config: &Config,
        progress: impl Fn(usize, usize) + Sync,
    ) -> Result<Library, LoadError> {
        let loaded = content::load(&config.content, &config.collections, progress)?;
        Ok(Library::from_loaded(&config.content, loaded, config))
    }

    fn from_loaded(root: &Path, loaded: content::Loaded, config: &Config) -> Library {
        let articles = loaded.articles;
        let by_id = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.to_lowercase(), i))
            .collect();
        let mut grouped: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, article) in articles.iter().enumerate() {
            grouped
                .entry(article.collection.as_str())
                .or_default()
                .push(i);
        }
        let mut collections: Vec<Collection> = grouped
            .into_iter()
            .map(|(key, mut indices)| {
                indices.sort_by_cached_key(|&i| articles[i].title.to_lowercase());
                Collection {
                    key: key.to_owned(),
                    name: config.collection_name(key).to_owned(),
                    articles: indices,
                }
            })
            .collect();
        collections.sort_by_cached_key(|c| c.name.to_lowercase());
        let mut recent: Vec<usize> = (0..articles.len())
            .filter(|&i| articles[i].date.is_some())
            .collect();
        recent.sort_by(|&a, &b| {
            articles[b]
                .date
                .cmp(&articles[a].date)
                .then_with(|| articles[a].title.cmp(&articles[b].title))
        });
        Library {
            root: root.to_path_buf(),
            articles,
            by_id,
            collections,
            problems: loaded.problems,
            links: loaded.links,
            files_seen: loaded.files_seen,
            recent,
        }
    }

    /// Every article, in id order.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// The article with exactly this id.
    pub fn get(&self, id: &str) -> Option<&Article> {
        self.get_ignoring_case(id).filter(|a| a.id == id)
    }

    /// The article whose id matches ignoring case.
    pub fn get_ignoring_case(&self, id: &str) -> Option<&Article> {
        self.by_id
            .get(&id.to_lowercase())
            .and_then(|&i| self.articles.get(i))
    }

    /// The index of the article with exactly this id, for per-article
    /// tables kept alongside a snapshot.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id
            .get(&id.to_lowercase())
            .copied()
            .filter(|&i| self.articles.get(i).is_some_and(|a| a.id == id))
    }

    /// The article at an index from [`Collection::articles`] or [`Library::recent`].
    pub fn at(&self, index: usize) -> Option<&Article> {
        self.articles.get(index)
    }

    /// Collections sorted by display name.
    pub fn collections(&self) -> &[Collection] {
        &self.collections
    }

    /// The display name of a collection key.
    pub fn collection_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.collections
            .iter()
            .find(|c| c.key == key)
            .map_or(key, |c| c.name.as_str())
    }

    /// The `n` most recently updated articles.
    pub fn recent(&self, n: usize) -> impl Iterator<Item = &Article> {
        self.recent
            .iter()
            .take(n)
            .filter_map(|&i| self.articles.get(i))
    }

    /// Every problem found while loading, sorted by file and line.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// How many problems made an article be skipped.
    pub fn error_count(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }

    /// How many Markdown files were found, loaded or not.
    pub fn files_seen(&self) -> usize {
        self.files_seen
    }

    /// The link index built for this snapshot.
    pub fn links(&self) -> &LinkIndex {
        &self.links
    }
}

/// The current snapshot, shared by all workers; swapping is atomic and
/// readers never wait.
#[derive(Clone)]
pub struct LibraryHandle(Arc<ArcSwap<Library>>);

impl LibraryHandle {
    pub fn new(library: Library) -> LibraryHandle {
        LibraryHandle(Arc::new(ArcSwap::from_pointee(library)))
    }

    /// Shares an already built snapshot (tests build the corpus once).
    pub fn from_arc(library: Arc<Library>) -> LibraryHandle {
        LibraryHandle(Arc::new(ArcSwap::new(library)))
    }

    /// The snapshot to use for one whole request.
    pub fn current(&self) -> Arc<Library> {
        self.0.load_full()
    }

    /// Puts a new snapshot in place for every request that starts later.
    pub fn replace(&self, library: Library) {
        self.0.store(Arc::new(library));
    }
}
