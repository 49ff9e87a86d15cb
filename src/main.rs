//! The `helpportal` command: `serve` (the default), `check`, `eval` and
//! `hash-password`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use helpportal::config::Config;

mod cli;

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
    log_format: Option<String>,
    /// HTTP worker threads (default: one per physical core).
    #[arg(long, global = true, env = "HELPPORTAL_WORKERS")]
    workers: Option<usize>,
    /// Feedback and insights database: sqlite:… or postgres://… URL.
    #[arg(long, global = true, env = "HELPPORTAL_DATABASE_URL")]
    database_url: Option<String>,
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
        /// Score the plain BM25 keyword baseline instead.
        #[arg(long)]
        baseline: bool,
        /// Print every line, not only the misses.
        #[arg(long)]
        verbose: bool,
    },
    /// Read a password from standard input and print its argon2 hash for
    /// `[staff.accounts]` in the config.
    HashPassword,
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
            baseline,
            verbose,
        } => cli::eval::run(&config, &file, baseline, verbose),
        Command::HashPassword => cli::hash_password::run(),
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
    if let Some(format) = &args.log_format {
        config.log_format = format.clone();
    }
    if let Some(workers) = args.workers {
        config.workers = Some(workers);
    }
    if let Some(url) = &args.database_url {
        config.database_url = url.clone();
    }
    Ok(config)
}
