//! What support staff read from the store: the most frequent queries, the
//! articles marked unhelpful and the latest unhelpful answers. The rows
//! they return are defined with the [`Store`].

use std::time::Duration;

use sqlx::Row;
use sqlx::any::AnyRow;

use super::events::QueryKind;
use super::store::{ArticleVotes, FeedbackEntry, QueryStat, Store, StoreError};

impl Store {
    /// The most asked queries of `kind`; with `only_failed`, those without
    /// results (searches) or without a confident match (descriptions).
    pub async fn top_queries(
        &self,
        kind: QueryKind,
        only_failed: bool,
        rows: i64,
        limit: Duration,
    ) -> Result<Vec<QueryStat>, StoreError> {
        let filter = match (only_failed, kind) {
            (false, _) => "",
            (true, QueryKind::Search) => "AND q.result_count = 0",
            (true, QueryKind::Recommend) => "AND q.confident = 0",
        };
        let sql = format!(
            "SELECT q.query AS query, CAST(COUNT(*) AS BIGINT) AS n, \
                    CAST((SELECT COUNT(*) FROM result_opens o WHERE o.kind = q.kind AND o.query = q.query) AS BIGINT) AS opened \
             FROM query_events q WHERE q.kind = $1 {filter} \
             GROUP BY q.kind, q.query ORDER BY n DESC, q.query LIMIT $2"
        );
        self.run(limit, move |pool| async move {
            let rows = sqlx::query(&sql)
                .bind(kind.as_str())
                .bind(rows)
                .fetch_all(&pool)
                .await?;
            let mut stats = Vec::with_capacity(rows.len());
            for row in rows {
                let query: String = row.try_get("query")?;
                let last = sqlx::query(
                    "SELECT result_count, first_result FROM query_events \
                     WHERE kind = $1 AND query = $2 ORDER BY created_at DESC LIMIT 1",
                )
                .bind(kind.as_str())
                .bind(query.clone())
                .fetch_optional(&pool)
                .await?;
                let (results, first_result) = match last {
                    Some(last) => (last.try_get("result_count")?, last.try_get("first_result")?),
                    None => (0, None),
                };
                stats.push(QueryStat {
                    query,
                    count: row.try_get("n")?,
                    results,
                    first_result,
                    opened: row.try_get("opened")?,
                });
            }
            Ok(stats)
        })
        .await
    }

    /// Articles with the most "Nee", with their "Ja" count.
    pub async fn unhelpful_articles(
        &self,
        rows: i64,
        limit: Duration,
    ) -> Result<Vec<ArticleVotes>, StoreError> {
        self.run(limit, move |pool| async move {
            let rows = sqlx::query(
                "SELECT article_id, \
                        CAST(SUM(CASE WHEN helpful = 0 THEN 1 ELSE 0 END) AS BIGINT) AS unhelpful, \
                        CAST(SUM(CASE WHEN helpful = 1 THEN 1 ELSE 0 END) AS BIGINT) AS helpful_count \
                 FROM feedback GROUP BY article_id \
                 HAVING SUM(CASE WHEN helpful = 0 THEN 1 ELSE 0 END) > 0 \
                 ORDER BY unhelpful DESC, article_id LIMIT $1",
            )
            .bind(rows)
            .fetch_all(&pool)
            .await?;
            rows.iter()
                .map(|row| {
                    Ok(ArticleVotes {
                        article: row.try_get("article_id")?,
                        unhelpful: row.try_get("unhelpful")?,
                        helpful: row.try_get("helpful_count")?,
                    })
                })
                .collect()
        })
        .await
    }

    /// The latest "Nee" feedback, newest first.
    pub async fn recent_unhelpful(
        &self,
        rows: i64,
        limit: Duration,
    ) -> Result<Vec<FeedbackEntry>, StoreError> {
        self.run(limit, move |pool| async move {
            let rows = sqlx::query(
                "SELECT created_at, kind, article_id, helpful, comment, description FROM feedback \
                 WHERE helpful = 0 ORDER BY created_at DESC, public_id LIMIT $1",
            )
            .bind(rows)
            .fetch_all(&pool)
            .await?;
            rows.iter().map(feedback_entry).collect()
        })
        .await
    }
}

fn feedback_entry(row: &AnyRow) -> Result<FeedbackEntry, StoreError> {
    Ok(FeedbackEntry {
        at: row.try_get("created_at")?,
        kind: row.try_get("kind")?,
        article: row.try_get("article_id")?,
        helpful: row.try_get::<i64, _>("helpful")? != 0,
        comment: row.try_get("comment")?,
        description: row.try_get("description")?,
    })
}
