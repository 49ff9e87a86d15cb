//! The staff side of the insights database: sign-in attempts counted
//! atomically for the lock-out, and staff sessions that end when their row
//! is deleted. Both live in the database, so every replica agrees.

use std::time::Duration;

use sqlx::Row;

use super::auth::LOCKOUT_WINDOW_SECS;
use super::store::{Store, StoreError};

/// A stored staff session, as read back for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    pub account: String,
    /// Fingerprint of the password hash the session was opened with.
    pub credential: String,
}

impl Store {
    /// Reserves one sign-in attempt for `account` at `now` in one atomic
    /// statement and returns how many attempts its current lock-out window
    /// holds, this one included. A window older than
    /// [`LOCKOUT_WINDOW_SECS`] starts again at 1. Concurrent calls (from
    /// any replica) each see a different count.
    pub async fn reserve_login_attempt(
        &self,
        account: &str,
        now: i64,
        limit: Duration,
    ) -> Result<i64, StoreError> {
        let account = account.to_owned();
        let expired = now - LOCKOUT_WINDOW_SECS;
        self.run(limit, move |pool| async move {
            let row = sqlx::query(
                "INSERT INTO login_attempts (account, window_start, attempts) VALUES ($1, $2, 1) \
                 ON CONFLICT (account) DO UPDATE SET \
                   attempts = CASE WHEN login_attempts.window_start <= $3 THEN 1 \
                                   ELSE login_attempts.attempts + 1 END, \
                   window_start = CASE WHEN login_attempts.window_start <= $3 THEN $2 \
                                       ELSE login_attempts.window_start END \
                 RETURNING attempts",
            )
            .bind(account)
            .bind(now)
            .bind(expired)
            .fetch_one(&pool)
            .await?;
            let attempts: i64 = row.try_get("attempts")?;
            // Windows that are over no longer count for anyone.
            sqlx::query("DELETE FROM login_attempts WHERE window_start <= $1")
                .bind(expired)
                .execute(&pool)
                .await?;
            Ok(attempts)
        })
        .await
    }

    /// After a successful sign-in that was attempt number `attempt`:
    /// gives back that attempt and the ones before it, and keeps counting
    /// those reserved after it (concurrent guesses stay counted).
    pub async fn release_login_attempts(
        &self,
        account: &str,
        attempt: i64,
        limit: Duration,
    ) -> Result<(), StoreError> {
        let account = account.to_owned();
        self.run(limit, move |pool| async move {
            sqlx::query(
                "UPDATE login_attempts SET attempts = \
                   CASE WHEN attempts > $2 THEN attempts - $2 ELSE 0 END \
                 WHERE account = $1",
            )
            .bind(account)
            .bind(attempt)
            .execute(&pool)
            .await?;
            Ok(())
        })
        .await
    }

    /// Stores a new session under `id` (a digest of the cookie's secret)
    /// and drops sessions that have expired.
    pub async fn open_session(
        &self,
        id: &str,
        session: StoredSession,
        expires_at: i64,
        now: i64,
        limit: Duration,
    ) -> Result<(), StoreError> {
        let id = id.to_owned();
        self.run(limit, move |pool| async move {
            sqlx::query("DELETE FROM staff_sessions WHERE expires_at <= $1")
                .bind(now)
                .execute(&pool)
                .await?;
            sqlx::query(
                "INSERT INTO staff_sessions (id, account, credential, expires_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(session.account)
            .bind(session.credential)
            .bind(expires_at)
            .execute(&pool)
            .await?;
            Ok(())
        })
        .await
    }

    /// The session stored under `id`, while it has not expired.
    pub async fn session(
        &self,
        id: &str,
        now: i64,
        limit: Duration,
    ) -> Result<Option<StoredSession>, StoreError> {
        let id = id.to_owned();
        self.run(limit, move |pool| async move {
            let row = sqlx::query(
                "SELECT account, credential FROM staff_sessions WHERE id = $1 AND expires_at > $2",
            )
            .bind(id)
            .bind(now)
            .fetch_optional(&pool)
            .await?;
            row.map(|row| {
                Ok(StoredSession {
                    account: row.try_get("account")?,
                    credential: row.try_get("credential")?,
                })
            })
            .transpose()
        })
        .await
    }

    /// Ends the session stored under `id`.
    pub async fn end_session(&self, id: &str, limit: Duration) -> Result<(), StoreError> {
        let id = id.to_owned();
        self.run(limit, move |pool| async move {
            sqlx::query("DELETE FROM staff_sessions WHERE id = $1")
                .bind(id)
                .execute(&pool)
                .await?;
            Ok(())
        })
        .await
    }

    /// Ends every session of `account`; how many there were.
    pub async fn end_sessions_of(&self, account: &str, limit: Duration) -> Result<u64, StoreError> {
        let account = account.to_owned();
        self.run(limit, move |pool| async move {
            let done = sqlx::query("DELETE FROM staff_sessions WHERE account = $1")
                .bind(account)
                .execute(&pool)
                .await?;
            Ok(done.rows_affected())
        })
        .await
    }
}
