//! `helpportal eval FILE.jsonl`: scores recommended steps on labelled
//! descriptions and prints the figures and every miss.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use helpportal::config::Config;
use helpportal::eval::recommend::{self as eval, Report};
use helpportal::recommend::Mode;
use helpportal::semantic::recipe::Recipe;
use helpportal::semantic::{Semantic, model};

/// What `eval` scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scored {
    /// Words fused with meaning (the portal's matcher).
    Fused,
    /// Words alone (`--no-semantic`).
    Words,
    /// Meaning alone (`--semantic-only`).
    Meaning,
    /// Plain BM25 (`--baseline`).
    Baseline,
}

impl Scored {
    fn label(self) -> &'static str {
        match self {
            Scored::Fused => "blend (words and meaning)",
            Scored::Words => "words only (--no-semantic)",
            Scored::Meaning => "meaning only (--semantic-only)",
            Scored::Baseline => "baseline (plain BM25)",
        }
    }
}

pub fn run(
    config: &Config,
    file: &Path,
    scored: Scored,
    recipe: Option<&str>,
    verbose: bool,
) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("helpportal: {}: {err}", file.display());
            return ExitCode::from(2);
        }
    };
    let cases = match eval::parse_cases(&text) {
        Ok(cases) => cases,
        Err(err) => {
            eprintln!("helpportal: {}: {err}", file.display());
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let library = match super::load_library(config) {
        Ok(library) => library,
        Err(err) => {
            eprintln!("helpportal: {err}");
            return ExitCode::from(2);
        }
    };
    let loaded = started.elapsed();
    let recipe = match recipe.map(|name| (name, Recipe::from_name(name))) {
        None => Recipe::default(),
        Some((_, Some(recipe))) => recipe,
        Some((name, None)) => {
            eprintln!("helpportal: unknown recipe {name}");
            return ExitCode::from(2);
        }
    };
    let semantic = match scored {
        Scored::Fused | Scored::Meaning => match Semantic::load_with(config, recipe) {
            Ok(semantic) => {
                if let Err(err) = semantic.attach(&library) {
                    eprintln!("helpportal: {err}");
                    return ExitCode::from(2);
                }
                println!("recipe: {}", semantic.recipe().name());
                Some(semantic)
            }
            Err(err) => {
                eprintln!(
                    "helpportal: {err}; install the weights with `{}` or score words alone with --no-semantic",
                    model::install_command(&config.model)
                );
                return ExitCode::from(2);
            }
        },
        Scored::Words | Scored::Baseline => None,
    };
    let mode = match scored {
        Scored::Baseline => Mode::Baseline,
        Scored::Meaning => Mode::Meaning,
        Scored::Fused | Scored::Words => Mode::Blend,
    };
    let started = Instant::now();
    let report = eval::evaluate(&library, &cases, mode, semantic.as_deref());
    let per_line = started.elapsed() / u32::try_from(cases.len().max(1)).unwrap_or(u32::MAX);
    print_lines(&report, verbose);
    println!("mode: {}", scored.label());
    println!(
        "lines: {} ({} answerable, {} unanswerable); {} articles loaded in {:.2?}, {:.2?} per line",
        report.outcomes.len(),
        report.answerable,
        report.unanswerable,
        library.articles().len(),
        loaded,
        per_line
    );
    println!("top-1 accuracy:     {:.3}", report.top1);
    println!("top-3 recall:       {:.3}", report.top3);
    println!("MRR:                {:.3}", report.mrr);
    println!("abstained (unansw): {:.3}", report.abstained);
    println!("false abstentions:  {:.3}", report.false_abstentions);
    ExitCode::SUCCESS
}

/// Every miss, or with `verbose` every line.
fn print_lines(report: &Report, verbose: bool) {
    for o in report.outcomes.iter().filter(|o| verbose || !o.correct()) {
        let rank = o.rank.map_or("-".to_owned(), |r| r.to_string());
        println!(
            "{} confident={} ({:.2}) rank={rank} q={:?}\n     expect={:?}\n     got={:?}",
            if o.correct() { "OK  " } else { "MISS" },
            o.confident,
            o.confidence,
            o.case.q,
            o.case.expect,
            o.ids.iter().take(3).collect::<Vec<_>>()
        );
    }
}
