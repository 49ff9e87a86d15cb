//! The `helpportal` command: `serve` (the default), `check`, `eval`,
//! `examples`, `hash-password` and `install-model`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use helpportal::config::{Config, LogFormat};

mod cli;

/// jemalloc instead of the system allocator: glibc malloc's per-thread
/// arenas kept the memory of every reload's build threads, so a portal that
/// reloads all day grew until it was killed (figures in BENCHMARKS.md,
/// "Memory across reloads").
#[cfg(all(unix, not(target_env = "musl")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// A help portal for Dutch help articles.
#[derive(Debug, Parser)]
#[command(name = "helpportal", version, about)]
struct Args {
    /// Config file (default: helpportal.toml in the working directory, if present).
    #[arg(long, global = true, env = "HELPPORTAL_CONFIG")]
    config: Option<PathBuf>,
    /// Content root: a folder whose subfolders are collections.
    #[arg(long, global = true, env = "HELPPORTAL_CONTENT")]
    content: Option<PathBuf>,
    /// Listen address.
    #[arg(long, global = true, env = "HELPPORTAL_ADDR")]
    addr: Option<String>,
    /// Public base URL used in canonical links.
    #[arg(long, global = true, env = "HELPPORTAL_BASE_URL")]
    base_url: Option<String>,
    /// Log format: text or json.
    #[arg(long, global = true, env = "HELPPORTAL_LOG_FORMAT")]
    log_format: Option<LogFormat>,
    /// HTTP worker threads (default: one per physical core).
    #[arg(long, global = true, env = "HELPPORTAL_WORKERS")]
    workers: Option<usize>,
    /// Feedback and insights database: sqlite:… or postgres://… URL.
    #[arg(long, global = true, env = "HELPPORTAL_DATABASE_URL")]
    database_url: Option<String>,
    /// Folder of the sentence encoder's weights and vector cache.
    #[arg(long, global = true, env = "HELPPORTAL_MODEL")]
    model: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the portal (the default).
    Serve,
    /// Load the content and report every problem as file:line: reason.
    Check,
    /// Score recommended steps on labelled descriptions (JSON lines).
    Eval {
        /// Lines of {"q": "...", "expect": ["id", ...]}.
        file: PathBuf,
        #[command(flatten)]
        signals: Signals,
        /// The article text recipe to embed (outline-v1, outline-lead400-v1).
        #[arg(long)]
        recipe: Option<String>,
        /// Taught examples to load first ({"q", "expect"} lines, one article or none).
        #[arg(long)]
        examples: Option<PathBuf>,
        /// Write every line's candidates with their signals to this file
        /// (JSON lines, for fitting a reranker).
        #[arg(long)]
        dump_candidates: Option<PathBuf>,
        /// Print every line, not only the misses.
        #[arg(long)]
        verbose: bool,
    },
    /// Score search on known-item queries (JSON lines): hit@1, hit@5, MRR@10.
    EvalSearch {
        /// Lines of {"q": "...", "expect": ["id", ...]}.
        file: PathBuf,
        #[command(flatten)]
        signals: Signals,
        /// Print every query, not only the misses.
        #[arg(long)]
        verbose: bool,
    },
    /// Export or import the examples support staff confirmed (JSON lines).
    Examples {
        #[command(subcommand)]
        action: ExamplesAction,
    },
    /// Read a password from standard input and print its argon2 hash for
    /// `[staff.accounts]` in the config.
    HashPassword,
    /// Install the sentence encoder's weights into the models folder.
    InstallModel,
}

/// Which signals an evaluation scores: both evaluations take the same flags.
#[derive(Debug, clap::Args)]
struct Signals {
    /// Score plain BM25 over title and body instead of the portal's ranking.
    #[arg(long, conflicts_with_all = ["no_semantic", "semantic_only"])]
    baseline: bool,
    /// Score word matching alone, without the sentence encoder.
    #[arg(long, conflicts_with = "semantic_only")]
    no_semantic: bool,
    /// Score the sentence encoder alone.
    #[arg(long)]
    semantic_only: bool,
}

impl Signals {
    /// The one of four choices the flags name (the portal's fused ranking
    /// when none is given).
    fn pick<T>(&self, baseline: T, words: T, meaning: T, fused: T) -> T {
        if self.baseline {
            baseline
        } else if self.no_semantic {
            words
        } else if self.semantic_only {
            meaning
        } else {
            fused
        }
    }
}

#[derive(Debug, Subcommand)]
enum ExamplesAction {
    /// Write every example to standard output as {"q", "expect"} lines.
    Export,
    /// Store the examples of a file of {"q", "expect"} lines (idempotent).
    Import {
        /// Lines of {"q": "...", "expect": ["id"]}; `expect` empty for "Geen artikel".
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    let config = match build_config(&args) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("helpportal: {err}");
            return ExitCode::from(2);
        }
    };
    match args.command.unwrap_or(Command::Serve) {
        Command::Serve => cli::serve::run(config),
        Command::Check => cli::check::run(&config),
        Command::Eval {
            file,
            signals,
            recipe,
            examples,
            dump_candidates,
            verbose,
        } => {
            use cli::eval::Scored;
            let scored = signals.pick(
                Scored::Baseline,
                Scored::Words,
                Scored::Meaning,
                Scored::Fused,
            );
            let options = cli::eval::Options {
                recipe,
                examples,
                dump_candidates,
                verbose,
            };
            cli::eval::run(&config, &file, scored, &options)
        }
        Command::EvalSearch {
            file,
            signals,
            verbose,
        } => {
            use helpportal::eval::search::Ranking;
            let ranking = signals.pick(
                Ranking::Baseline,
                Ranking::Words,
                Ranking::Meaning,
                Ranking::Portal,
            );
            cli::eval_search::run(&config, &file, ranking, verbose)
        }
        Command::Examples { action } => match action {
            ExamplesAction::Export => cli::examples::export(&config),
            ExamplesAction::Import { file } => cli::examples::import(&config, &file),
        },
        Command::HashPassword => cli::hash_password::run(),
        Command::InstallModel => cli::install_model::run(&config),
    }
}

/// File, then environment and flags (clap gives flags precedence over env).
fn build_config(args: &Args) -> Result<Config, helpportal::config::ConfigError> {
    let mut config = Config::load(args.config.as_deref())?;
    if let Some(content) = &args.content {
        config.content = content.clone();
    }
    if let Some(addr) = &args.addr {
        config.addr = addr.clone();
    }
    if let Some(base_url) = &args.base_url {
        config.base_url = base_url.clone();
    }
    if let Some(format) = args.log_format {
        config.log_format = format;
    }
    if let Some(workers) = args.workers {
        config.workers = Some(workers);
    }
    if let Some(url) = &args.database_url {
        config.database_url = url.clone();
    }
    if let Some(model) = &args.model {
        config.model = model.clone();
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_log_format_is_refused_by_name() {
        let err = Args::try_parse_from(["helpportal", "--log-format", "jsno", "check"])
            .expect_err("refused");
        assert!(
            err.to_string().contains("unknown log format `jsno`"),
            "{err}"
        );
        let args = Args::try_parse_from(["helpportal", "--log-format", "JSON", "check"])
            .expect("accepted");
        assert_eq!(args.log_format, Some(LogFormat::Json));
    }
}
