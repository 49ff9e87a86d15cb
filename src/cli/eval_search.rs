//! `helpportal eval-search FILE.jsonl`: scores search on known-item queries
//! and prints every miss and the figures.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use helpportal::config::Config;
use helpportal::eval::recommend::parse_cases;
use helpportal::eval::search::{self, Outcome, Ranking};

pub fn run(config: &Config, file: &Path, baseline: bool, verbose: bool) -> ExitCode {
    let cases = match std::fs::read_to_string(file)
        .map_err(|e| e.to_string())
        .and_then(|text| parse_cases(&text).map_err(|e| e.to_string()))
    {
        Ok(cases) => cases,
        Err(err) => {
            eprintln!("helpportal: {}: {err}", file.display());
            return ExitCode::from(2);
        }
    };
    let library = match super::load_library(config) {
        Ok(library) => library,
        Err(err) => {
            eprintln!("helpportal: {err}");
            return ExitCode::from(2);
        }
    };
    let ranking = if baseline {
        Ranking::Baseline
    } else {
        Ranking::Portal
    };
    let started = Instant::now();
    let report = search::evaluate(&library, &cases, ranking);
    let per_query = started.elapsed() / u32::try_from(cases.len().max(1)).unwrap_or(u32::MAX);
    for outcome in &report.outcomes {
        if verbose || outcome.rank != Some(1) {
            print_outcome(outcome);
        }
    }
    println!(
        "ranking: {}",
        match ranking {
            Ranking::Portal => "the portal's search",
            Ranking::Baseline => "baseline (plain BM25 over title and body)",
        }
    );
    println!(
        "queries: {}; {} articles; {per_query:.2?} per query (uncached)",
        report.outcomes.len(),
        library.articles().len()
    );
    println!("hit@1:   {:.3}", report.hit1);
    println!("hit@5:   {:.3}", report.hit5);
    println!("MRR@10:  {:.3}", report.mrr10);
    ExitCode::SUCCESS
}

fn print_outcome(o: &Outcome) {
    let rank = o.rank.map_or("-".to_owned(), |r| r.to_string());
    let label = match o.rank {
        Some(1) => "OK  ",
        Some(_) => "LOW ",
        None => "MISS",
    };
    println!(
        "{label} rank={rank} q={:?}\n     expect={:?}\n     got={:?}",
        o.case.q,
        o.case.expect,
        o.ids.iter().take(3).collect::<Vec<_>>()
    );
}
