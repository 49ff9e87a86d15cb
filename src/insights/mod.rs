//! Feedback and search insights for support staff: which articles fail
//! customers and what customers look for in vain.
//!
//! - [`mask`] turns a customer's text into what may be stored.
//! - [`store`] is the database (SQLite by default, PostgreSQL when shared).
//! - [`recorder`] writes searches, recommendations and opened results in
//!   the background, in batches, without ever holding up a page.
//! - [`tokens`] signs form tokens and staff sessions; [`auth`] checks
//!   staff passwords and the lock-out rule.
//!
//! Nothing here knows about HTTP; the web handlers call [`Insights`].

pub mod auth;
pub mod mask;
pub mod recorder;
pub mod store;
pub mod tokens;

use std::sync::Arc;
use std::time::Duration;

use crate::config::Config;

use recorder::Recorder;
use store::{Store, StoreError};
use tokens::Keys;

/// Feedback is acknowledged only when stored within this long.
pub const FEEDBACK_WRITE_LIMIT: Duration = Duration::from_secs(3);
/// Staff pages and logins wait this long for the database.
pub const STAFF_LIMIT: Duration = Duration::from_secs(5);

/// What a query was: a search or a problem description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    Search,
    Recommend,
}

impl QueryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QueryKind::Search => "search",
            QueryKind::Recommend => "recommend",
        }
    }
}

/// A search or recommendation as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryEvent {
    pub at: i64,
    pub kind: QueryKind,
    /// Normalised and masked.
    pub query: String,
    pub results: i64,
    /// The id of the first result.
    pub first_result: Option<String>,
    /// Searches: whether anything was found. Recommendations: whether the
    /// first match was presented as the solution.
    pub confident: bool,
}

/// A result opened from a search or recommendation page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenEvent {
    pub at: i64,
    pub kind: QueryKind,
    /// Normalised and masked, as in [`QueryEvent::query`].
    pub query: String,
    pub article: String,
}

/// Something the recorder writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Query(QueryEvent),
    Opened(OpenEvent),
}

/// Where feedback was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackKind {
    /// "Heeft dit artikel u geholpen?" on an article page.
    Article,
    /// "Heeft dit uw probleem opgelost?" on the recommended-steps page.
    Recommend,
}

impl FeedbackKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackKind::Article => "article",
            FeedbackKind::Recommend => "recommend",
        }
    }

    pub fn parse(text: &str) -> Option<FeedbackKind> {
        match text {
            "article" => Some(FeedbackKind::Article),
            "recommend" => Some(FeedbackKind::Recommend),
            _ => None,
        }
    }
}

/// One answer to a feedback question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    pub at: i64,
    pub kind: FeedbackKind,
    /// The UI locale tag (`nl-NL`).
    pub locale: String,
    pub article: String,
    pub helpful: bool,
    /// Masked.
    pub comment: Option<String>,
    /// The description that led to the recommendation, masked.
    pub description: Option<String>,
}

/// The insights of one portal process: its store, its recorder and the
/// signing keys.
pub struct Insights {
    pub store: Store,
    recorder: Recorder,
    keys: Arc<Keys>,
    /// Staff accounts: name → argon2 hash.
    accounts: std::collections::BTreeMap<String, String>,
}

impl Insights {
    /// Opens the configured database in the background; pages never wait
    /// for it.
    pub fn open(config: &Config) -> Insights {
        let keys = Arc::new(Keys::new(config.secret.as_ref().map(|s| s.0.as_str())));
        let store = Store::open(&config.database_url, keys.clone());
        let recorder = Recorder::start(store.clone(), store::runtime());
        Insights {
            store,
            recorder,
            keys,
            accounts: config.staff.accounts.clone(),
        }
    }

    pub fn keys(&self) -> &Keys {
        &self.keys
    }

    /// Records a search (page 1 of the results).
    pub fn record_search(&self, query: &str, results: usize, first: Option<&str>) {
        self.record_query(QueryKind::Search, query, results, first, results > 0);
    }

