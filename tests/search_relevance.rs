//! Search relevance on the shared corpus: the staff known-item set
//! (`tests/fixtures/search-staff.jsonl`) against the plain BM25 baseline,
//! the four examples of the relevance issue, the note naming relaxed
//! words and near-copies folded into one result (page and API), and
//! related articles in the same order from two builds of the index.

mod common;

use actix_web::http::StatusCode;
use common::{CORPUS, CORPUS_MEANING, SEMANTIC, get_corpus, repo_path};
use helpportal::eval::recommend::parse_cases;
use helpportal::eval::search::{Ranking, evaluate, first_page};
use helpportal::library::Library;

fn staff_cases() -> Vec<helpportal::eval::recommend::Case> {
    let text =
        std::fs::read_to_string(repo_path("tests/fixtures/search-staff.jsonl")).expect("staff set");
    parse_cases(&text).expect("valid lines")
}

#[test]
fn words_alone_beat_plain_bm25_on_the_staff_set() {
    let cases = staff_cases();
    assert!(cases.len() >= 120);
    let words = evaluate(&CORPUS, None, &cases, Ranking::Words);
    let baseline = evaluate(&CORPUS, None, &cases, Ranking::Baseline);
    assert!(
        words.hit1 > baseline.hit1,
        "{} vs {}",
        words.hit1,
        baseline.hit1
    );
    assert!(
        words.hit5 > baseline.hit5,
        "{} vs {}",
        words.hit5,
        baseline.hit5
    );
    assert!(words.mrr10 > baseline.mrr10);
}

#[test]
fn words_fused_with_meaning_beat_each_alone() {
    let cases = staff_cases();
    let semantic = Some(&**SEMANTIC);
    let fused = evaluate(&CORPUS_MEANING, semantic, &cases, Ranking::Portal);
    let words = evaluate(&CORPUS_MEANING, None, &cases, Ranking::Words);
    let meaning = evaluate(&CORPUS_MEANING, semantic, &cases, Ranking::Meaning);
    let baseline = evaluate(&CORPUS_MEANING, None, &cases, Ranking::Baseline);
    // The targets are hit@1 >= 0.85 and hit@5 >= 0.95; both are
    // reached, and both are held one query below the figures reached
    // (BENCHMARKS.md: 0.860 and 0.966 with freshly made vectors, 153 and
    // 172 of 178), which keeps them above the bars.
    assert!(fused.hit5 >= 0.96, "hit@5 {}", fused.hit5);
    assert!(fused.hit1 >= 0.853, "hit@1 {}", fused.hit1);
    assert!(fused.mrr10 > words.mrr10 && fused.mrr10 > meaning.mrr10);
    assert!(fused.hit1 > baseline.hit1 && fused.hit5 > baseline.hit5);
}

#[test]
fn fused_search_beats_plain_bm25_on_the_held_out_set() {
    let text = std::fs::read_to_string(repo_path("tests/fixtures/search-staff-holdout.jsonl"))
        .expect("held-out set");
    let cases = parse_cases(&text).expect("valid lines");
    assert!(cases.len() >= 40);
    let semantic = Some(&**SEMANTIC);
    let fused = evaluate(&CORPUS_MEANING, semantic, &cases, Ranking::Portal);
    let baseline = evaluate(&CORPUS_MEANING, None, &cases, Ranking::Baseline);
    // BENCHMARKS.md: fused 0.710 / 0.952, plain BM25 0.452 / 0.806.
    assert!(
        fused.hit1 > baseline.hit1 && fused.hit5 >= 0.95,
        "{} {}",
        fused.hit1,
        fused.hit5
    );
}

fn first(library: &Library, q: &str) -> Vec<String> {
    first_page(library, None, q, Ranking::Words)
}

#[test]
fn a_title_holding_every_word_comes_first() {
    let ids = first(&CORPUS, "gebruikersaccount verwijderen windows 10");
    let domain = ids
        .iter()
        .position(|i| i.ends_with("the-domain-is-already-in-use"));
    let wanted = ids
        .iter()
        .position(|i| i.contains("delete-a-user-account") || i.contains("remove-user-account"));
    let title_first = CORPUS
        .get(&ids[0])
        .map(|a| a.title.to_lowercase())
        .unwrap_or_default();
    assert!(
        title_first.contains("gebruikersaccount") && title_first.contains("windows 10"),
        "{ids:?}"
    );
    assert!(
        domain.is_none_or(|d| wanted.is_none_or(|w| w < d)),
        "{ids:?}"
    );
}

