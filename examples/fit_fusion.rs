//! Fits the fusion weights of recommended steps on the development and
//! team sets together (the 25 best settings by top-1 + top-3 + MRR summed
//! over both sets), or with `--ablate` measures each word rule with the
//! encoder on (every rule switched off in turn):
//!
//! ```sh
//! cargo run --release --example fit_fusion -- [--recipe NAME] [--ablate]
//! ```
//!
//! Reads `helpportal.corpus.toml`, `../shared/eval/recommend-dev.jsonl` and
//! `tests/fixtures/recommend-team.jsonl`; the weights it prints go into
//! `src/recommend/fusion.rs` by hand, and the table into BENCHMARKS.md.

use std::path::Path;

use helpportal::config::Config;
use helpportal::eval::recommend::{Case, Report, evaluate_with, parse_cases, query_vectors};
use helpportal::library::Library;
use helpportal::recommend::Mode;
use helpportal::recommend::{Fusion, Recommender, Rules};
use helpportal::semantic::Semantic;
use helpportal::semantic::recipe::Recipe;

fn cases(path: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_cases(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn line(name: &str, r: &Report) -> String {
    format!(
        "{name}: top1 {:.3} top3 {:.3} mrr {:.3} abst {:.3} false {:.3}",
        r.top1, r.top3, r.mrr, r.abstained, r.false_abstentions
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let recipe = args
        .iter()
        .position(|a| a == "--recipe")
        .and_then(|i| args.get(i + 1))
        .and_then(|r| Recipe::from_name(r))
        .unwrap_or_default();
    let config = Config::load(Some(Path::new("helpportal.corpus.toml"))).expect("config");
    let library = Library::load(&config).expect("corpus");
    let semantic = Semantic::load_with(&config, recipe).expect("model");
    semantic.attach(&library).expect("vectors");
    let sets = [
        ("dev", cases("../shared/eval/recommend-dev.jsonl")),
        ("team", cases("tests/fixtures/recommend-team.jsonl")),
    ];
    let queries: Vec<_> = sets
        .iter()
        .map(|(_, c)| query_vectors(c, Some(&semantic)))
        .collect();
    let none: Vec<_> = sets.iter().map(|(_, c)| vec![None; c.len()]).collect();
    let default = Fusion::default();
    println!("recipe {}", recipe.name());
    for (i, (name, c)) in sets.iter().enumerate() {
        let words = evaluate_with(
            &library,
            library.recommender(),
            c,
            Mode::Blend,
            &none[i],
            &default,
        );
        let meaning = evaluate_with(
            &library,
            library.recommender(),
            c,
            Mode::Meaning,
            &queries[i],
            &default,
        );
        let fused = evaluate_with(
            &library,
            library.recommender(),
            c,
            Mode::Blend,
            &queries[i],
            &default,
        );
        println!("{}", line(&format!("{name} words  "), &words));
        println!("{}", line(&format!("{name} meaning"), &meaning));
        println!("{}", line(&format!("{name} fused  "), &fused));
    }
    if args.iter().any(|a| a == "--ablate") {
        let search = library.search();
        let mut variants = vec![("all rules", Rules::ALL)];
        variants.extend(Rules::ALL.each_off());
        for (name, rules) in variants {
            let recommender =
                Recommender::build_with(library.articles(), search.synonyms().clone(), rules)
                    .with_spelling(search.spelling());
            let mut cells = Vec::new();
            for (i, (_, c)) in sets.iter().enumerate() {
                for q in [&queries[i], &none[i]] {
                    let r = evaluate_with(&library, &recommender, c, Mode::Blend, q, &default);
                    cells.push(format!(
                        "{:.3} / {:.3} / {:.3} / {:.2} / {:.2}",
                        r.top1, r.top3, r.mrr, r.abstained, r.false_abstentions
                    ));
                }
            }
            println!("| {name} off | {} |", cells.join(" | "));
        }
        return;
    }
    let mut rows = Vec::new();
    for (meaning, title) in [(0.5, 0.5), (1.0, 0.5), (1.0, 0.25), (1.0, 0.0), (2.0, 1.0)] {
        for spread in [0.05, 0.08] {
            for sure_with_words in [0.0, 0.78, 0.80, 0.82, 0.84] {
                for sure in [0.86, 0.88, 0.90, 1.1] {
                    let fusion = Fusion {
                        meaning,
                        title,
                        spread,
                        sure_with_words,
                        sure,
                        ..default
                    };
                    let reports: Vec<Report> = sets
                        .iter()
                        .enumerate()
                        .map(|(i, (_, c))| {
                            evaluate_with(
                                &library,
                                library.recommender(),
                                c,
                                Mode::Blend,
                                &queries[i],
                                &fusion,
                            )
                        })
                        .collect();
                    let score: f64 = reports.iter().map(|r| r.top1 + r.top3 + r.mrr).sum();
                    rows.push((score, fusion, reports));
                }
            }
        }
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (score, f, reports) in rows.iter().take(usize::MAX) {
        println!(
            "{score:.3} meaning {} title {} spread {} sure_with_words {} sure {}\n   {}\n   {}",
            f.meaning,
            f.title,
            f.spread,
            f.sure_with_words,
            f.sure,
            line("dev ", &reports[0]),
            line("team", &reports[1])
        );
    }
}
