//! `helpportal check`: every problem as `file:line: reason`, every title
//! shown without its source number, featured articles that cannot be
//! listed, taught examples whose article is not loaded, a summary, and a
//! non-zero exit when an article had to be skipped.

use std::process::ExitCode;

use helpportal::config::Config;
use helpportal::library::Library;

/// How long `check` waits for the database to read the taught examples.
const EXAMPLES_LIMIT: std::time::Duration = std::time::Duration::from_secs(5);

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
    let mut cleaned = 0;
    for article in library.cleaned_titles() {
        cleaned += 1;
        println!(
            "{}: title shown as {:?} (written {:?})",
            article.source, article.title, article.source_title
        );
    }
    for line in featured_problems(config, &library) {
        println!("{line}");
    }
    match super::examples::orphan_lines(config, &library, EXAMPLES_LIMIT) {
        Some(lines) => lines.iter().for_each(|line| println!("{line}")),
        None => println!("examples: the database is not reachable; taught examples not checked"),
    }
    let errors = library.error_count();
    let warnings = library.problems().len() - errors;
    println!(
        "{} articles loaded from {} files: {errors} errors, {warnings} warnings, {cleaned} titles cleaned",
        library.articles().len(),
        library.files_seen()
    );
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `[home] featured` ids that are not loaded, or that `ROBOTS: NOINDEX`
/// keeps off the lists.
fn featured_problems(config: &Config, library: &Library) -> Vec<String> {
    config
        .home
        .featured
        .iter()
        .filter_map(|id| match library.get(id.trim()) {
            None => Some(format!("[home] featured: not a loaded article: {id}")),
            Some(a) if a.meta.noindex() => Some(format!(
                "[home] featured: ROBOTS: NOINDEX keeps it off the lists: {id}"
            )),
            Some(_) => None,
        })
        .collect()
}
