//! The insights database: an SQLite file by default, PostgreSQL when the
//! URL says `postgres://`. One set of queries and one set of migrations
//! (`migrations/`) run on both through sqlx's `Any` driver.
//!
//! Every database call runs on one small runtime of its own, so a slow or
//! unreachable database never occupies a web worker. The store connects in
//! the background and keeps retrying: until it is reachable every call
//! fails fast with [`StoreError::Unavailable`] and pages serve as usual.
//!
//! Here: connecting, the runtime and the writes of feedback and events.
//! The queries of other parts live next to them, as `impl Store` blocks:
//! the staff reports in `reports.rs`, the opened-result counts in
//! [`super::opens`], sign-in attempts and sessions in [`super::staff_store`].

use std::future::Future;
use std::sync::{Arc, LazyLock, OnceLock, Weak};
use std::time::Duration;

use sqlx::Row;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;

type AnyPool = sqlx::Pool<sqlx::Any>;

use super::events::{Event, Feedback};
use super::migrations::Migrations;
use super::tokens::{Keys, random_hex};

/// The runtime every database call runs on.
static RUNTIME: LazyLock<Option<tokio::runtime::Runtime>> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("helpportal-db")
        .enable_all()
        .build()
        .ok()
});

/// The runtime database work runs on (`None` when it could not start).
pub fn runtime() -> Option<&'static tokio::runtime::Runtime> {
    RUNTIME.as_ref()
}

/// Waiting for a connection from the pool gives up after this long.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);
/// Connection attempts are retried after this long at first…
const FIRST_RETRY: Duration = Duration::from_millis(500);
/// …doubling up to this long.
const MAX_RETRY: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database is not reachable")]
    Unavailable,
    #[error("the database did not answer in time")]
    Timeout,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("cannot prepare the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL (use sqlite:… or postgres://…): {0}")]
    UnsupportedUrl(String),
    #[error("the database runtime is not running")]
    NoRuntime,
}

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(redact(url)))
        }
    }
}

/// A URL without its password, for logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            let user = credentials.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// An SQLite URL that creates its file when missing.
fn with_create_mode(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

struct Shared {
    pool: OnceLock<AnyPool>,
}

/// A handle on the insights database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    shared: Arc<Shared>,
}

/// One row of a report of queries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryStat {
    pub query: String,
    /// How often it was asked.
    pub count: i64,
    /// Results of its latest asking.
    pub results: i64,
    /// The first result of its latest asking (an article id).
    pub first_result: Option<String>,
    /// How often a result was opened from it.
    pub opened: i64,
}

/// Feedback counts of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleVotes {
    pub article: String,
    pub unhelpful: i64,
    pub helpful: i64,
}

/// What became of a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentOutcome {
    Stored,
    /// No "Nee" feedback with that id on that article.
    UnknownFeedback,
    /// The feedback has its comment already.
    AlreadyCommented,
}

/// One piece of feedback, as support staff read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackEntry {
    pub at: i64,
    pub kind: String,
    pub article: String,
    pub helpful: bool,
    pub comment: Option<String>,
    pub description: Option<String>,
}

impl Store {
    /// A store for `url` that connects (and migrates) in the background,
    /// retrying until the database is reachable. When it is, a shared
    /// signing key is loaded into `keys` unless one is configured.
    pub fn open(url: &str, keys: Arc<Keys>) -> Store {
        let store = Store {
            shared: Arc::new(Shared {
                pool: OnceLock::new(),
            }),
        };
        let backend = match Backend::of(url) {
            Ok(backend) => backend,
            Err(err) => {
                tracing::error!("insights disabled: {err}");
                return store;
            }
        };
        let Some(runtime) = RUNTIME.as_ref() else {
            tracing::error!("insights disabled: no runtime for the database");
            return store;
        };
        let url = match backend {
            Backend::Sqlite => with_create_mode(url),
            Backend::Postgres => url.to_owned(),
        };
        let weak = Arc::downgrade(&store.shared);
        runtime.spawn(connect_until_ready(weak, url, keys));
        store
    }

