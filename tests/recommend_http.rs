//! HTTP-level tests of recommended steps: the page (confident or not), the
//! JSON API, and empty, huge or hostile descriptions.

mod common;

use actix_web::http::StatusCode;
use common::*;

fn encode(text: &str) -> String {
    serde_urlencoded::to_string([("problem", text)]).expect("a form-encodable description")
}

async fn api(problem: &str) -> serde_json::Value {
    let r = get_corpus_meaning(&format!("/api/v1/recommend?{}", encode(problem))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").starts_with("application/json"));
    serde_json::from_str(&r.body).expect("JSON")
}

#[actix_web::test]
async fn confident_match_shows_the_solution_inline_and_alternatives() {
    let problem = "mijn creditcard wordt geweigerd als ik me aanmeld voor Azure";
    let r = get_corpus_meaning(&format!("/nl-nl/recommend?{}", encode(problem))).await;
    assert_eq!(r.status, StatusCode::OK);
    let b = &r.body;
    assert!(
        b.contains("Op basis van uw probleembeschrijving hebben we een oplossing voor u gevonden")
    );
    assert!(
        b.contains(&format!(">{problem}</textarea>")),
        "the description stays"
    );
    let answer = api(problem).await;
    assert_eq!(answer["confident"], true);
    let first = answer["matches"][0]["url"].as_str().unwrap();
    assert!(first.contains("declined"), "{first}");
    assert!(
        b.contains(&format!("href=\"{first}\"")),
        "link to the solution"
    );
    assert!(b.contains("class=\"article-body\""), "the steps inline");
    assert!(b.contains("Andere artikelen die kunnen helpen"));
    assert!(b.contains("<mark>creditcard</mark>") || b.contains("<mark>geweigerd</mark>"));
    assert!(b.contains("contact op met ondersteuning"));
}

#[actix_web::test]
async fn no_confident_match_says_so_and_points_to_support() {
    let r = get_corpus_meaning("/nl-nl/recommend?problem=xyzzy+plugh+frobnicate").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("hebben we een oplossing voor u gevonden"));
    assert!(
        r.body
            .contains("We hebben geen artikel gevonden dat zeker bij uw probleem past.")
    );
    assert!(r.body.contains("contact op met ondersteuning"));
    let answer = api("xyzzy plugh frobnicate").await;
    assert_eq!(answer["confident"], false);
}

#[actix_web::test]
async fn api_has_the_documented_shape() {
    let answer = api("Teams vergadering opnemen lukt niet").await;
    let matches = answer["matches"].as_array().unwrap();
    assert!(answer["confident"].is_boolean());
    assert!(!matches.is_empty() && matches.len() <= 5);
    let mut last = f64::INFINITY;
    for m in matches {
        let id = m["id"].as_str().unwrap();
        assert!(!m["title"].as_str().unwrap().is_empty());
        assert_eq!(m["url"], format!("/nl-nl/articles/{id}"));
        let score = m["score"].as_f64().unwrap();
        assert!(score <= last, "best first");
        last = score;
    }
}

#[actix_web::test]
async fn empty_description_shows_the_form_only() {
    for uri in [
        "/nl-nl/recommend",
        "/nl-nl/recommend?problem=",
        "/en-us/recommend?problem=+%0A+",
    ] {
        let r = get_corpus_meaning(uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert!(r.body.contains("name=\"problem\""));
        assert!(!r.body.contains("recommend-matches"));
    }
    let answer = api("").await;
    assert_eq!(answer["confident"], false);
    assert_eq!(answer["matches"].as_array().unwrap().len(), 0);
}

#[actix_web::test]
async fn hostile_input_is_escaped() {
    let hostile = "<script>alert(1)</script> \"quoted\" 'x' title:(^ - * AND OR ~2 \u{0}\u{1b}[31m wachtwoord";
    for locale in ["nl-nl", "en-us"] {
        let r = get_corpus_meaning(&format!("/{locale}/recommend?{}", encode(hostile))).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(!r.body.contains("<script>alert"));
        assert!(r.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
        assert!(!r.body.contains('\u{0}') && !r.body.contains('\u{1b}'));
    }
    let answer = api(hostile).await;
    assert!(answer["matches"].is_array());
    let r = get_corpus_meaning("/nl-nl/recommend?problem=%zz%&problem=%FF&&=").await;
    assert_eq!(r.status, StatusCode::OK);
}

/// The largest URL the HTTP layer accepts is just under 64 KiB; a larger
/// one is refused before routing. Anything up to that gets a normal page.
#[actix_web::test]
async fn huge_input_gets_a_normal_page() {
    let huge = "wachtwoord vergeten ".repeat(3_200);
    assert!(huge.len() >= 60_000);
    let r = get_corpus_meaning(&format!("/nl-nl/recommend?{}", encode(&huge))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.len() < 400_000,
        "the description is cut, not echoed in full"
    );
    let answer = api(&huge).await;
    assert!(answer["matches"].is_array());
}

#[actix_web::test]
async fn unknown_locale_is_not_found() {
    let r = get_corpus_meaning("/xx-yy/recommend?problem=kaart").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
