//! `helpportal examples export` and `helpportal examples import FILE`:
//! the taught examples of the configured database (`--database-url`) as
//! JSON lines in the eval format, for review in version control, moving
//! between installations and seeding. Import is idempotent (a description
//! confirmed again with the same article changes nothing) and stores
//! nothing of a bad line; it reports every bad line with its number.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use helpportal::config::Config;
use helpportal::insights::examples::Confirmed;
use helpportal::insights::{Insights, example_lines, store};
use helpportal::library::Library;

/// How long the database may take to be reached.
const CONNECT_LIMIT: Duration = Duration::from_secs(15);
/// The account import stores as the one who confirmed.
pub const IMPORT_ACCOUNT: &str = "import";

/// Runs `work` with the connected insights on the database runtime.
fn with_insights<F, Fut>(config: &Config, work: F) -> ExitCode
where
    F: FnOnce(Insights) -> Fut,
    Fut: std::future::Future<Output = ExitCode>,
{
    let Some(runtime) = store::runtime() else {
        eprintln!("helpportal: no runtime for the database");
        return ExitCode::from(2);
    };
    runtime.block_on(async {
        let insights = Insights::open(config);
        if !insights.store.ready(CONNECT_LIMIT).await {
            eprintln!("helpportal: the database is not reachable");
            return ExitCode::from(2);
        }
        work(insights).await
    })
}

/// The examples whose article `library` does not hold (they are ignored
/// when matching), as `check` lines; `None` when the database cannot be
/// read within `limit`.
pub fn orphan_lines(config: &Config, library: &Library, limit: Duration) -> Option<Vec<String>> {
    if sqlite_file_missing(&config.database_url) {
        // No database yet, so no examples: `check` creates none.
        return Some(Vec::new());
    }
    let runtime = store::runtime()?;
    runtime.block_on(async {
        let insights = Insights::open(config);
        if !insights.store.ready(limit).await {
            return None;
        }
        let examples = insights.store.all_examples(limit).await.ok()?;
        Some(
            examples
                .into_iter()
                .filter_map(|e| {
                    let id = e.article.filter(|id| library.get(id).is_none())?;
                    Some(format!(
                        "examples: not a loaded article: {id} (confirmed for {:?}; ignored when matching)",
                        e.description
                    ))
                })
                .collect(),
        )
    })
}

/// Whether `url` names an SQLite file that does not exist.
fn sqlite_file_missing(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        return false;
    };
    let path = rest.split('?').next().unwrap_or(rest);
    !path.contains(":memory:") && !Path::new(path).exists()
}

/// Writes every example to standard output, by article and description.
pub fn export(config: &Config) -> ExitCode {
    with_insights(config, |insights| async move {
        let examples = match insights.store.all_examples(CONNECT_LIMIT).await {
            Ok(examples) => examples,
            Err(err) => {
                eprintln!("helpportal: {err}");
                return ExitCode::from(2);
            }
        };
        let mut out = std::io::stdout().lock();
        for example in &examples {
            if writeln!(out, "{}", example_lines::to_line(example)).is_err() {
                return ExitCode::FAILURE;
            }
        }
        ExitCode::SUCCESS
    })
}

/// Stores every good line of `file`; a non-zero exit when a line was bad.
pub fn import(config: &Config, file: &Path) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("helpportal: {}: {err}", file.display());
            return ExitCode::from(2);
        }
    };
    let (good, bad) = example_lines::parse(&text);
    for err in &bad {
        eprintln!("{}:{}: {}", file.display(), err.line, err.reason);
    }
    with_insights(config, |insights| async move {
        let (mut changed, mut unchanged) = (0, 0);
        for example in &good {
            let done = insights
                .confirm_example(
                    IMPORT_ACCOUNT,
                    &example.description,
                    example.article.as_deref(),
                )
                .await;
            match done {
                Ok(Confirmed::Changed) => changed += 1,
                Ok(Confirmed::Unchanged | Confirmed::Empty) => unchanged += 1,
                Err(err) => {
                    eprintln!("{}:{}: not stored: {err}", file.display(), example.line);
                    return ExitCode::from(2);
                }
            }
        }
        println!(
            "{changed} examples stored, {unchanged} unchanged, {} bad lines",
            bad.len()
        );
        if bad.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    })
}
