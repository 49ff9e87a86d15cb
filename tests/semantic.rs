//! Recommended steps and search with the real sentence encoder: the
//! flagship description, hostile input, results found by meaning on the search page
//! of a search that finds little, and a portal that starts without the
//! weights (words alone, said once, `helpportal_semantic_ready 0`) or with
//! them (vectors made in the background, then `1`).

mod common;

use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use common::process::{self, Portal, http_get};
use common::*;

fn encode(text: &str) -> String {
    serde_urlencoded::to_string([("problem", text)]).expect("encodes")
}

async fn api(problem: &str) -> serde_json::Value {
    let r = get_corpus_meaning(&format!("/api/v1/recommend?{}", encode(problem))).await;
    assert_eq!(r.status, StatusCode::OK);
    serde_json::from_str(&r.body).expect("JSON")
}

#[actix_web::test]
async fn the_flagship_description_finds_the_declined_card_article_confidently() {
    let answer =
        api("Mijn betaalkaart wordt steeds geweigerd als ik een Azure-abonnement wil nemen").await;
    assert_eq!(answer["confident"], true, "{answer}");
    assert_eq!(
        answer["matches"][0]["id"], "azure-billing/billing-troubleshoot-declined-card",
        "{answer}"
    );
}

#[actix_web::test]
async fn hostile_and_odd_descriptions_get_a_normal_answer() {
    let long = "Mijn printer doet het niet meer na de update van Windows. ".repeat(80);
    let cases = [
        long.as_str(),
        "🙂🔥 wachtwoord 🔑 vergeten 🙈",
        "пароль забыл Outlook 密码 wachtwoord",
        "kaart\u{1}\u{7}geweigerd\u{1b}[31m",
        "   ",
        "<script>alert(1)</script> betaling",
    ];
    for problem in cases {
        let answer = api(problem).await;
        assert!(answer["matches"].is_array(), "{problem:?}: {answer}");
        let page = get_corpus_meaning(&format!("/nl-nl/recommend?{}", encode(problem))).await;
        assert_eq!(page.status, StatusCode::OK, "{problem:?}");
        assert!(!page.body.contains("<script>alert(1)"), "escaped");
    }
    assert_eq!(api("").await["matches"].as_array().map(Vec::len), Some(0));
}

#[actix_web::test]
async fn a_search_that_finds_little_adds_close_articles_by_meaning() {
    // One article has these words; others are about a black screen too,
    // and join the results marked as found by meaning.
    let r = get_corpus_meaning("/nl-nl/search?q=mijn+scherm+blijft+zwart").await;
    assert_eq!(r.status, StatusCode::OK);
    let body = &r.body;
    let marked = body
        .find("gevonden op betekenis")
        .unwrap_or_else(|| panic!("no result by meaning in\n{body}"));
    let result = &body[body[..marked].rfind("<li").expect("in a result")..marked];
    assert!(result.contains("/nl-nl/articles/"), "links to an article");
    assert!(
        result.contains("scherm") || result.contains("zwart"),
        "{result}"
    );
    // Nothing close enough: nothing by meaning alone (a debit card at the
    // till is not what any article is about).
    let r = get_corpus_meaning("/nl-nl/search?q=pinpas+afrekenen").await;
    assert!(!r.body.contains("gevonden op betekenis"), "{}", r.body);
}

/// A portal on the default content with the weights in `model`.
fn portal(model: &std::path::Path) -> Portal {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("portal.toml");
    std::fs::write(
        &config,
        format!(
            "content = {:?}\nmodel = {:?}\nmodel_install = false\n",
            repo_path("content"),
            model
        ),
    )
    .expect("config");
    let (mut command, port) = process::command(&config, MEMORY_DB);
    command.arg("--model").arg(model).stderr(Stdio::piped());
    let portal = Portal::spawn(command, port);
    // The config file is read at start; the folder may go.
    drop(dir);
    portal
}

fn wait_for_metric(port: u16, line: &str) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if http_get(port, "/metrics").lines().any(|l| l == line) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn without_the_weights_the_portal_serves_with_words_and_says_so_once() {
    let empty = tempfile::tempdir().expect("tempdir");
    let mut server = portal(empty.path());
    let answer = http_get(
        server.port,
        "/api/v1/recommend?problem=mijn+creditcard+wordt+geweigerd",
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("declined-credit-card"), "{answer}");
    assert!(http_get(server.port, "/readyz").starts_with("HTTP/1.1 200"));
    assert!(wait_for_metric(server.port, "helpportal_semantic_ready 0"));
    let _ = server.child.kill();
    let _ = server.child.wait();
    let mut stderr = String::new();
    if let Some(mut err) = server.child.stderr.take() {
        err.read_to_string(&mut stderr).expect("stderr");
    }
    let said: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("word matching only"))
        .collect();
    assert_eq!(said.len(), 1, "{stderr}");
    assert!(said[0].contains("install-model"), "{stderr}");
}

#[test]
fn with_the_weights_vectors_are_made_in_the_background_and_reported() {
    let server = portal(&model_dir());
    // Serving does not wait for the encoder.
    assert!(http_get(server.port, "/readyz").starts_with("HTTP/1.1 200"));
    assert!(
        wait_for_metric(server.port, "helpportal_semantic_ready 1"),
        "{}",
        http_get(server.port, "/metrics")
    );
}