    /// Records a recommendation.
    pub fn record_recommendation(
        &self,
        description: &str,
        results: usize,
        first: Option<&str>,
        confident: bool,
    ) {
        self.record_query(QueryKind::Recommend, description, results, first, confident);
    }

    fn record_query(
        &self,
        kind: QueryKind,
        text: &str,
        results: usize,
        first: Option<&str>,
        confident: bool,
    ) {
        let query = mask::normalise_query(text);
        if query.is_empty() {
            return;
        }
        self.recorder.record(Event::Query(QueryEvent {
            at: tokens::now(),
            kind,
            query,
            results: i64::try_from(results).unwrap_or(i64::MAX),
            first_result: first.map(str::to_owned),
            confident,
        }));
    }

    /// Records that `article` was opened from a search or recommendation.
    pub fn record_open(&self, kind: QueryKind, query: &str, article: &str) {
        let query = mask::normalise_query(query);
        if query.is_empty() {
            return;
        }
        self.recorder.record(Event::Opened(OpenEvent {
            at: tokens::now(),
            kind,
            query,
            article: article.to_owned(),
        }));
    }

    /// Writes every event recorded so far (tests, shutdown).
    pub async fn flush(&self) -> bool {
        self.recorder.flush().await
    }

    /// Stores feedback before it is acknowledged; the comment and
    /// description are masked here.
    pub async fn save_feedback(&self, mut feedback: Feedback) -> Result<String, StoreError> {
        feedback.comment = feedback
            .comment
            .map(|c| mask::clean_comment(&c))
            .filter(|c| !c.is_empty());
        feedback.description = feedback
            .description
            .map(|d| mask::normalise_query(&d))
            .filter(|d| !d.is_empty());
        self.store
            .save_feedback(feedback, FEEDBACK_WRITE_LIMIT)
            .await
    }

    /// Adds a comment to "Nee" feedback.
    pub async fn add_comment(&self, public_id: &str, comment: &str) -> Result<bool, StoreError> {
        let comment = mask::clean_comment(comment);
        if comment.is_empty() {
            return Ok(false);
        }
        self.store
            .add_comment(public_id, comment, FEEDBACK_WRITE_LIMIT)
            .await
    }

    /// Whether any staff account is configured.
    pub fn login_configured(&self) -> bool {
        !self.accounts.is_empty()
    }

    /// Checks a staff login, honouring the lock-out.
    pub async fn login(&self, account: &str, password: &str) -> Result<Login, StoreError> {
        let account: String = account
            .trim()
            .chars()
            .take(auth::MAX_ACCOUNT_CHARS)
            .collect();
        let now = tokens::now();
        let failures = self
            .store
            .login_failures(&account, now - auth::LOCKOUT_WINDOW_SECS, STAFF_LIMIT)
            .await?;
        if failures >= auth::MAX_FAILURES {
            return Ok(Login::LockedOut);
        }
        let hash = self.accounts.get(&account).cloned();
        let password = password.to_owned();
        // Hashing is deliberately slow: keep it off the web worker.
        let ok = match store::runtime() {
            Some(runtime) => runtime
                .spawn_blocking(move || auth::verify_password(hash.as_deref(), &password))
                .await
                .unwrap_or(false),
            None => auth::verify_password(hash.as_deref(), &password),
        };
        self.store
            .login_outcome(&account, ok, now, STAFF_LIMIT)
            .await?;
        Ok(if ok {
            Login::Success(self.keys.session(&account))
        } else if failures + 1 >= auth::MAX_FAILURES {
            Login::LockedOut
        } else {
            Login::Failed
        })
    }

    /// The account a session cookie stands for, when it is valid and the
    /// account still configured.
    pub fn session_account(&self, cookie: &str) -> Option<String> {
        self.keys
            .session_account(cookie)
            .filter(|account| self.accounts.contains_key(account))
    }
}

/// The outcome of a staff login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    /// The session cookie value.
    Success(String),
    Failed,
    /// Too many failures: refused without checking the password.
    LockedOut,
}
