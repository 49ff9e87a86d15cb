//! Feedback and search insights for support staff: which articles fail
//! customers and what customers look for in vain.
//!
//! - [`Event`] and [`Feedback`] are what is recorded (file `events.rs`).
//! - [`mask`] turns a customer's text into what may be stored.
//! - [`store`] is the database (SQLite by default, PostgreSQL when shared),
//!   with its migrations (`migrations.rs`) and the staff reports read from
//!   it (`reports.rs`).
//! - [`opens`] counts the results opened per article, for the
//!   "Veelgestelde vragen" lists.
//! - [`recorder`] writes searches, recommendations and opened results in
//!   the background, in batches, without ever holding up a page.
//! - [`tokens`] signs form tokens and staff session cookies; [`auth`]
//!   checks staff passwords; [`staff_store`] counts sign-in attempts and
//!   keeps the staff sessions in the database.
//! - [`examples`] keeps the descriptions staff confirmed as answered by an
//!   article (or by none), for recommended steps to learn from;
//!   [`example_lines`] reads and writes them as JSON lines.
//!
//! Nothing here knows about HTTP; the web handlers call [`Insights`].

pub mod auth;
mod events;
pub mod example_lines;
pub mod examples;
pub mod mask;
mod migrations;
pub mod opens;
pub mod recorder;
mod reports;
pub mod staff_store;
pub mod store;
pub mod tokens;

use std::sync::Arc;
use std::time::Duration;

use crate::config::Config;

pub use events::{Event, Feedback, FeedbackKind, OpenEvent, QueryEvent, QueryKind};

use recorder::Recorder;
use staff_store::StoredSession;
use store::{CommentOutcome, Store, StoreError};
use tokens::Keys;

