//! Article vectors for library snapshots: made for the snapshot being
//! served on a background thread ([`Semantic::start`]) or on the calling
//! thread ([`Semantic::attach`]), from the vector cache where it has them,
//! and attached to the snapshot. This is the part of the encoder service
//! that knows the [`Library`]; the rest of the module sits below it.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use helpportal_encoder::Encoder;

use super::cache::{self, VectorCache};
use super::{ArticleVectors, Semantic, SemanticError, model};
use crate::config::Config;
use crate::library::{Library, LibraryHandle};

/// The cache name of titles embedded as queries.
const TITLE_RECIPE: &str = "title-as-query-v1";

impl Semantic {
    /// Starts the service for a server: the encoder loads on a thread of its
    /// own, then every snapshot `handle` serves gets its vectors in the
    /// background ([`Semantic::snapshot_changed`] says when there is a new
    /// one). Serving never waits for either.
    pub fn start(config: &Config, handle: LibraryHandle) -> Arc<Semantic> {
        crate::metrics::semantic_ready(false);
        let semantic = Arc::new(Semantic::new(config));
        let (tx, rx) = channel();
        if let Ok(mut wake) = semantic.wake.lock() {
            *wake = Some(tx);
        }
        let worker = semantic.clone();
        let install = config.model_install;
        let started = std::thread::Builder::new()
            .name("helpportal-semantic".into())
            .spawn(move || {
                if let Err(err) = worker.load_encoder(install) {
                    tracing::warn!(
                        "recommended steps use word matching only: {err}. Install the weights with `{}`",
                        model::install_command(&worker.dir)
                    );
                    return;
                }
                loop {
                    let library = handle.current();
                    if library.vectors().is_none() {
                        crate::metrics::semantic_ready(false);
                        if let Err(err) = worker.attach(&library) {
                            tracing::warn!("article vectors not made: {err}");
                        }
                    }
                    let current = Arc::ptr_eq(&library, &handle.current());
                    crate::metrics::semantic_ready(current && library.vectors().is_some());
                    if current && rx.recv().is_err() {
                        return;
                    }
                    while rx.try_recv().is_ok() {}
                }
            });
        if let Err(err) = started {
            tracing::warn!(
                "recommended steps use word matching only: no thread for the encoder ({err})"
            );
        }
        semantic
    }

    /// Tells the background worker that a new snapshot is being served.
    pub fn snapshot_changed(&self) {
        if let Ok(wake) = self.wake.lock()
            && let Some(tx) = wake.as_ref()
        {
            let _ = tx.send(());
        }
    }

    /// Makes `library`'s article vectors (from the cache where it has them)
    /// and attaches them.
    pub fn attach(&self, library: &Library) -> Result<(), SemanticError> {
        let encoder = self.encoder().ok_or(SemanticError::Off)?;
        let vectors = self.embed_articles(encoder, library);
        library.set_vectors(vectors);
        Ok(())
    }

    fn embed_articles(&self, encoder: &Encoder, library: &Library) -> ArticleVectors {
        let started = Instant::now();
        let dim = encoder.dim();
        let passages: Vec<Vec<String>> = library
            .articles()
            .iter()
            .map(|a| self.recipe.passages(a))
            .collect();
        let counts: Vec<usize> = passages.iter().map(Vec::len).collect();
        let texts: Vec<String> = passages.into_iter().flatten().collect();
        let keys: Vec<cache::Key> = texts
            .iter()
            .map(|t| cache::key(model::MODEL_SHA256, self.recipe.name(), t))
            .collect();
        let mut guard = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let cache = guard.get_or_insert_with(|| VectorCache::open(&self.cache_file(), dim));
        let missing: Vec<usize> = (0..texts.len())
            .filter(|&i| cache.get(&keys[i]).is_none())
            .collect();
        let made = embed_parallel(encoder, &texts, &missing, self.embed_threads, false);
        for (i, vector) in missing.iter().zip(&made) {
            cache.insert(keys[*i], vector);
        }
        // Titles are embedded as queries: a description and a title are
        // both short statements of a problem.
        let titles: Vec<String> = library
            .articles()
            .iter()
            .map(|a| a.source_title.clone())
            .collect();
        let title_keys: Vec<cache::Key> = titles
            .iter()
            .map(|t| cache::key(model::MODEL_SHA256, TITLE_RECIPE, t))
            .collect();
        let missing_titles: Vec<usize> = (0..titles.len())
            .filter(|&i| cache.get(&title_keys[i]).is_none())
            .collect();
        let made = embed_parallel(encoder, &titles, &missing_titles, self.embed_threads, true);
        for (i, vector) in missing_titles.iter().zip(&made) {
            cache.insert(title_keys[*i], vector);
        }
        let rows = |keys: &[cache::Key]| -> Vec<f32> {
            let mut data = Vec::with_capacity(keys.len() * dim);
            for key in keys {
                match cache.get(key) {
                    Some(v) => data.extend_from_slice(v),
                    None => data.extend(std::iter::repeat_n(0.0, dim)),
                }
            }
            data
        };
        let data = rows(&keys);
        let title_data = rows(&title_keys);
        let in_use: Vec<cache::Key> = keys.iter().chain(&title_keys).copied().collect();
        if !(missing.is_empty() && missing_titles.is_empty())
            && let Err(err) = cache.save(&in_use)
        {
            tracing::warn!(
                "article vectors not cached in {}: {err}",
                self.dir.display()
            );
        }
        tracing::info!(
            articles = counts.len(),
            passages = texts.len(),
            embedded = missing.len(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "article vectors ready"
        );
        ArticleVectors::with_passages(dim, data, &counts).with_titles(title_data)
    }

    fn cache_file(&self) -> PathBuf {
        self.dir.join("vectors").join(format!(
            "{}-{}.bin",
            &model::MODEL_SHA256[..12],
            self.recipe.name()
        ))
    }
}

/// Embeds `texts[i]` for each `i` of `which` as passages (or `as_queries`)
/// on `threads` threads, with a progress bar on a terminal and log lines
/// otherwise.
fn embed_parallel(
    encoder: &Encoder,
    texts: &[String],
    which: &[usize],
    threads: usize,
    as_queries: bool,
) -> Vec<Vec<f32>> {
    if which.is_empty() {
        return Vec::new();
    }
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Vec<f32>>>> = Mutex::new(vec![None; which.len()]);
    let progress = Progress::new(which.len());
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = which.get(n) else { break };
                    let text = texts.get(i).map_or("", String::as_str);
                    let vector = if as_queries {
                        encoder.embed_query(text)
                    } else {
                        encoder.embed_passage(text)
                    };
                    if let Ok(mut results) = results.lock() {
                        results[n] = Some(vector);
                    }
                    progress.advance(done.fetch_add(1, Ordering::Relaxed) + 1);
                }
            });
        }
    });
    progress.finish();
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect()
}

/// A progress bar on a terminal; otherwise a log line every tenth.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: usize,
}

impl Progress {
    fn new(total: usize) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} {bar:40} {pos}/{len}")
            {
                bar.set_style(style);
            }
            bar.set_message("Embedding articles");
            bar
        });
        Progress { bar, total }
    }

    fn advance(&self, done: usize) {
        match &self.bar {
            Some(bar) => bar.set_position(done as u64),
            None => {
                let step = (self.total / 10).max(1);
                if done.is_multiple_of(step) && done < self.total {
                    tracing::info!(done, total = self.total, "embedding articles");
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
