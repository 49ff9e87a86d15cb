//! Which articles customers opened from search and recommended steps: the
//! counts behind the "Veelgestelde vragen" lists (see [`crate::popular`]).

use std::time::Duration;

use sqlx::Row;

use super::store::{Store, StoreError};

/// Articles read per refresh at most (more than any list shows).
pub const MAX_ARTICLES: i64 = 5_000;

impl Store {
    /// How often each article was opened from a search or recommendation
    /// at or after `since` (Unix seconds), most opened first, then by id.
    pub async fn opens_since(
        &self,
        since: i64,
        limit: Duration,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        self.run(limit, move |pool| async move {
            let rows = sqlx::query(
                "SELECT article_id, CAST(COUNT(*) AS BIGINT) AS n FROM result_opens \
                 WHERE created_at >= $1 GROUP BY article_id \
                 ORDER BY n DESC, article_id LIMIT $2",
            )
            .bind(since)
            .bind(MAX_ARTICLES)
            .fetch_all(&pool)
            .await?;
            rows.iter()
                .map(|row| Ok((row.try_get("article_id")?, row.try_get("n")?)))
                .collect()
        })
        .await
    }
}
