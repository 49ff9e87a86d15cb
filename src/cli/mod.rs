//! The subcommands behind `main`: each loads what it needs and reports.

pub mod check;
pub mod eval;
pub mod eval_search;
pub mod examples;
pub mod hash_password;
pub mod install_model;
pub mod serve;

use helpportal::config::Config;
use helpportal::eval::recommend::{Case, parse_cases};
use helpportal::library::{Library, LibraryError};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Loads the library with a progress bar on a terminal; elsewhere (under a
/// service manager) progress is logged plainly in quarters.
pub fn load_library(config: &Config) -> Result<Library, LibraryError> {
    if !std::io::stderr().is_terminal() {
        let last_quarter = AtomicUsize::new(0);
        return Library::load_with_progress(config, |done, total| {
            let quarter = (done * 4).checked_div(total).unwrap_or(4);
            if quarter > last_quarter.swap(quarter, Ordering::Relaxed) && quarter < 4 {
                tracing::info!(done, total, "loading content");
            }
        });
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("{msg} {bar:40} {pos}/{len}") {
        bar.set_style(style);
    }
    bar.set_message("Loading articles");
    let library = Library::load_with_progress(config, |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    library
}

/// The labelled lines of `file` (`{"q", "expect"}`, shared by both
/// evaluations); a failure is reported and becomes the exit code.
pub fn read_cases(file: &Path) -> Result<Vec<Case>, ExitCode> {
    let text = std::fs::read_to_string(file).map_err(|err| {
        eprintln!("helpportal: {}: {err}", file.display());
        ExitCode::from(2)
    })?;
    parse_cases(&text).map_err(|err| {
        eprintln!("helpportal: {}: {err}", file.display());
        ExitCode::from(2)
    })
}
