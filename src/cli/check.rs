//! `helpportal check`: every problem as `file:line: reason`, a summary, and
//! a non-zero exit when an article had to be skipped.

use std::process::ExitCode;

use helpportal::config::Config;

pub fn run(config: &Config) -> ExitCode {
    let library = match super::load_library(config) {
        Ok(library) => library,
        Err(err) => {
            eprintln!("helpportal: {err}");
            return ExitCode::from(2);
        }
    };
    for problem in library.problems() {
        println!("{problem}");
    }
    let errors = library.error_count();
    let warnings = library.problems().len() - errors;
    println!(
        "{} articles loaded from {} files: {errors} errors, {warnings} warnings",
        library.articles().len(),
        library.files_seen()
    );
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
