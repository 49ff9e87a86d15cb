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
