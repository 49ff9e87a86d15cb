//! The database's migrations (`migrations/` at the top of the repository),
//! compiled into the binary; the same files run on SQLite and PostgreSQL.

use std::future::Future;

use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType};

/// The migrations in `migrations/`, compiled into the binary.
#[derive(Debug)]
pub(super) struct Migrations;

/// Version and file of every migration, in order.
const MIGRATIONS: [(i64, &str, &str); 4] = [
    (
        1,
        "insights",
        include_str!("../../migrations/0001_insights.sql"),
    ),
    (
        2,
        "sessions and attempts",
        include_str!("../../migrations/0002_sessions_and_attempts.sql"),
    ),
    (
        3,
        "result opens by time",
        include_str!("../../migrations/0003_result_opens_by_time.sql"),
    ),
    (
        4,
        "taught examples",
        include_str!("../../migrations/0004_examples.sql"),
    ),
];

impl MigrationSource<'static> for Migrations {
    fn resolve(
        self,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<Vec<Migration>, BoxDynError>> + Send>> {
        Box::pin(async {
            Ok(MIGRATIONS
                .iter()
                .map(|(version, description, sql)| {
                    Migration::new(
                        *version,
                        (*description).into(),
                        MigrationType::Simple,
                        (*sql).into(),
                        false,
                    )
                })
                .collect())
        })
    }
}
