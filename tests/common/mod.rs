//! Shared helpers for the HTTP-level tests: build the app over a content
//! root (the corpus only once per test binary) and make requests.
#![allow(dead_code)]

pub mod insights;
pub mod process;
pub mod server;
pub mod snapshot;

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::test::{self, TestRequest};
use helpportal::config::{Config, Redacted};
use helpportal::library::{Library, LibraryHandle};
use helpportal::semantic::Semantic;
use helpportal::web::{self, AppState};

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The insights database of in-process test apps: private to each app,
/// gone with it.
pub const MEMORY_DB: &str = "sqlite::memory:";

/// Test apps sign with one fixed key, so that a page (and its `ETag`) is
/// the same from every app instance, as from every replica in production.
fn for_tests(mut config: Config) -> Config {
    config.database_url = MEMORY_DB.into();
    config.secret = Some(Redacted("test signing key".into()));
    config.model = model_dir();
    // Tests never fetch anything: `.ci/setup` installs the weights.
    config.model_install = false;
    config
}

/// The sentence encoder's folder: `HELPPORTAL_MODEL`, else `models/` of the
/// repository (where `.ci/setup` installs the weights).
pub fn model_dir() -> PathBuf {
    std::env::var_os("HELPPORTAL_MODEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_path("models"))
}

/// The sentence encoder with the real weights, loaded once per test binary.
/// A missing model fails the test: it is never silently skipped.
pub static SEMANTIC: LazyLock<Arc<Semantic>> = LazyLock::new(|| {
    Semantic::load(&corpus_config()).unwrap_or_else(|err| {
        panic!(
            "{err}: install the weights with `bash scripts/install-model.sh` (as .ci/setup does)"
        )
    })
});

/// The corpus with its article vectors, made once per test binary (and
/// cached on disk beside the weights for the next binary).
pub static CORPUS_MEANING: LazyLock<Arc<Library>> = LazyLock::new(|| {
    let library = CORPUS.clone();
    if library.vectors().is_none() {
        SEMANTIC.attach(&library).expect("article vectors");
    }
    library
});

/// App state over `library` with the real sentence encoder.
pub fn semantic_state(library: Arc<Library>, config: Config) -> actix_web::web::Data<AppState> {
    AppState::with_semantic(
        LibraryHandle::from_arc(library),
        Arc::new(config),
        SEMANTIC.clone(),
    )
}

/// The config for the shared corpus (`helpportal.corpus.toml`).
pub fn corpus_config() -> Config {
    for_tests(Config::load(Some(&repo_path("helpportal.corpus.toml"))).expect("corpus config"))
}

/// The config for the default content (`helpportal.toml`).
pub fn default_config() -> Config {
    for_tests(Config::load(Some(&repo_path("helpportal.toml"))).expect("default config"))
}

/// A config serving `content` with the default collection names.
pub fn config_for(content: &Path) -> Config {
    let mut config = default_config();
    config.content = content.to_path_buf();
    config
}

/// The shared corpus, loaded once per test binary.
pub static CORPUS: LazyLock<Arc<Library>> =
    LazyLock::new(|| Arc::new(Library::load(&corpus_config()).expect("corpus loads")));

/// The default content, loaded once per test binary.
pub static DEFAULT: LazyLock<Arc<Library>> =
    LazyLock::new(|| Arc::new(Library::load(&default_config()).expect("content loads")));

pub fn state(library: Arc<Library>, config: Config) -> actix_web::web::Data<AppState> {
    AppState::new(LibraryHandle::from_arc(library), config)
}

pub fn load(config: &Config) -> Arc<Library> {
    Arc::new(Library::load(config).expect("loads"))
}

/// A response, read fully.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// Sends `req` through the full app built on `state`.
pub async fn send(state: actix_web::web::Data<AppState>, req: TestRequest) -> Reply {
    let app = test::init_service(web::app(state)).await;
    let response: ServiceResponse<_> = app.call(req.to_request()).await.expect("no error");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = test::read_body(response).await;
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// GET `uri` on the default content.
pub async fn get_default(uri: &str) -> Reply {
    send(
        state(DEFAULT.clone(), default_config()),
        TestRequest::get().uri(uri),
    )
    .await
}

/// GET `uri` on the corpus.
pub async fn get_corpus(uri: &str) -> Reply {
    send(
        state(CORPUS.clone(), corpus_config()),
        TestRequest::get().uri(uri),
    )
    .await
}

/// GET `uri` on the corpus, recommended steps fusing words and meaning.
pub async fn get_corpus_meaning(uri: &str) -> Reply {
    send(
        semantic_state(CORPUS_MEANING.clone(), corpus_config()),
        TestRequest::get().uri(uri),
    )
    .await
}

/// Copies a folder tree (tests that change content work on a copy).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}
