//! Teaching recommended steps over HTTP, as plain forms: "Juiste artikel
//! kiezen" on the descriptions report, choosing with the portal's search,
//! confirming (with the session's token and this site's origin only), the
//! confirmation changing the answer within the polling deadline, "Geen
//! artikel" making a confident answer abstain, and undoing.

mod common;

use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use actix_web::web::Data;
use common::insights::*;
use common::*;
use helpportal::web::AppState;

const CARD_ID: &str = "alchemy-insights/declined-credit-card";
const PASSWORD: &str = "lang en geheim wachtwoord";
/// A confirmation takes effect on every replica within this long.
const DEADLINE: Duration = Duration::from_secs(10);

async fn app() -> Data<AppState> {
    let config = with_staff(default_config(), MEMORY_DB, "alice", PASSWORD);
    let state = state(DEFAULT.clone(), config);
    connected(&state.insights).await;
    state
}

async fn get(state: &Data<AppState>, uri: &str, cookie: &str) -> Reply {
    let mut req = TestRequest::get().uri(uri);
    if !cookie.is_empty() {
        req = req.insert_header(("Cookie", cookie.to_owned()));
    }
    send(state.clone(), req).await
}

async fn post(
    state: &Data<AppState>,
    uri: &str,
    cookie: &str,
    origin: Option<&str>,
    body: String,
) -> Reply {
    let mut req = TestRequest::post()
        .uri(uri)
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .insert_header(("Cookie", cookie.to_owned()))
        .set_payload(body);
    if let Some(origin) = origin {
        req = req.insert_header(("Origin", origin));
    }
    send(state.clone(), req).await
}

async fn login(state: &Data<AppState>) -> String {
    let page = get(state, "/staff/login", "").await;
    let token = input_value(&page.body, "token");
    let r = post(
        state,
        "/staff/login",
        "",
        None,
        form(&[
            ("token", &token),
            ("account", "alice"),
            ("password", PASSWORD),
        ]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.header("set-cookie")
        .split(';')
        .next()
        .expect("cookie")
        .to_owned()
}

/// The API's answer: whether it is confident, and the first match's id.
async fn answer(state: &Data<AppState>, problem: &str) -> (bool, String) {
    let uri = format!("/api/v1/recommend?problem={}", problem.replace(' ', "+"));
    let r = get(state, &uri, "").await;
    let json: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    let first = json["matches"][0]["id"].as_str().unwrap_or("").to_owned();
    (json["confident"].as_bool().unwrap_or(false), first)
}

/// Polls the answer until `wanted` holds or the deadline passes.
async fn answer_becomes(
    state: &Data<AppState>,
    problem: &str,
    wanted: impl Fn(&(bool, String)) -> bool,
) -> (bool, String) {
    let start = Instant::now();
    loop {
        let got = answer(state, problem).await;
        if wanted(&got) || start.elapsed() > DEADLINE {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[actix_web::test]
async fn staff_confirm_an_answer_that_the_next_customer_gets_and_can_undo_it() {
    let state = app().await;
    let problem = "qqxzvw pasje doet raar bij afrekenen";
    let before = answer(&state, problem).await;
    assert!(!before.0 || before.1 != CARD_ID, "{before:?}");
    get(
        &state,
        &format!("/nl-nl/recommend?problem={}", problem.replace(' ', "+")),
        "",
    )
    .await;
    assert!(state.insights.flush().await);

    let cookie = login(&state).await;
    let report = get(&state, "/staff/descriptions", &cookie).await;
    let choose = "/staff/examples/new?description=qqxzvw+pasje+doet+raar+bij+afrekenen";
    assert!(
        report
            .body
            .contains(&format!("href=\"{}\"", choose.replace('&', "&#38;")))
            || report.body.contains(choose),
        "{}",
        report.body
    );
    assert!(report.body.contains("Juiste artikel kiezen"));

    let page = get(
        &state,
        &format!("{choose}&q=geweigerde+creditcard"),
        &cookie,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("cache-control"), "no-store");
    assert!(
        page.body
            .contains(&format!("name=\"article\" value=\"{CARD_ID}\"")),
        "{}",
        page.body
    );
    assert!(page.body.contains("Geen artikel"));
    let token = input_value(&page.body, "token");
    let confirm = |token: &str| {
        form(&[
            ("token", token),
            ("description", problem),
            ("article", CARD_ID),
        ])
    };

    // Another site, a wrong token or no session: refused, nothing stored.
    let foreign = post(
        &state,
        "/staff/examples",
        &cookie,
        Some("https://evil.example"),
        confirm(&token),
    )
    .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let forged = post(&state, "/staff/examples", &cookie, None, confirm("forged")).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let anonymous = post(&state, "/staff/examples", "", None, confirm(&token)).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(anonymous.header("location"), "/staff/login");
    let unknown = post(
        &state,
        "/staff/examples",
        &cookie,
        None,
        form(&[
            ("token", &token),
            ("description", problem),
            ("article", "x/none"),
        ]),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(
        state
            .insights
            .store
            .all_examples(DEADLINE)
            .await
            .expect("read")
            .is_empty()
    );

    let done = post(&state, "/staff/examples", &cookie, None, confirm(&token)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.header("location"), "/staff/examples");
    let after = answer_becomes(&state, problem, |a| a.0 && a.1 == CARD_ID).await;
    assert_eq!(
        after,
        (true, CARD_ID.to_owned()),
        "the confirmed article answers within {DEADLINE:?}"
    );

    let list = get(&state, "/staff/examples?q=pasje", &cookie).await;
    assert!(list.body.contains(problem), "{}", list.body);
    let none = get(&state, "/staff/examples?q=zzzz", &cookie).await;
    assert!(!none.body.contains(problem));
    let id = input_value(&list.body, "id");
    let undone = post(
        &state,
        "/staff/examples/remove",
        &cookie,
        None,
        form(&[("token", &token), ("id", &id)]),
    )
    .await;
    assert_eq!(undone.status, StatusCode::SEE_OTHER);
    let back = answer_becomes(&state, problem, |a| *a == before).await;
    assert_eq!(back, before, "undoing gives the old answer back");
}

#[actix_web::test]
async fn no_article_makes_a_confident_answer_abstain() {
    let state = app().await;
    let problem = "mijn creditcard is geweigerd bij het betalen";
    let before = answer(&state, problem).await;
    assert!(before.0, "a confident answer to begin with: {before:?}");
    let cookie = login(&state).await;
    let page = get(
        &state,
        "/staff/examples/new?description=mijn+creditcard+is+geweigerd+bij+het+betalen",
        &cookie,
    )
    .await;
    let token = input_value(&page.body, "token");
    let done = post(
        &state,
        "/staff/examples",
        &cookie,
        None,
        form(&[("token", &token), ("description", problem), ("none", "1")]),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let after = answer_becomes(&state, problem, |a| !a.0).await;
    assert!(!after.0, "abstains within {DEADLINE:?}: {after:?}");
    assert!(
        !after.1.is_empty(),
        "the matches stay listed as alternatives"
    );
    let list = get(&state, "/staff/examples", &cookie).await;
    assert!(list.body.contains("Geen artikel"), "{}", list.body);
}
