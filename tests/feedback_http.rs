//! Feedback forms, search insights and the staff pages over HTTP: plain
//! form posts without JavaScript, forged tokens, the login gate, lock-out,
//! and pages that keep serving when the database is down.

mod common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use actix_web::web::Data;
use common::insights::*;
use common::*;
use helpportal::web::AppState;

const CARD: &str = "/nl-nl/articles/alchemy-insights/declined-credit-card";
const CARD_ID: &str = "alchemy-insights/declined-credit-card";
const PASSWORD: &str = "lang en geheim wachtwoord";

/// An app on the default content with its own in-memory database and the
/// staff account `alice`.
async fn app() -> Data<AppState> {
    app_on(MEMORY_DB).await
}

async fn app_on(database_url: &str) -> Data<AppState> {
    let config = with_staff(default_config(), database_url, "alice", PASSWORD);
    let state = state(DEFAULT.clone(), config);
    connected(&state.insights).await;
    state
}

async fn get(state: &Data<AppState>, uri: &str) -> Reply {
    send(state.clone(), TestRequest::get().uri(uri)).await
}

async fn post(state: &Data<AppState>, uri: &str, body: String) -> Reply {
    post_from(state, None, uri, body).await
}

/// A form post sent with `Origin: origin`.
async fn post_from(state: &Data<AppState>, origin: Option<&str>, uri: &str, body: String) -> Reply {
    let mut req = TestRequest::post()
        .uri(uri)
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload(body);
    if let Some(origin) = origin {
        req = req.insert_header(("Origin", origin));
    }
    send(state.clone(), req).await
}

/// Answers the article's feedback question with the form's own token.
async fn answer_article(state: &Data<AppState>, answer: &str) -> Reply {
    let page = get(state, CARD).await;
    let token = input_value(&page.body, "token");
    post(
        state,
        "/nl-nl/feedback",
        form(&[
            ("token", &token),
            ("kind", "article"),
            ("article", CARD_ID),
            ("answer", answer),
        ]),
    )
    .await
}

/// Posts the login form (with its own token) for `alice`.
async fn try_login(state: &Data<AppState>, password: &str) -> Reply {
    let page = get(state, "/staff/login").await;
    let token = input_value(&page.body, "token");
    post(
        state,
        "/staff/login",
        form(&[
            ("token", &token),
            ("account", "alice"),
            ("password", password),
        ]),
    )
    .await
}