#[test]
fn singular_meets_plural_and_looser_matches_fill_the_page() {
    let found = CORPUS.search().search_uncached(
        CORPUS.articles(),
        &helpportal::search::SearchRequest::new("yammer licentie probleem"),
    );
    let titles: Vec<String> = found
        .hits
        .iter()
        .filter_map(|h| CORPUS.at(h.article))
        .map(|a| a.title.to_lowercase())
        .collect();
    assert!(
        titles[..3.min(titles.len())]
            .iter()
            .any(|t| t.contains("problemen met yammer-licenties")),
        "{titles:?}"
    );
    assert!(
        found.hits.len() >= 5,
        "more than a near-empty page: {titles:?}"
    );
}

#[test]
fn an_everyday_phrase_finds_the_formal_word() {
    let ids = first(&CORPUS, "gedeeld postvak groter maken");
    assert!(
        ids.iter()
            .take(3)
            .any(|i| i == "alchemy-insights/increase-shared-mailbox-size"),
        "{ids:?}"
    );
}

#[actix_web::test]
async fn the_page_and_the_api_say_which_words_were_relaxed_and_show_copies() {
    let r = get_corpus("/nl-nl/search?q=yammer+licentie+probleem").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("class=\"relaxed-note\""), "{}", r.body);
    let r = get_corpus("/api/v1/search?q=yammer+licentie+probleem").await;
    let json: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    let words = json["relaxed_words"].as_array().expect("relaxed_words");
    assert!(!words.is_empty(), "{json}");
    assert!(json["results"][0]["relaxed"].is_boolean());
    let results = json["results"].as_array().expect("results");
    assert!(results.iter().all(|r| r["also"].is_array()));
    // A strict query with plenty of matches has no note.
    let r = get_corpus("/nl-nl/search?q=wachtwoord").await;
    assert!(!r.body.contains("class=\"relaxed-note\""));
}

/// The four versions of one answer in the relevance issue: a copy under
/// a collection prefix, a shorter title and a French translation.
const PASSWORD_COPIES: [&str; 4] = [
    "alchemy-insights/outlook-com-change-your-password",
    "alchemy-insights/alchemychange-your-password-in-outlook-com",
    "alchemy-insights/outlook-com-change-password-french",
    "alchemy-insights/Change-your-password-in-Outlook.com",
];

/// The ids in one API result: its own and its "ook in" copies.
fn ids_of(result: &serde_json::Value) -> Vec<String> {
    let mut ids = vec![result["id"].as_str().unwrap_or_default().to_owned()];
    ids.extend(
        result["also"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["id"].as_str().map(str::to_owned)),
    );
    ids
}

async fn password_results() -> Vec<Vec<String>> {
    let r = get_corpus("/api/v1/search?q=wachtwoord+wijzigen+outlook.com").await;
    assert_eq!(r.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    json["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(ids_of)
        .collect()
}

#[actix_web::test]
async fn near_copies_fold_into_one_result_on_page_and_api() {
    let results = password_results().await;
    let first = &results[0];
    assert!(PASSWORD_COPIES.contains(&first[0].as_str()), "{results:?}");
    let folded = first
        .iter()
        .filter(|i| PASSWORD_COPIES.contains(&i.as_str()));
    // The copy under the collection prefix, the shorter title and the
    // original: one result (the French translation is still apart).
    assert!(folded.count() >= 3, "{results:?}");
    // No id is shown twice, as a result or as a copy.
    let all: Vec<&String> = results.iter().flatten().collect();
    let distinct: std::collections::HashSet<&&String> = all.iter().collect();
    assert_eq!(all.len(), distinct.len(), "{results:?}");
    let r = get_corpus("/nl-nl/search?q=wachtwoord+wijzigen+outlook.com").await;
    let also = r.body.split("class=\"also-in\"").nth(1).expect("ook in");
    let also = &also[..also.find("</p>").expect("end of ook in")];
    assert!(also.contains("<a href=\"/nl-nl/articles/"), "{also}");
}

#[actix_web::test]
#[ignore = "open: the French translation shares under a tenth of its words with the others; a lower floor for translations groups wrong articles (staff sets lose hit@5)"]
async fn all_four_versions_of_one_answer_fold_into_one_result() {
    let results = password_results().await;
    let heads = results
        .iter()
        .filter(|ids| PASSWORD_COPIES.contains(&ids[0].as_str()))
        .count();
    assert_eq!(heads, 1, "{results:?}");
    for id in PASSWORD_COPIES {
        assert!(results[0].iter().any(|i| i == id), "{id}: {results:?}");
    }
}

#[test]
fn related_articles_are_the_same_from_two_builds() {
    let again = common::load(&common::corpus_config());
    for id in [
        "azure-billing/billing-troubleshoot-declined-card",
        "alchemy-insights/restore-deleted-mailbox",
    ] {
        let ord = CORPUS.index_of(id).expect("article");
        let one = CORPUS.search().related(CORPUS.articles(), ord, 5);
        let two = again.search().related(again.articles(), ord, 5);
        assert_eq!(one, two, "{id}");
        assert!(!one.is_empty() && !one.contains(&ord));
    }
}
