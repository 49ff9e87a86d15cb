//! Examples taught by support staff: a customer's description confirmed
//! as answered by one article, or by none ("Geen artikel"). Only the
//! masked description is stored (exactly what the descriptions report
//! stores), with the article id, the account and the time; one
//! confirmation per description, a new one replaces it.
//!
//! Every change bumps `examples_version` in the same transaction: the
//! cheap marker each replica polls to know when to read the examples
//! again ([`Store::examples_version`]).

use std::time::Duration;

use sqlx::Row;
use sqlx::any::AnyRow;

use super::store::{Store, StoreError};
use super::tokens::{now, random_hex};
use super::{Insights, STAFF_LIMIT, mask};

/// Examples read at most per list (the staff page) or per snapshot.
pub const MAX_EXAMPLES: i64 = 100_000;

/// One stored example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredExample {
    pub id: String,
    /// The masked description.
    pub description: String,
    /// The article that answers it; `None`: no article does.
    pub article: Option<String>,
    pub account: String,
    pub at: i64,
}

/// What a confirmation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    /// Stored, or replaced a confirmation with another article.
    Changed,
    /// The description was confirmed with that article already.
    Unchanged,
    /// Nothing is left of the description after masking.
    Empty,
}

impl Store {
    /// Stores `description` (masked already) as answered by `article`,
    /// replacing an earlier confirmation of the same description.
    pub async fn confirm_example(
        &self,
        description: String,
        article: Option<String>,
        account: String,
        limit: Duration,
    ) -> Result<Confirmed, StoreError> {
        let id = random_hex(12);
        let at = now();
        self.run(limit, move |pool| async move {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(
                "INSERT INTO examples (id, description, article_id, account, created_at) \
                 VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (description) DO UPDATE SET \
                   article_id = excluded.article_id, account = excluded.account, \
                   created_at = excluded.created_at \
                 WHERE examples.article_id IS DISTINCT FROM excluded.article_id",
            )
            .bind(id)
            .bind(description)
            .bind(article)
            .bind(account)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            let changed = done.rows_affected() > 0;
            if changed {
                bump_version(&mut tx).await?;
            }
            tx.commit().await?;
            Ok(if changed {
                Confirmed::Changed
            } else {
                Confirmed::Unchanged
            })
        })
        .await
    }

    /// Removes the example `id` (undoing a confirmation); whether it was
    /// there.
    pub async fn remove_example(&self, id: &str, limit: Duration) -> Result<bool, StoreError> {
        let id = id.to_owned();
        self.run(limit, move |pool| async move {
            let mut tx = pool.begin().await?;
            let done = sqlx::query("DELETE FROM examples WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let removed = done.rows_affected() > 0;
            if removed {
                bump_version(&mut tx).await?;
            }
            tx.commit().await?;
            Ok(removed)
        })
        .await
    }

    /// The examples whose description or article id contains `needle`
    /// (lowercase; empty: all), newest first, at most `rows`.
    pub async fn examples(
        &self,
        needle: &str,
        rows: i64,
        limit: Duration,
    ) -> Result<Vec<StoredExample>, StoreError> {
        let pattern = format!("%{}%", like_escaped(&needle.to_lowercase()));
        self.run(limit, move |pool| async move {
            let rows = sqlx::query(
                "SELECT id, description, article_id, account, created_at FROM examples \
                 WHERE description LIKE $1 ESCAPE '\\' OR LOWER(COALESCE(article_id, '')) LIKE $1 ESCAPE '\\' \
                 ORDER BY created_at DESC, id LIMIT $2",
            )
            .bind(pattern)
            .bind(rows)
            .fetch_all(&pool)
            .await?;
            rows.iter().map(stored_example).collect()
        })
        .await
    }

    /// Every example, by article id ("Geen artikel" first) and description:
    /// an order that stays put, for exports kept in version control.
    pub async fn all_examples(&self, limit: Duration) -> Result<Vec<StoredExample>, StoreError> {
        self.run(limit, move |pool| async move {
            let rows = sqlx::query(
                "SELECT id, description, article_id, account, created_at FROM examples \
                 ORDER BY COALESCE(article_id, ''), description LIMIT $1",
            )
            .bind(MAX_EXAMPLES)
            .fetch_all(&pool)
            .await?;
            rows.iter().map(stored_example).collect()
        })
        .await
    }

    /// The change marker of the examples: it grows with every change.
    pub async fn examples_version(&self, limit: Duration) -> Result<i64, StoreError> {
        self.run(limit, move |pool| async move {
            let row = sqlx::query("SELECT version FROM examples_version WHERE name = 'examples'")
                .fetch_optional(&pool)
                .await?;
            Ok(match row {
                Some(row) => row.try_get("version")?,
                None => 0,
            })
        })
        .await
    }
}

impl Insights {
    /// Confirms that `article` (or none) answers `description`, for
    /// `account`; the description is masked here like every stored one.
    pub async fn confirm_example(
        &self,
        account: &str,
        description: &str,
        article: Option<&str>,
    ) -> Result<Confirmed, StoreError> {
        let description = mask::normalise_query(description);
        if description.is_empty() {
            return Ok(Confirmed::Empty);
        }
        self.store
            .confirm_example(
                description,
                article.map(str::to_owned),
                account.to_owned(),
                STAFF_LIMIT,
            )
            .await
    }
}

async fn bump_version(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> Result<(), StoreError> {
    sqlx::query("UPDATE examples_version SET version = version + 1 WHERE name = 'examples'")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// `text` with the `LIKE` wildcards and the escape character escaped.
fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn stored_example(row: &AnyRow) -> Result<StoredExample, StoreError> {
    Ok(StoredExample {
        id: row.try_get("id")?,
        description: row.try_get("description")?,
        article: row.try_get("article_id")?,
        account: row.try_get("account")?,
        at: row.try_get("created_at")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_match_wildcards_literally() {
        assert_eq!(like_escaped("50%_a\\b"), "50\\%\\_a\\\\b");
        assert_eq!(like_escaped("outlook"), "outlook");
    }
}
