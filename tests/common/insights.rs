//! Helpers for the feedback and insights tests: databases (SQLite files
//! and fresh PostgreSQL databases), staff accounts and form scraping.

use std::time::Duration;

use helpportal::config::Config;
use helpportal::insights::Insights;
use helpportal::insights::auth::hash_password;
use sqlx::Connection;

/// The variable `.ci/test` sets to a PostgreSQL URL whose role may create
/// databases.
pub const POSTGRES_ENV: &str = "HELPPORTAL_TEST_POSTGRES_URL";

/// The PostgreSQL URL for the tests. Fails the test when it is not set:
/// the PostgreSQL tests must not pass by being skipped.
pub fn postgres_url() -> String {
    std::env::var(POSTGRES_ENV).unwrap_or_else(|_| {
        panic!(
            "{POSTGRES_ENV} is not set: run the tests with `bash .ci/test`, which starts \
             PostgreSQL, or point it at a database whose role may create databases"
        )
    })
}

/// A new, empty PostgreSQL database for one test; its URL.
pub async fn fresh_postgres_database() -> String {
    let admin = postgres_url();
    let name = format!(
        "helpportal_test_{}",
        helpportal::insights::tokens::random_hex(6)
    );
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {POSTGRES_ENV}: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create a test database");
    let _ = conn.close().await;
    let (base, _) = admin.rsplit_once('/').expect("a database in the URL");
    let query = admin
        .split_once('?')
        .map(|(_, q)| format!("?{q}"))
        .unwrap_or_default();
    format!("{base}/{name}{query}")
}

/// An SQLite file in `dir`.
pub fn sqlite_file_url(dir: &std::path::Path) -> String {
    format!("sqlite://{}", dir.join("insights.db").display())
}

/// `config` with `database_url` and one staff account.
pub fn with_staff(mut config: Config, database_url: &str, account: &str, password: &str) -> Config {
    config.database_url = database_url.to_owned();
    config
        .staff
        .accounts
        .insert(account.to_owned(), hash_password(password).expect("hash"));
    config
}

/// Waits until `insights` has reached its database.
pub async fn connected(insights: &Insights) {
    assert!(
        insights.store.ready(Duration::from_secs(60)).await,
        "the insights database was not reached"
    );
}

/// The `value` of the input named `name` in `html` (first match).
pub fn input_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no input {name} in the page"))
        + marker.len();
    let end = html[start..].find('"').expect("closing quote") + start;
    html[start..end].to_owned()
}

/// An `application/x-www-form-urlencoded` body.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

/// Runs each named `async fn NAME(url: &str)` of the invoking test file
/// once on SQLite (a file in a temporary folder) and once on a fresh
/// PostgreSQL database, as `sqlite::NAME` and `postgres::NAME`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let dir = tempfile::tempdir().expect("tempdir");
                    super::$name(&$crate::common::insights::sqlite_file_url(dir.path())).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let url = $crate::common::insights::fresh_postgres_database().await;
                    super::$name(&url).await;
                }
            )*
        }
    };
}