/// Feedback is acknowledged only when stored within this long.
pub const FEEDBACK_WRITE_LIMIT: Duration = Duration::from_secs(3);
/// Staff pages and logins wait this long for the database.
pub const STAFF_LIMIT: Duration = Duration::from_secs(5);
/// One feedback form (an article's, or the recommended-steps page's for
/// that article) takes at most this many answers per window, from everyone
/// together: no client identifier is stored or needed.
pub const FEEDBACK_PER_WINDOW: i64 = 20;
/// The window [`FEEDBACK_PER_WINDOW`] is counted in, in seconds.
pub const FEEDBACK_WINDOW_SECS: i64 = 10 * 60;

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
    /// description are masked here. `None`: the form's limit
    /// ([`FEEDBACK_PER_WINDOW`]) was reached and nothing was stored.
    pub async fn save_feedback(
        &self,
        mut feedback: Feedback,
    ) -> Result<Option<String>, StoreError> {
        feedback.comment = feedback
            .comment
            .map(|c| mask::clean_comment(&c))
            .filter(|c| !c.is_empty());
        feedback.description = feedback
            .description
            .map(|d| mask::normalise_query(&d))
            .filter(|d| !d.is_empty());
        self.store
            .save_feedback(
                feedback,
                (FEEDBACK_PER_WINDOW, FEEDBACK_WINDOW_SECS),
                FEEDBACK_WRITE_LIMIT,
            )
            .await
    }

    /// Adds a comment to the "Nee" feedback `public_id` on `article`;
    /// `None` when nothing is left of the comment after cleaning.
    pub async fn add_comment(
        &self,
        public_id: &str,
        article: &str,
        comment: &str,
    ) -> Result<Option<CommentOutcome>, StoreError> {
        let comment = mask::clean_comment(comment);
        if comment.is_empty() {
            return Ok(None);
        }
        self.store
            .add_comment(public_id, article, comment, FEEDBACK_WRITE_LIMIT)
            .await
            .map(Some)
    }

    /// Whether any staff account is configured.
    pub fn login_configured(&self) -> bool {
        !self.accounts.is_empty()
    }

    /// Checks a staff login, honouring the lock-out: the attempt is
    /// counted in the database *before* the password is checked, so at
    /// most [`auth::MAX_FAILURES`] passwords are ever checked per account
    /// and window, however many arrive at once and on whichever replica.
    pub async fn login(&self, account: &str, password: &str) -> Result<Login, StoreError> {
        let account: String = account
            .trim()
            .chars()
            .take(auth::MAX_ACCOUNT_CHARS)
            .collect();
        let now = tokens::now();
        let attempt = self
            .store
            .reserve_login_attempt(&account, now, STAFF_LIMIT)
            .await?;
        if attempt > auth::MAX_FAILURES {
            return Ok(Login::LockedOut);
        }
        let hash = self.accounts.get(&account).cloned();
        let password = password.to_owned();
        let checked = hash.clone();
        // Hashing is deliberately slow: keep it off the web worker.
        let ok = match store::runtime() {
            Some(runtime) => runtime
                .spawn_blocking(move || auth::verify_password(checked.as_deref(), &password))
                .await
                .unwrap_or(false),
            None => auth::verify_password(checked.as_deref(), &password),
        };
        match hash.filter(|_| ok) {
            Some(hash) => {
                self.store
                    .release_login_attempts(&account, attempt, STAFF_LIMIT)
                    .await?;
                let cookie = self.open_session(&account, &hash, now).await?;
                Ok(Login::Success(cookie))
            }
            None if attempt >= auth::MAX_FAILURES => Ok(Login::FailedNowLocked),
            None => Ok(Login::Failed),
        }
    }

    /// Stores a new session for `account` and returns its cookie value.
    async fn open_session(
        &self,
        account: &str,
        hash: &str,
        now: i64,
    ) -> Result<String, StoreError> {
        let secret = tokens::random_hex(32);
        let session = StoredSession {
            account: account.to_owned(),
            credential: auth::credential_fingerprint(hash),
        };
        self.store
            .open_session(
                &tokens::session_id(&secret),
                session,
                now.saturating_add(tokens::SESSION_SECS),
                now,
                STAFF_LIMIT,
            )
            .await?;
        Ok(self.keys.session(account, &secret))
    }

    /// The staff session a cookie stands for: signed by a replica, not
    /// expired, still stored (not signed out), for an account that is
    /// still configured with the password it was opened with.
    pub async fn session(&self, cookie: &str) -> Result<Option<StaffSession>, StoreError> {
        let Some(claim) = self.keys.session_claim(cookie) else {
            return Ok(None);
        };
        let Some(hash) = self.accounts.get(&claim.account) else {
            return Ok(None);
        };
        let stored = self
            .store
            .session(&claim.id, tokens::now(), STAFF_LIMIT)
            .await?;
        let credential = auth::credential_fingerprint(hash);
        Ok(stored
            .filter(|s| s.account == claim.account && s.credential == credential)
            .map(|_| StaffSession {
                account: claim.account,
                id: claim.id,
            }))
    }

    /// Ends `session` on every replica.
    pub async fn sign_out(&self, session: &StaffSession) -> Result<(), StoreError> {
        self.store.end_session(&session.id, STAFF_LIMIT).await
    }

    /// Ends every session of the session's account, on every replica.
    pub async fn sign_out_everywhere(&self, session: &StaffSession) -> Result<u64, StoreError> {
        self.store
            .end_sessions_of(&session.account, STAFF_LIMIT)
            .await
    }

    /// The token of the forms on staff pages (signing out), bound to the
    /// session: another site cannot know it.
    pub fn staff_form_token(&self, session: &StaffSession) -> String {
        self.keys
            .public_form_token(&format!("staff:{}", session.id))
    }

    /// Whether `token` is [`Insights::staff_form_token`] of `session`.
    pub fn check_staff_form_token(&self, session: &StaffSession, token: &str) -> bool {
        self.keys
            .check_public_form_token(&format!("staff:{}", session.id), token)
    }
}

/// A signed-in staff member's session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSession {
    pub account: String,
    /// The id of its database row.
    pub id: String,
}

/// The outcome of a staff login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    /// The session cookie value.
    Success(String),
    Failed,
    /// The password was checked, was wrong, and was the last one checked
    /// in this window: the account is locked now.
    FailedNowLocked,
    /// Too many attempts: refused without checking the password.
    LockedOut,
}
