//! The subcommands behind `main`: each loads what it needs and reports.

pub mod check;
pub mod eval;
pub mod serve;

use helpportal::config::Config;
use helpportal::content::LoadError;
use helpportal::library::Library;
use indicatif::{ProgressBar, ProgressStyle};

/// Loads the library with a progress bar on a terminal (none otherwise).
pub fn load_library(config: &Config) -> Result<Library, LoadError> {
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
