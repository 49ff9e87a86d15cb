//! `helpportal eval-search FILE.jsonl`: scores search on known-item queries
//! and prints every miss and the figures. By default the portal's search as
//! served (words fused with meaning when the encoder's weights are there);
//! `--no-semantic`, `--semantic-only` and `--baseline` score one part.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use helpportal::config::Config;
use helpportal::eval::search::{self, Outcome, Ranking};
use helpportal::semantic::{Semantic, model};

pub fn run(config: &Config, file: &Path, ranking: Ranking, verbose: bool) -> ExitCode {
    let cases = match super::read_cases(file) {
        Ok(cases) => cases,
        Err(code) => return code,
    };
    let library = match super::load_library(config) {
        Ok(library) => library,
        Err(err) => {
            eprintln!("helpportal: {err}");
            return ExitCode::from(2);
        }
    };
    let semantic = match ranking {
        Ranking::Portal | Ranking::Meaning => match Semantic::load(config) {
            Ok(semantic) => match semantic.attach(&library) {
                Ok(()) => Some(semantic),
                Err(err) => {
                    eprintln!("helpportal: {err}");
                    return ExitCode::from(2);
                }
            },
            Err(err) if ranking == Ranking::Portal => {
                eprintln!("helpportal: {err}; scoring words alone");
                None
            }
            Err(err) => {
                eprintln!(
                    "helpportal: {err}; install the weights with `{}`",
                    model::install_command(&config.model)
                );
                return ExitCode::from(2);
            }
        },
        Ranking::Words | Ranking::Baseline => None,
    };
    let started = Instant::now();
    let report = search::evaluate(&library, semantic.as_deref(), &cases, ranking);
    let per_query = started.elapsed() / u32::try_from(cases.len().max(1)).unwrap_or(u32::MAX);
    for outcome in &report.outcomes {
        if verbose || outcome.rank != Some(1) {
            print_outcome(outcome);
        }
    }
    println!(
        "ranking: {}",
        match (ranking, &semantic) {
            (Ranking::Portal, Some(_)) => "the portal's search (words fused with meaning)",
            (Ranking::Portal, None) | (Ranking::Words, _) => "the portal's search, words only",
            (Ranking::Meaning, _) => "meaning only (nearest by the sentence encoder)",
            (Ranking::Baseline, _) => "baseline (plain BM25 over title and body)",
        }
    );
    let (median, p99) = report.latency();
    println!(
        "queries: {}; {} articles; {per_query:.2?} per query (uncached; median {median:.2?}, p99 {p99:.2?})",
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