/// Logs `alice` in; the session cookie header value.
async fn login(state: &Data<AppState>) -> String {
    let r = try_login(state, PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let cookie = r.header("set-cookie").to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Path=/staff"), "{cookie}");
    cookie.split(';').next().expect("name=value").to_owned()
}

async fn staff_get(state: &Data<AppState>, uri: &str, cookie: &str) -> Reply {
    send(
        state.clone(),
        TestRequest::get()
            .uri(uri)
            .insert_header(("Cookie", cookie)),
    )
    .await
}

#[actix_web::test]
async fn article_feedback_works_as_a_plain_form_and_stays_out_of_the_cache() {
    let state = app().await;
    let page = get(&state, CARD).await;
    assert!(page.body.contains("Heeft dit artikel u geholpen?"));
    assert!(
        page.body
            .contains("<form class=\"feedback-form\" method=\"post\" action=\"/nl-nl/feedback\">")
    );
    assert!(!page.header("etag").is_empty(), "the normal view is cached");

    let r = answer_article(&state, "no").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let location = r.header("location").to_owned();
    assert!(
        location.starts_with(&format!("{CARD}?feedback=no&fid="))
            && location.ends_with("#hp-feedback"),
        "{location}"
    );

    let thanks = get(&state, location.trim_end_matches("#hp-feedback")).await;
    assert_eq!(thanks.status, StatusCode::OK);
    assert_eq!(thanks.header("cache-control"), "no-store");
    assert!(thanks.header("etag").is_empty());
    assert!(thanks.body.contains("Bedankt voor uw feedback."));
    assert!(
        thanks.body.contains(&format!(
            "<link rel=\"canonical\" href=\"http://127.0.0.1:8080{CARD}\">"
        )),
        "the canonical URL stays clean"
    );
    assert!(
        thanks.body.contains("Wat kunnen we verbeteren?"),
        "comment offered after Nee"
    );
    assert!(
        !thanks.body.contains("class=\"feedback-form\""),
        "no second vote"
    );

    let fid = input_value(&thanks.body, "fid");
    let token = input_value(&thanks.body, "token");
    let r = post(
        &state,
        "/nl-nl/feedback/comment",
        form(&[
            ("token", &token),
            ("fid", &fid),
            ("kind", "article"),
            ("article", CARD_ID),
            ("comment", "De stappen kloppen niet meer; mail me op a@b.nl"),
        ]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let done = get(
        &state,
        r.header("location").trim_end_matches("#hp-feedback"),
    )
    .await;
    assert!(done.body.contains("we hebben uw opmerking ontvangen"));

    let again = get(&state, CARD).await;
    assert!(
        again.body.contains("class=\"feedback-form\""),
        "the cached page still asks"
    );
    assert_eq!(again.header("etag"), page.header("etag"));

    let cookie = login(&state).await;
    let report = staff_get(&state, "/staff/unhelpful", &cookie).await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(
        report.body.contains("Geweigerde creditcard"),
        "{}",
        report.body
    );
    assert!(
        report
            .body
            .contains("De stappen kloppen niet meer; mail me op &#60;e-mail&#62;"),
        "{}",
        report.body
    );
    assert!(!report.body.contains("a@b.nl"));
}

#[actix_web::test]
async fn yes_thanks_without_asking_for_a_comment() {
    let state = app().await;
    let r = answer_article(&state, "yes").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.header("location"),
        format!("{CARD}?feedback=yes#hp-feedback")
    );
    let page = get(&state, &format!("{CARD}?feedback=yes")).await;
    assert!(page.body.contains("Bedankt voor uw feedback."));
    assert!(!page.body.contains("name=\"comment\""));
}

#[actix_web::test]
async fn recommendation_feedback_keeps_the_description() {
    let state = app().await;
    let problem = "mijn creditcard wordt geweigerd bij het betalen";
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("problem", problem);
    let page = get(&state, &format!("/nl-nl/recommend?{}", query.finish())).await;
    assert!(
        page.body.contains("Heeft dit uw probleem opgelost?"),
        "{}",
        page.body
    );
    let token = input_value(&page.body, "token");
    let article = input_value(&page.body, "article")
        .replace("&#x2f;", "/")
        .replace("&#47;", "/");
    let r = post(
        &state,
        "/nl-nl/feedback",
        form(&[
            ("token", &token),
            ("kind", "recommend"),
            ("article", &article),
            ("problem", problem),
            ("answer", "no"),
        ]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.header("location").to_owned();
    assert!(
        location.starts_with("/nl-nl/recommend?problem=mijn+creditcard"),
        "{location}"
    );
    let back = get(&state, location.trim_end_matches("#hp-feedback")).await;
    assert!(back.body.contains("Bedankt voor uw feedback."));
    assert!(
        back.body.contains(&format!(">{problem}</textarea>")),
        "the description stays"
    );

    let cookie = login(&state).await;
    let report = staff_get(&state, "/staff/unhelpful", &cookie).await;
    assert!(report.body.contains("Aanbevolen stappen"));
    assert!(report.body.contains(problem), "{}", report.body);
}

#[actix_web::test]
async fn forged_missing_or_foreign_posts_get_a_403_page() {
    let state = app().await;
    let page = get(&state, CARD).await;
    let token = input_value(&page.body, "token");
    let body = |token: &str| {
        form(&[
            ("token", token),
            ("kind", "article"),
            ("article", CARD_ID),
            ("answer", "no"),
        ])
    };
    for bad in ["", "1700000000.00ff", "garbage"] {
        let r = post(&state, "/nl-nl/feedback", body(bad)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{bad:?}");
        assert!(r.body.contains("Formulier niet geaccepteerd"));
    }
    // A token for another article does not fit this one.
    let other = post(
        &state,
        "/nl-nl/feedback",
        form(&[
            ("token", &token),
            ("kind", "article"),
            ("article", "alchemy-insights/payment-declined"),
            ("answer", "no"),
        ]),
    )
    .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    for (origin, status) in [
        ("https://evil.example", StatusCode::FORBIDDEN),
        ("null", StatusCode::FORBIDDEN),
        ("http://127.0.0.1:8080", StatusCode::SEE_OTHER),
    ] {
        let r = post_from(&state, Some(origin), "/nl-nl/feedback", body(&token)).await;
        assert_eq!(r.status, status, "Origin: {origin}");
    }
    for junk in [
        "",
        "kind=article",
        "\u{0}\u{ff}",
        "kind=x&article=y&answer=z",
    ] {
        let r = post(&state, "/nl-nl/feedback", junk.to_owned()).await;
        assert!(r.status.is_client_error(), "{junk:?}: {}", r.status);
    }
    let r = post(&state, "/xx-xx/feedback", body(&token)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    for uri in ["/nl-nl/feedback", "/nl-nl/feedback/comment", "/staff/login"] {
        let r = post(&state, uri, "a".repeat(1024 * 1024)).await;
        assert!(r.status.is_client_error(), "1 MiB to {uri}: {}", r.status);
    }
}

#[actix_web::test]
async fn every_staff_path_without_a_session_leads_to_the_login() {
    let state = app().await;
    for path in [
        "/staff",
        "/staff/",
        "/staff/queries",
        "/staff/gaps",
        "/staff/descriptions",
        "/staff/unhelpful",
        "/staff/links",
        "/staff/unknown",
        "/staff/articles/x",
        "/staff/login/../queries",
    ] {
        for cookie in ["", "hp_staff=forged", "hp_staff=616c696365.99999999999.00"] {
            let mut req = TestRequest::get().uri(path);
            if !cookie.is_empty() {
                req = req.insert_header(("Cookie", cookie));
            }
            let r = send(state.clone(), req).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{path} {cookie}");
            assert_eq!(r.header("location"), "/staff/login", "{path}");
        }
    }
    let logout = send(state.clone(), TestRequest::post().uri("/staff/logout")).await;
    assert_eq!(logout.status, StatusCode::SEE_OTHER);
    assert_eq!(logout.header("location"), "/staff/login");
    let form = get(&state, "/staff/login").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("type=\"password\""));
    assert!(
        form.header("content-security-policy")
            .contains("default-src 'self'")
    );
}

#[actix_web::test]
async fn staff_pages_show_searches_gaps_descriptions_and_links() {
    let state = app().await;
    get(&state, "/nl-nl/search?q=Geweigerde+creditcard").await;
    get(&state, "/nl-nl/search?q=qqxzvw+bel+0612345678").await;
    get(&state, "/nl-nl/recommend?problem=qqxzvw+kapot").await;
    // Opening the first result from the search page.
    send(
        state.clone(),
        TestRequest::get().uri(CARD).insert_header((
            "Referer",
            "http://127.0.0.1:8080/nl-nl/search?q=geweigerde%20creditcard",
        )),
    )
    .await;
    assert!(state.insights.flush().await);

    let cookie = login(&state).await;
    let overview = staff_get(&state, "/staff/", &cookie).await;
    assert_eq!(overview.status, StatusCode::OK);
    assert_eq!(overview.header("cache-control"), "no-store");
    assert!(overview.body.contains("Afmelden (alice)"));
    assert!(overview.body.contains("href=\"/staff/gaps\""));

    let top = staff_get(&state, "/staff/queries", &cookie).await;
    assert!(
        top.body.contains(">geweigerde creditcard</a>"),
        "{}",
        top.body
    );
    assert!(
        top.body.contains("<td>1</td></tr>"),
        "the opened result is counted: {}",
        top.body
    );
    let gaps = staff_get(&state, "/staff/gaps", &cookie).await;
    assert!(
        gaps.body.contains("qqxzvw bel &#60;telefoon&#62;"),
        "{}",
        gaps.body
    );
    assert!(!gaps.body.contains("geweigerde creditcard"));
    let descriptions = staff_get(&state, "/staff/descriptions", &cookie).await;
    assert!(
        descriptions.body.contains("qqxzvw kapot"),
        "{}",
        descriptions.body
    );
    let links = staff_get(&state, "/staff/links", &cookie).await;
    assert_eq!(links.status, StatusCode::OK);
    let missing = staff_get(&state, "/staff/nothing-here", &cookie).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    let token = input_value(&overview.body, "token");
    let out = logout(&state, &cookie, &token, "this", None).await;
    assert!(
        out.header("set-cookie").starts_with("hp_staff=;"),
        "{}",
        out.header("set-cookie")
    );
}

/// Posts the sign-out form of a staff page.
async fn logout(
    state: &Data<AppState>,
    cookie: &str,
    token: &str,
    scope: &str,
    origin: Option<&str>,
) -> Reply {
    let mut req = TestRequest::post()
        .uri("/staff/logout")
        .insert_header(("Cookie", cookie))
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload(form(&[("token", token), ("scope", scope)]));
    if let Some(origin) = origin {
        req = req.insert_header(("Origin", origin));
    }
    send(state.clone(), req).await
}

#[actix_web::test]
async fn signing_out_ends_the_session_and_needs_the_token_and_this_site() {
    let state = app().await;
    let cookie = login(&state).await;
    let page = staff_get(&state, "/staff/queries", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let token = input_value(&page.body, "token");
    assert!(page.body.contains("Overal afmelden"), "{}", page.body);
    for (token, origin) in [
        ("", None),
        ("forged", None),
        (token.as_str(), Some("https://evil.example")),
        (token.as_str(), Some("null")),
    ] {
        let r = logout(&state, &cookie, token, "this", origin).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{token:?} from {origin:?}");
        assert!(r.header("set-cookie").is_empty());
    }
    let still = staff_get(&state, "/staff/queries", &cookie).await;
    assert_eq!(
        still.status,
        StatusCode::OK,
        "refused sign-outs change nothing"
    );
    let out = logout(
        &state,
        &cookie,
        &token,
        "this",
        Some("http://127.0.0.1:8080"),
    )
    .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.header("location"), "/staff/login");
    // The old cookie, replayed, opens nothing.
    for path in ["/staff/queries", "/staff/"] {
        let r = staff_get(&state, path, &cookie).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(r.header("location"), "/staff/login");
    }
}

#[actix_web::test]
async fn signing_out_everywhere_ends_every_session_of_the_account() {
    let state = app().await;
    let first = login(&state).await;
    let second = login(&state).await;
    let page = staff_get(&state, "/staff/", &first).await;
    let token = input_value(&page.body, "token");
    let out = logout(&state, &first, &token, "everywhere", None).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    for cookie in [&first, &second] {
        let r = staff_get(&state, "/staff/gaps", cookie).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
}

#[actix_web::test]
async fn thirty_concurrent_sign_ins_check_at_most_five_passwords() {
    let state = app().await;
    let page = get(&state, "/staff/login").await;
    let token = input_value(&page.body, "token");
    let app = actix_web::test::init_service(helpportal::web::app(state.clone())).await;
    let attempts = (0..30).map(|n| {
        let password = if n == 29 {
            PASSWORD.to_owned()
        } else {
            format!("fout{n}")
        };
        let req = TestRequest::post()
            .uri("/staff/login")
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .set_payload(form(&[
                ("token", &token),
                ("account", "alice"),
                ("password", &password),
            ]))
            .to_request();
        actix_web::test::call_service(&app, req)
    });
    let responses = futures_util::future::join_all(attempts).await;
    let statuses: Vec<StatusCode> = responses.iter().map(|r| r.status()).collect();
    let count = |status| statuses.iter().filter(|s| **s == status).count();
    let (wrong, signed_in) = (
        count(StatusCode::UNAUTHORIZED),
        count(StatusCode::SEE_OTHER),
    );
    assert!(wrong <= 4, "{statuses:?}");
    assert!(wrong + signed_in <= 5, "{statuses:?}");
    assert!(count(StatusCode::TOO_MANY_REQUESTS) >= 25, "{statuses:?}");
    let right = &responses[29];
    if right.status() == StatusCode::TOO_MANY_REQUESTS {
        assert!(right.headers().get("set-cookie").is_none());
    }
    let again = try_login(&state, PASSWORD).await;
    assert_eq!(again.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(again.header("set-cookie").is_empty());
}

#[actix_web::test]
async fn wrong_passwords_lock_the_account_with_a_clear_message() {
    let state = app().await;
    let attempt = |password: &'static str| try_login(&state, password);
    for _ in 0..4 {
        let r = attempt("fout").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("Account of wachtwoord onjuist."));
    }
    let locked = attempt("fout").await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        locked.body.contains("Te veel mislukte pogingen"),
        "{}",
        locked.body
    );
    let still = attempt(PASSWORD).await;
    assert_eq!(still.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(still.header("set-cookie").is_empty());
}

#[actix_web::test]
async fn without_accounts_there_is_no_login_and_no_default_password() {
    let mut config = default_config();
    config.staff.accounts.clear();
    let state = state(DEFAULT.clone(), config);
    let page = get(&state, "/staff/login").await;
    assert!(page.body.contains("Aanmelden is niet ingesteld"));
    assert!(!page.body.contains("type=\"password\""));
    let token = state.insights.keys().form_token("login");
    for (account, password) in [("admin", "admin"), ("", ""), ("alice", PASSWORD)] {
        let r = post(
            &state,
            "/staff/login",
            form(&[
                ("token", &token),
                ("account", account),
                ("password", password),
            ]),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(r.header("set-cookie").is_empty());
    }
}

#[actix_web::test]
async fn pages_serve_and_feedback_says_so_when_the_database_is_down() {
    let config = with_staff(
        default_config(),
        "postgres://nobody:x@127.0.0.1:1/none",
        "alice",
        PASSWORD,
    );
    let state = state(DEFAULT.clone(), config);
    for uri in [
        CARD,
        "/nl-nl/search?q=factuur",
        "/nl-nl/recommend?problem=creditcard+geweigerd",
        "/nl-nl/",
    ] {
        assert_eq!(get(&state, uri).await.status, StatusCode::OK, "{uri}");
    }
    let r = answer_article(&state, "no").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.header("location"),
        format!("{CARD}?feedback=unsaved#hp-feedback")
    );
    let page = get(&state, &format!("{CARD}?feedback=unsaved")).await;
    assert!(
        page.body
            .contains("kon op dit moment niet worden opgeslagen")
    );
    assert!(
        page.body.contains("class=\"feedback-form\""),
        "the question is asked again"
    );
    let login = try_login(&state, PASSWORD).await;
    assert_eq!(login.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(login.body.contains("Tijdelijk niet beschikbaar"));
}

#[actix_web::test]
async fn the_session_cookie_is_secure_behind_https() {
    let mut config = with_staff(default_config(), MEMORY_DB, "alice", PASSWORD);
    config.base_url = "https://help.example.nl".into();
    let state = state(DEFAULT.clone(), config);
    connected(&state.insights).await;
    let r = try_login(&state, PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        r.header("set-cookie").contains("; Secure"),
        "{}",
        r.header("set-cookie")
    );
}

/// Posts the comment form shown on `page` (after "Nee") with `comment`;
/// the page the answer leads to.
async fn comment_from(state: &Data<AppState>, page: &str, comment: &str) -> (String, Reply) {
    let shown = get(state, page).await;
    let r = post(
        state,
        "/nl-nl/feedback/comment",
        form(&[
            ("token", &input_value(&shown.body, "token")),
            ("fid", &input_value(&shown.body, "fid")),
            ("kind", "article"),
            ("article", CARD_ID),
            ("comment", comment),
        ]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let location = r.header("location").to_owned();
    let after = get(state, location.trim_end_matches("#hp-feedback")).await;
    (location, after)
}

#[actix_web::test]
async fn comments_are_acknowledged_only_when_stored() {
    let state = app().await;
    let r = answer_article(&state, "no").await;
    let page = r
        .header("location")
        .trim_end_matches("#hp-feedback")
        .to_owned();
    let (location, after) = comment_from(&state, &page, "Eerste opmerking").await;
    assert!(location.contains("feedback=comment#"), "{location}");
    assert!(after.body.contains("we hebben uw opmerking ontvangen"));

    let (location, after) = comment_from(&state, &page, "Tweede opmerking").await;
    assert!(location.contains("feedback=comment-twice"), "{location}");
    assert!(!after.body.contains("we hebben uw opmerking ontvangen"));
    assert!(
        after
            .body
            .contains("bij deze feedback is al een opmerking ontvangen"),
        "{}",
        after.body
    );

    // A made-up feedback id: the page offers its form, the post says no.
    let unknown = format!("{CARD}?feedback=no&fid={}", "0".repeat(32));
    let (location, after) = comment_from(&state, &unknown, "Bestaat niet").await;
    assert!(location.contains("feedback=comment-unknown"), "{location}");
    assert!(!after.body.contains("we hebben uw opmerking ontvangen"));
    assert!(after.body.contains("is niet gevonden"), "{}", after.body);

    let cookie = login(&state).await;
    let report = staff_get(&state, "/staff/unhelpful", &cookie).await;
    assert!(report.body.contains("Eerste opmerking"));
    assert!(!report.body.contains("Tweede opmerking"));
    assert!(!report.body.contains("Bestaat niet"));
}

#[actix_web::test]
async fn a_script_cannot_post_unlimited_answers_with_the_public_token() {
    let state = app().await;
    for n in 0..helpportal::insights::FEEDBACK_PER_WINDOW {
        let r = answer_article(&state, "no").await;
        assert!(r.header("location").contains("feedback=no&fid="), "{n}");
    }
    let r = answer_article(&state, "no").await;
    let location = r.header("location").to_owned();
    assert!(location.contains("feedback=busy"), "{location}");
    let page = get(&state, location.trim_end_matches("#hp-feedback")).await;
    assert!(!page.body.contains("Bedankt voor uw feedback."));
    assert!(page.body.contains("niet opgeslagen"), "{}", page.body);
    assert!(!page.body.contains("name=\"fid\""), "no comment form");
}
