//! The immutable [`Library`] snapshot every request reads (articles by id,
//! collections, problems, link index, search index) and the [`LibraryHandle`] that swaps
//! a freshly built snapshot in atomically.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use arc_swap::ArcSwap;

mod graph;
mod identifiers;
pub mod original;
pub mod sitemap;

pub use graph::LinkGraph;
pub use identifiers::Identifiers;

use crate::config::Config;
use crate::content::links::LinkIndex;
use crate::content::stamp::ChangedFiles;
use crate::content::{self, Article, ArticleIx, LoadError, Problem, Severity};
use crate::nl::synonyms::Synonyms;
use crate::recommend::Recommender;
use crate::search::{SearchError, SearchIndex};
use crate::semantic::ArticleVectors;

/// A snapshot that cannot be built: the content root cannot be read, or
/// the search index over it cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error(transparent)]
    Content(#[from] LoadError),
    #[error(transparent)]
    Search(#[from] SearchError),
}

/// One collection as shown on the home page.
#[derive(Debug, Clone)]
pub struct Collection {
    /// The folder name, e.g. `azure-billing`.
    pub key: String,
    /// The display name from the config.
    pub name: String,
    /// Indices into [`Library::articles`], sorted by title.
    pub articles: Vec<ArticleIx>,
    /// The first configured origin site, where the English originals are.
    pub origin: Option<String>,
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
    files_seen: usize,
    files_read: usize,
    /// What the next reload may take over from this load.
    renders: content::reuse::Renders,
    /// Indices of articles, most recently updated first.
    recent: Vec<usize>,
    graph: LinkGraph,
    identifiers: Identifiers,
    /// Full-text index over `articles` (hits are indices into it).
    search: SearchIndex,
    /// The problem-description matcher built over `articles`.
    recommender: Recommender,
    /// The sentence encoder's article vectors, attached once they are made
    /// (see [`crate::semantic`]); until then matching uses words alone.
    vectors: OnceLock<ArticleVectors>,
}

impl Library {
    /// Loads `config.content` into a new snapshot.
    pub fn load(config: &Config) -> Result<Library, LibraryError> {
        Library::load_with_progress(config, |_, _| {})
    }

    /// Like [`Library::load`], calling `progress(done, total)` on the way.
    pub fn load_with_progress(
        config: &Config,
        progress: impl Fn(usize, usize) + Sync,
    ) -> Result<Library, LibraryError> {
        let loaded = content::load(&config.content, &config.collections, progress)?;
        Library::complete(config, loaded, None)
    }

    /// Builds the snapshot from loaded articles: the redirects file's entries
    /// and problems, the link graph and the search index (updated from
    /// `previous`'s when it allows, see [`crate::search`]).
    fn complete(
        config: &Config,
        mut loaded: content::Loaded,
        previous: Option<&Library>,
    ) -> Result<Library, LibraryError> {
        let (redirects, mut redirect_problems) = content::redirects::read(&config.content);
        loaded.problems.append(&mut redirect_problems);
        let synonyms = Synonyms::load(config.synonyms.as_deref()).map_err(SearchError::from)?;
        let articles = &loaded.articles;
        let started = Instant::now();
        // Made beside the search index from the start; the index's typo
        // dictionary is given to it once both are made.
        let recommender = |synonyms: Synonyms| {
            move || {
                let started = Instant::now();
                let updated = previous
                    .and_then(|p| (p.recommender).update(&p.articles, articles, synonyms.clone()));
                let built = updated.unwrap_or_else(|| Recommender::build(articles, synonyms));
                (built, started.elapsed())
            }
        };
        let plan = previous.and_then(|p| Some((p, p.search.plan_update(&p.articles, articles)?)));
        let updated = plan.map(|(previous, plan)| {
            let alongside = recommender(synonyms.clone());
            (previous.search).update_alongside(plan, articles, synonyms.clone(), alongside)
        });
        let (search, (recommender, recommender_took)) = match updated {
            Some(Ok(updated)) => updated,
            failed => {
                if let Some(Err(error)) = failed {
                    tracing::warn!(%error, "search index update failed; building it anew");
                }
                let alongside = recommender(synonyms.clone());
                SearchIndex::build_alongside(articles, synonyms, alongside)?
            }
        };
        let recommender = recommender.with_spelling(search.spelling());
        tracing::debug!(
            target: "helpportal::content",
            search_updates = search.updates(),
            recommender_updates = recommender.updates(),
            indexes_ms = started.elapsed().as_millis() as u64,
            recommender_ms = recommender_took.as_millis() as u64,
            "search index and recommender made"
        );
        let started = Instant::now();
        let library = Library::from_loaded(
            &config.content,
            loaded,
            &redirects,
            config,
            (search, recommender),
        );
        tracing::debug!(
            target: "helpportal::content",
            snapshot_ms = started.elapsed().as_millis() as u64,
            "collections, link graph and identifiers made"
        );
        Ok(library)
    }

    /// Loads `config.content` again for a reload, taking over the rendered
    /// form of every article that renders the same (see
    /// [`content::reuse`]) and reading only the files whose stamp changed
    /// (see [`content::stamp`]). An article that was served
    /// by `previous` but whose file no longer loads (a broken edit) keeps its
    /// last good version, and the problem says so; deleted files are gone.
    pub fn reload(config: &Config, previous: &Library) -> Result<Library, LibraryError> {
        Library::reload_changed(config, previous, &ChangedFiles::none())
    }

    /// Like [`Library::reload`], also reading the files in `changed` (what
    /// the file watcher reported) whatever their stamp says.
    pub fn reload_changed(
        config: &Config,
        previous: &Library,
        changed: &ChangedFiles,
    ) -> Result<Library, LibraryError> {
        let previous_load = content::reuse::Previous {
            renders: &previous.renders,
            articles: &previous.articles,
            changed,
        };
        let mut loaded = content::load_reusing(
            &config.content,
            &config.collections,
            |_, _| {},
            Some(previous_load),
        )?;
        let mut carried = Vec::new();
        for problem in loaded.problems.iter_mut() {
            if problem.severity != Severity::Error {
                continue;
            }
            let id = problem.file.strip_suffix(".md").unwrap_or(&problem.file);
            let already = loaded
                .articles
                .iter()
                .any(|a| a.id.eq_ignore_ascii_case(id));
            if let (false, Some(old)) = (already, previous.get(id)) {
                problem.severity = Severity::Warning;
                problem.reason = format!("{}; serving the last good version", problem.reason);
                carried.push(old.clone());
            }
        }
        if !carried.is_empty() {
            loaded.articles.extend(carried);
            loaded.articles.sort_by(|a, b| a.id.cmp(&b.id));
        }
        Library::complete(config, loaded, Some(previous))
    }

    fn from_loaded(
        root: &Path,
        loaded: content::Loaded,
        redirects: &[content::redirects::Redirect],
        config: &Config,
        (search, recommender): (SearchIndex, Recommender),
    ) -> Library {
        let articles = loaded.articles;
        let mut problems = loaded.problems;
        let by_id: HashMap<String, usize> = articles
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
                indices.sort_by_cached_key(|&i| sort_key(&articles[i].title));
                Collection {
                    key: key.to_owned(),
                    name: config.collection_name(key).to_owned(),
                    articles: indices.into_iter().map(ArticleIx::new).collect(),
                    origin: config
                        .collections
                        .get(key)
                        .and_then(|c| c.origins.first().cloned()),
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
        let graph = LinkGraph::build(&articles, &by_id);
        let identifiers = Identifiers::build(&articles, &by_id, redirects, &mut problems);
        problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        Library {
            root: root.to_path_buf(),
            articles,
            by_id,
            collections,
            problems,
            files_seen: loaded.files_seen,
            files_read: loaded.files_read,
            renders: loaded.renders,
            recent,
            graph,
            identifiers,
            search,
            recommender,
            vectors: OnceLock::new(),
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
    pub fn index_of(&self, id: &str) -> Option<ArticleIx> {
        self.by_id
            .get(&id.to_lowercase())
            .copied()
            .filter(|&i| self.articles.get(i).is_some_and(|a| a.id == id))
            .map(ArticleIx::new)
    }

    /// The article at an index from [`Collection::articles`] or [`Library::recent`].
    pub fn at(&self, index: ArticleIx) -> Option<&Article> {
        self.articles.get(index.get())
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

    /// The en-US original of `article` on its collection's origin site,
    /// when one is configured (see [`original`]).
    pub fn original_url(&self, article: &Article) -> Option<String> {
        let collection = self
            .collections
            .iter()
            .find(|c| c.key == article.collection)?;
        let inside = article
            .id
            .strip_prefix(&article.collection)?
            .strip_prefix('/')?;
        original::url(collection.origin.as_deref()?, inside)
    }

    /// Titles shown without their source number (see
    /// [`content::title`]): the article and the title as written.
    pub fn cleaned_titles(&self) -> impl Iterator<Item = &Article> {
        self.articles.iter().filter(|a| a.title != a.source_title)
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

    /// How many articles the next reload may take over without rendering.
    pub fn reusable(&self) -> usize {
        self.renders.len()
    }

    /// How many Markdown files were found, loaded or not.
    pub fn files_seen(&self) -> usize {
        self.files_seen
    }

    /// How many Markdown files this load opened and read (a reload skips
    /// files whose stamp is unchanged).
    pub fn files_read(&self) -> usize {
        self.files_read
    }

    /// The search index built for this snapshot.
    pub fn search(&self) -> &SearchIndex {
        &self.search
    }

    /// The recommended-steps matcher built for this snapshot.
    pub fn recommender(&self) -> &Recommender {
        &self.recommender
    }

    /// The article vectors, once made.
    pub fn vectors(&self) -> Option<&ArticleVectors> {
        self.vectors.get()
    }

    /// Attaches the article vectors; a snapshot gets them once (a second
    /// call is ignored). Vectors for another number of articles are refused.
    pub fn set_vectors(&self, vectors: ArticleVectors) -> bool {
        vectors.len() == self.articles.len() && self.vectors.set(vectors).is_ok()
    }

    /// The link index built for this snapshot.
    pub fn links(&self) -> &LinkIndex {
        self.renders.links()
    }

    /// The resolved link graph between articles.
    pub fn graph(&self) -> &LinkGraph {
        &self.graph
    }

    /// The articles that link to `article`, sorted by title.
    pub fn backlinks(&self, article: &Article) -> impl Iterator<Item = &Article> {
        let index = self.by_id.get(&article.id.to_lowercase()).copied();
        index
            .map_or(&[][..], |i| self.graph.backlinks(i))
            .iter()
            .filter_map(|&i| self.articles.get(i))
    }

    /// The articles a `/go/{id}` identifier leads to (several: let the
    /// reader choose).
    pub fn go(&self, identifier: &str) -> Vec<&Article> {
        self.identifiers
            .lookup(identifier)
            .iter()
            .filter_map(|&i| self.articles.get(i))
            .collect()
    }

    /// The article that replaced a deleted or renamed article id, from
    /// `redirect_from` or the redirects file.
    pub fn moved(&self, old_id: &str) -> Option<&Article> {
        self.identifiers
            .moved(old_id)
            .and_then(|i| self.articles.get(i))
    }
}

/// Alphabetical order for titles: case-insensitive, ignoring leading
/// quotes, asterisks and other punctuation.
fn sort_key(title: &str) -> String {
    title
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
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
