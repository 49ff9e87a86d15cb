//! The quality gate of recommended steps over real data: the development
//! set of labelled descriptions against the shared corpus must meet the
//! thresholds of the product brief, and beat plain keyword matching. The
//! team's own set (`tests/fixtures/recommend-team.jsonl`, written from the
//! articles without looking at the matcher) guards against tuning to the
//! development set.

mod common;

use common::*;
use helpportal::recommend::Mode;
use helpportal::recommend::eval::{evaluate, parse_cases};

struct Scores {
    report: helpportal::recommend::eval::Report,
    baseline: helpportal::recommend::eval::Report,
    summary: String,
}

const DEV_SET: &str = "../shared/eval/recommend-dev.jsonl";
const TEAM_SET: &str = "tests/fixtures/recommend-team.jsonl";

fn scores(set: &str) -> Scores {
    let text = std::fs::read_to_string(repo_path(set)).expect("labelled set");
    let cases = parse_cases(&text).expect("valid lines");
    let report = evaluate(&CORPUS, &cases, Mode::Blend);
    let baseline = evaluate(&CORPUS, &cases, Mode::Baseline);
    let summary = format!(
        "top1 {:.3} top3 {:.3} mrr {:.3} abstained {:.3} false abstentions {:.3} (baseline top1 {:.3} top3 {:.3} mrr {:.3})",
        report.top1,
        report.top3,
        report.mrr,
        report.abstained,
        report.false_abstentions,
        baseline.top1,
        baseline.top3,
        baseline.mrr
    );
    Scores {
        report,
        baseline,
        summary,
    }
}

fn assert_beats_baseline(set: &str) {
    let Scores {
        report,
        baseline,
        summary,
    } = scores(set);
    assert!(report.top1 > baseline.top1, "{summary}");
    assert!(report.top3 > baseline.top3, "{summary}");
    assert!(report.mrr > baseline.mrr, "{summary}");
}

#[test]
fn matcher_beats_plain_keyword_matching() {
    assert_beats_baseline(DEV_SET);
}

#[test]
fn matcher_beats_plain_keyword_matching_on_the_team_set() {
    assert_beats_baseline(TEAM_SET);
}

/// Unanswerable descriptions get an honest "no confident match", while
/// answerable ones are rarely left without a solution.
#[test]
fn dev_set_abstains_where_no_article_answers() {
    let Scores {
        report, summary, ..
    } = scores(DEV_SET);
    assert!(report.abstained >= 0.60, "{summary}");
    assert!(report.false_abstentions <= 0.10, "{summary}");
}

/// The product's top-1 bar: the first match is confident and right for at
/// least 60% of the answerable development lines.
#[test]
fn dev_set_meets_the_top1_bar() {
    let Scores {
        report, summary, ..
    } = scores(DEV_SET);
    assert!(report.top1 >= 0.60, "{summary}");
}

/// The product's top-3 bar. Not met yet (see BENCHMARKS.md and the issue);
/// run with `cargo test --test recommend_quality -- --ignored` while
/// improving.
#[test]
#[ignore = "top-3 bar of the recommended-steps issue not met yet"]
fn dev_set_meets_the_top3_bar() {
    let Scores {
        report, summary, ..
    } = scores(DEV_SET);
    assert!(report.top3 >= 0.80, "{summary}");
}
