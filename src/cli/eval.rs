//! `helpportal eval FILE.jsonl`: scores recommended steps on labelled
//! descriptions and prints the figures and every miss.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use helpportal::config::Config;
use helpportal::recommend::Mode;
use helpportal::recommend::eval::{self, Report};

pub fn run(config: &Config, file: &Path, baseline: bool, verbose: bool) -> ExitCode {
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
    let mode = if baseline {
        Mode::Baseline
    } else {
        Mode::Blend
    };
    let started = Instant::now();
    let report = eval::evaluate(&library, &cases, mode);
    let per_line = started.elapsed() / u32::try_from(cases.len().max(1)).unwrap_or(u32::MAX);
    print_lines(&report, verbose);
    println!(
        "mode: {}",
        if baseline {
            "baseline (plain BM25)"
        } else {
            "blend"
        }
    );
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