    /// Whether the database has been reached.
    pub fn is_connected(&self) -> bool {
        self.shared.pool.get().is_some()
    }

    /// Waits until the database has been reached, at most `limit`; false
    /// when it was not reached in time.
    pub async fn ready(&self, limit: Duration) -> bool {
        let start = std::time::Instant::now();
        while !self.is_connected() {
            if start.elapsed() > limit {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        true
    }

    /// Runs `work` with the pool on the database runtime, giving up after
    /// `limit`.
    pub(super) async fn run<T, F, Fut>(&self, limit: Duration, work: F) -> Result<T, StoreError>
    where
        F: FnOnce(AnyPool) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, StoreError>> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self
            .shared
            .pool
            .get()
            .cloned()
            .ok_or(StoreError::Unavailable)?;
        let runtime = RUNTIME.as_ref().ok_or(StoreError::NoRuntime)?;
        let task = runtime.spawn(async move {
            tokio::time::timeout(limit, work(pool))
                .await
                .map_err(|_| StoreError::Timeout)?
        });
        task.await.map_err(|_| StoreError::NoRuntime)?
    }

    /// Stores one piece of feedback unless its article's form has taken
    /// `per_window` answers in the last `window_secs` already (counted in
    /// the same statement, from the stored feedback itself); its public id
    /// (for adding a comment later), or `None` when the limit was reached.
    pub async fn save_feedback(
        &self,
        feedback: Feedback,
        (per_window, window_secs): (i64, i64),
        limit: Duration,
    ) -> Result<Option<String>, StoreError> {
        let public_id = random_hex(16);
        let id = public_id.clone();
        let stored = self
            .run(limit, move |pool| async move {
                let since = feedback.at - window_secs;
                let done = sqlx::query(
                    "INSERT INTO feedback (public_id, created_at, kind, locale, article_id, helpful, comment, description) \
                     SELECT $1, $2, $3, $4, $5, $6, $7, $8 \
                     WHERE (SELECT COUNT(*) FROM feedback WHERE article_id = $5 AND kind = $3 AND created_at > $9) < $10",
                )
                .bind(id)
                .bind(feedback.at)
                .bind(feedback.kind.as_str())
                .bind(feedback.locale)
                .bind(feedback.article)
                .bind(i64::from(feedback.helpful))
                .bind(feedback.comment)
                .bind(feedback.description)
                .bind(since)
                .bind(per_window)
                .execute(&pool)
                .await?;
                Ok(done.rows_affected() > 0)
            })
            .await?;
        Ok(stored.then_some(public_id))
    }

    /// Adds a comment to the "Nee" feedback `public_id` on `article`, once.
    pub async fn add_comment(
        &self,
        public_id: &str,
        article: &str,
        comment: String,
        limit: Duration,
    ) -> Result<CommentOutcome, StoreError> {
        let (id, article) = (public_id.to_owned(), article.to_owned());
        self.run(limit, move |pool| async move {
            let done = sqlx::query(
                "UPDATE feedback SET comment = $1 \
                 WHERE public_id = $2 AND article_id = $3 AND helpful = 0 AND comment IS NULL",
            )
            .bind(comment)
            .bind(id.clone())
            .bind(article.clone())
            .execute(&pool)
            .await?;
            if done.rows_affected() > 0 {
                return Ok(CommentOutcome::Stored);
            }
            let existing = sqlx::query(
                "SELECT public_id FROM feedback WHERE public_id = $1 AND article_id = $2 AND helpful = 0",
            )
            .bind(id)
            .bind(article)
            .fetch_optional(&pool)
            .await?;
            Ok(match existing {
                Some(_) => CommentOutcome::AlreadyCommented,
                None => CommentOutcome::UnknownFeedback,
            })
        })
        .await
    }

    /// Writes recorded events in one transaction.
    pub async fn insert_events(
        &self,
        events: Vec<Event>,
        limit: Duration,
    ) -> Result<(), StoreError> {
        self.run(limit, move |pool| async move {
            let mut tx = pool.begin().await?;
            for event in events {
                match event {
                    Event::Query(q) => {
                        sqlx::query(
                            "INSERT INTO query_events (created_at, kind, query, result_count, first_result, confident) \
                             VALUES ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(q.at)
                        .bind(q.kind.as_str())
                        .bind(q.query)
                        .bind(q.results)
                        .bind(q.first_result)
                        .bind(i64::from(q.confident))
                        .execute(&mut *tx)
                        .await?;
                    }
                    Event::Opened(o) => {
                        sqlx::query(
                            "INSERT INTO result_opens (created_at, kind, query, article_id) VALUES ($1, $2, $3, $4)",
                        )
                        .bind(o.at)
                        .bind(o.kind.as_str())
                        .bind(o.query)
                        .bind(o.article)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
            }
            tx.commit().await?;
            Ok(())
        })
        .await
    }
}

/// Connects, migrates and loads the shared key, retrying with a growing
/// pause until it works or the store is dropped.
async fn connect_until_ready(shared: Weak<Shared>, url: String, keys: Arc<Keys>) {
    let mut pause = FIRST_RETRY;
    let mut logged = false;
    loop {
        if shared.strong_count() == 0 {
            return;
        }
        match connect(&url, &keys).await {
            Ok(pool) => {
                if let Some(shared) = shared.upgrade() {
                    let _ = shared.pool.set(pool);
                    tracing::info!(database = %redact(&url), "insights database ready");
                }
                return;
            }
            Err(err) => {
                if !logged {
                    tracing::warn!(database = %redact(&url), "insights database not reachable, retrying: {err}");
                    logged = true;
                } else {
                    tracing::debug!("insights database still not reachable: {err}");
                }
            }
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(MAX_RETRY);
    }
}

async fn connect(url: &str, keys: &Keys) -> Result<AnyPool, StoreError> {
    sqlx::any::install_default_drivers();
    let memory = url.contains(":memory:") || url.contains("mode=memory");
    let mut options = AnyPoolOptions::new().acquire_timeout(ACQUIRE_TIMEOUT);
    if memory {
        // Each connection to an in-memory database is a database of its
        // own: keep exactly one, forever.
        options = options
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None);
    } else {
        options = options.max_connections(5);
    }
    let pool = options.connect(url).await?;
    Migrator::new(Migrations).await?.run(&pool).await?;
    if keys.wants_shared() {
        sqlx::query("INSERT INTO settings (name, value) VALUES ('secret', $1) ON CONFLICT (name) DO NOTHING")
            .bind(random_hex(32))
            .execute(&pool)
            .await?;
        let row = sqlx::query("SELECT value FROM settings WHERE name = 'secret'")
            .fetch_one(&pool)
            .await?;
        let secret: String = row.try_get("value")?;
        keys.adopt(&secret);
    }
    Ok(pool)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_their_backend_and_hide_passwords() {
        assert_eq!(Backend::of("sqlite://x.db").ok(), Some(Backend::Sqlite));
        assert_eq!(Backend::of("sqlite::memory:").ok(), Some(Backend::Sqlite));
        assert_eq!(
            Backend::of("postgres://u:p@h/db").ok(),
            Some(Backend::Postgres)
        );
        assert!(Backend::of("mysql://h/db").is_err());
        assert_eq!(
            redact("postgres://user:geheim@db:5432/x"),
            "postgres://user:***@db:5432/x"
        );
        assert_eq!(with_create_mode("sqlite://x.db"), "sqlite://x.db?mode=rwc");
        assert_eq!(with_create_mode("sqlite::memory:"), "sqlite::memory:");
    }
}
