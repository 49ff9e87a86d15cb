//! The quality gate of recommended steps over real data: the development
//! set of labelled descriptions against the shared corpus must meet the
//! thresholds of the product brief, and beat plain keyword matching. The
//! team's own set (`tests/fixtures/recommend-team.jsonl`, written from the
//! articles without looking at the matcher) guards against tuning to the
//! development set.

mod common;

use common::*;
use helpportal::eval::recommend::{evaluate, parse_cases};
use helpportal::recommend::Mode;

struct Scores {
    report: helpportal::eval::recommend::Report,
    baseline: helpportal::eval::recommend::Report,
    summary: String,
}

const DEV_SET: &str = "../shared/eval/recommend-dev.jsonl";
const TEAM_SET: &str = "tests/fixtures/recommend-team.jsonl";

fn scores(set: &str) -> Scores {
    let text = std::fs::read_to_string(repo_path(set)).expect("labelled set");
    let cases = parse_cases(&text).expect("valid lines");
    let report = evaluate(&CORPUS_MEANING, &cases, Mode::Blend, Some(&**SEMANTIC));
    let baseline = evaluate(&CORPUS_MEANING, &cases, Mode::Baseline, None);
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
    assert!(report.abstained >= 0.80, "{summary}");
    assert!(report.false_abstentions <= 0.10, "{summary}");
}

/// What words and meaning together reach today (BENCHMARKS.md): a floor
/// under the figures, so a change that loses them fails.
#[test]
fn dev_set_keeps_the_fused_figures() {
    let Scores {
        report, summary, ..
    } = scores(DEV_SET);
    assert!(report.top1 >= 0.68, "{summary}");
    assert!(report.top3 >= 0.80, "{summary}");
}

#[test]
fn team_set_keeps_the_fused_figures() {
    let Scores {
        report, summary, ..
    } = scores(TEAM_SET);
    assert!(report.top1 >= 0.38, "{summary}");
    assert!(report.top3 >= 0.54, "{summary}");
    assert!(report.abstained >= 0.80, "{summary}");
}

/// Meaning helps both sets: words and meaning fused beat words alone on
/// every ranking figure.
#[test]
fn meaning_improves_on_words_alone_on_both_sets() {
    for set in [DEV_SET, TEAM_SET] {
        let text = std::fs::read_to_string(repo_path(set)).expect("labelled set");
        let cases = parse_cases(&text).expect("valid lines");
        let fused = evaluate(&CORPUS_MEANING, &cases, Mode::Blend, Some(&**SEMANTIC));
        let words = evaluate(&CORPUS_MEANING, &cases, Mode::Blend, None);
        let summary = format!(
            "{set}: fused {:.3}/{:.3}/{:.3}, words {:.3}/{:.3}/{:.3}",
            fused.top1, fused.top3, fused.mrr, words.top1, words.top3, words.mrr
        );
        assert!(fused.top1 > words.top1, "{summary}");
        assert!(fused.top3 > words.top3, "{summary}");
        assert!(fused.mrr > words.mrr, "{summary}");
    }
}

/// The bars of the sentence-encoder issue (dev top-1 0.70 and top-3 0.85,
/// team 0.45 and 0.65). Not met with multilingual-e5-small (see
/// BENCHMARKS.md); run with `cargo test --test recommend_quality --
/// --ignored` while improving.
#[test]
#[ignore = "the issue's top-1/top-3 bars are not met yet (BENCHMARKS.md)"]
fn both_sets_meet_the_issue_bars() {
    let dev = scores(DEV_SET);
    let team = scores(TEAM_SET);
    assert!(dev.report.top1 >= 0.70, "{}", dev.summary);
    assert!(dev.report.top3 >= 0.85, "{}", dev.summary);
    assert!(team.report.top1 >= 0.45, "{}", team.summary);
    assert!(team.report.top3 >= 0.65, "{}", team.summary);
}

/// The paraphrase set's lines of one style as confirmed examples (their
/// first expected article) and the other two styles as the lines scored.
fn rotation(
    style: &str,
) -> (
    Vec<helpportal::insights::example_lines::ExampleLine>,
    Vec<helpportal::eval::recommend::Case>,
) {
    let text = std::fs::read_to_string(repo_path("tests/fixtures/recommend-paraphrases.jsonl"))
        .expect("paraphrase set");
    let mut confirmed = String::new();
    let mut unseen = String::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let value: serde_json::Value = serde_json::from_str(line).expect("json");
        if value["style"] == style {
            let first: Vec<&serde_json::Value> = value["expect"]
                .as_array()
                .expect("expect")
                .iter()
                .take(1)
                .collect();
            confirmed.push_str(&serde_json::json!({"q": value["q"], "expect": first}).to_string());
            confirmed.push('\n');
        } else {
            unseen.push_str(line);
            unseen.push('\n');
        }
    }
    let (examples, bad) = helpportal::insights::example_lines::parse(&confirmed);
    assert!(bad.is_empty(), "{bad:?}");
    (examples, parse_cases(&unseen).expect("valid lines"))
}

/// Taught examples: on unseen phrasings of confirmed problems they raise
/// top-1 in every rotation and never lower top-3; with all paraphrase
/// examples loaded the dev and team sets keep their figures. (The issue's
/// targets, +0.20 top-1 and top-3 ≥ 0.90, are not met yet: BENCHMARKS.md.)
#[test]
fn taught_examples_help_unseen_phrasings_and_never_hurt_the_other_sets() {
    use helpportal::eval::examples;
    let mut all = Vec::new();
    let (mut before, mut after) = (0.0, 0.0);
    for style in ["phone", "manager", "agent"] {
        let (confirmed, cases) = rotation(style);
        let without = evaluate(&CORPUS_MEANING, &cases, Mode::Blend, Some(&**SEMANTIC));
        let loaded = examples::load(&confirmed, Some(&**SEMANTIC));
        let (with, _) = examples::evaluate(&CORPUS_MEANING, &cases, Some(&**SEMANTIC), &loaded);
        assert!(
            with.top1 >= without.top1,
            "{style}: top-1 {} < {}",
            with.top1,
            without.top1
        );
        assert!(
            with.top3 >= without.top3,
            "{style}: top-3 {} < {}",
            with.top3,
            without.top3
        );
        before += without.top1;
        after += with.top1;
        all.extend(confirmed);
    }
    assert!(
        after > before,
        "the examples raise the mean top-1 ({after} vs {before}, summed)"
    );
    let loaded = examples::load(&all, Some(&**SEMANTIC));
    for set in [DEV_SET, TEAM_SET] {
        let text = std::fs::read_to_string(repo_path(set)).expect("labelled set");
        let cases = parse_cases(&text).expect("valid lines");
        let without = evaluate(&CORPUS_MEANING, &cases, Mode::Blend, Some(&**SEMANTIC));
        let (with, _) = examples::evaluate(&CORPUS_MEANING, &cases, Some(&**SEMANTIC), &loaded);
        assert!(
            with.top1 >= without.top1,
            "{set}: top-1 {} < {}",
            with.top1,
            without.top1
        );
        assert!(
            with.top3 >= without.top3,
            "{set}: top-3 {} < {}",
            with.top3,
            without.top3
        );
    }
}
