//! `helpportal eval FILE.jsonl`: scores recommended steps on labelled
//! descriptions and prints the figures and every miss.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use helpportal::config::Config;
use helpportal::eval::examples;
use helpportal::eval::recommend::{self as eval, Report};
use helpportal::insights::example_lines::{self, ExampleLine};
use helpportal::library::Library;
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

/// The options of `eval` besides the file and what is scored.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub recipe: Option<String>,
    /// Taught examples to load (`--examples`).
    pub examples: Option<std::path::PathBuf>,
    /// Where to write every line's candidates with their signals
    /// (`--dump-candidates`).
    pub dump_candidates: Option<std::path::PathBuf>,
    pub verbose: bool,
}

pub fn run(config: &Config, file: &Path, scored: Scored, options: &Options) -> ExitCode {
    let (recipe, verbose) = (options.recipe.as_deref(), options.verbose);
    let taught = match options.examples.as_deref().map(read_examples).transpose() {
        Ok(taught) => taught,
        Err(code) => return code,
    };
    let cases = match super::read_cases(file) {
        Ok(cases) => cases,
        Err(code) => return code,
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
    let report = match score(&library, &cases, mode, semantic.as_deref(), taught, verbose) {
        Some(report) => report,
        None => return ExitCode::from(2),
    };
    let per_line = started.elapsed() / u32::try_from(cases.len().max(1)).unwrap_or(u32::MAX);
    let dumped = options.dump_candidates.as_deref();
    if let Err(code) = dump(&library, &cases, semantic.as_deref(), mode, dumped) {
        return code;
    }
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

/// The figures of `cases`, with the taught examples of `taught` loaded
/// when given (the full matcher only: `None` otherwise).
fn score(
    library: &Library,
    cases: &[eval::Case],
    mode: Mode,
    semantic: Option<&Semantic>,
    taught: Option<Vec<ExampleLine>>,
    verbose: bool,
) -> Option<Report> {
    let Some(lines) = taught else {
        return Some(eval::evaluate(library, cases, mode, semantic));
    };
    if mode != Mode::Blend {
        eprintln!(
            "helpportal: --examples scores the full matcher (not with --baseline or --semantic-only)"
        );
        return None;
    }
    let examples = examples::load(&lines, semantic);
    println!("examples: {} loaded", examples.len());
    let (report, scored) = examples::evaluate(library, cases, semantic, &examples);
    if verbose {
        print_closest(&scored);
        for terms in examples.terms() {
            println!("EXAMPLE_TERMS {}", serde_json::json!(terms));
        }
        for line in examples::features(library, cases, semantic, &examples, &lines) {
            println!("FEATURES {line}");
        }
    }
    Some(report)
}

/// Writes every line's candidates with their signals to `path`, when
/// given (the full matcher only).
fn dump(
    library: &Library,
    cases: &[eval::Case],
    semantic: Option<&Semantic>,
    mode: Mode,
    path: Option<&Path>,
) -> Result<(), ExitCode> {
    let Some(path) = path else { return Ok(()) };
    if mode != Mode::Blend {
        eprintln!(
            "helpportal: --dump-candidates dumps the full matcher (not with --baseline or --semantic-only)"
        );
        return Err(ExitCode::from(2));
    }
    let lines: Vec<String> = eval::candidate_lines(library, cases, semantic)
        .iter()
        .map(ToString::to_string)
        .collect();
    std::fs::write(path, lines.join("\n") + "\n").map_err(|err| {
        eprintln!("helpportal: {}: {err}", path.display());
        ExitCode::from(2)
    })
}

/// The lines of an examples file; every bad line is reported.
fn read_examples(file: &Path) -> Result<Vec<ExampleLine>, ExitCode> {
    let text = std::fs::read_to_string(file).map_err(|err| {
        eprintln!("helpportal: {}: {err}", file.display());
        ExitCode::from(2)
    })?;
    let (good, bad) = example_lines::parse(&text);
    for err in &bad {
        eprintln!("{}:{}: {}", file.display(), err.line, err.reason);
    }
    if bad.is_empty() {
        Ok(good)
    } else {
        Err(ExitCode::from(2))
    }
}

/// Per line, how close the nearest example is and whether its article is
/// one expected (for measuring the examples' thresholds).
fn print_closest(scored: &[examples::Scored<'_>]) {
    for s in scored {
        let Some(near) = &s.closest else { continue };
        let right = match near.article {
            Some(id) => s
                .outcome
                .case
                .expect
                .iter()
                .any(|e| e.eq_ignore_ascii_case(id)),
            None => s.outcome.case.expect.is_empty(),
        };
        println!(
            "EXAMPLE cosine={:.3} overlap={:.3} strong={} right={right}",
            near.strength.cosine,
            near.strength.overlap,
            near.strength.is_strong()
        );
    }
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
