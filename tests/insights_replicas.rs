//! Two real portal processes on one PostgreSQL database (a fresh one on
//! the server `HELPPORTAL_TEST_POSTGRES_URL` names; the test fails when it
//! is not set): feedback given on one shows on the other's staff pages.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::insights::{form, fresh_postgres_database, input_value};
use common::process::{self, Portal};
use common::repo_path;

const PASSWORD: &str = "replica-wachtwoord";
const ARTICLE: &str = "/nl-nl/articles/alchemy-insights/declined-credit-card";
/// How long a replica may take to reach the database.
const CONNECT_LIMIT: Duration = Duration::from_secs(60);

/// The hash `helpportal hash-password` prints for `password`.
fn hash_with_the_command(password: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_helpportal"))
        .arg("hash-password")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{password}\n").as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("run");
    assert!(out.status.success());
    let hash = String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim()
        .to_owned();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    hash
}

async fn text(client: &reqwest::Client, url: &str, cookie: &str) -> String {
    let mut req = client.get(url);
    if !cookie.is_empty() {
        req = req.header("Cookie", cookie);
    }
    req.send().await.expect("get").text().await.expect("body")
}

/// Posts a form; the response status and `Location`/`Set-Cookie` headers.
async fn post(client: &reqwest::Client, url: &str, body: String) -> (u16, String, String) {
    let r = client
        .post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("post");
    let header = |name| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    (
        r.status().as_u16(),
        header("location"),
        header("set-cookie"),
    )
}

#[test]
fn feedback_given_on_one_replica_shows_on_the_others_staff_pages() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let database = runtime.block_on(fresh_postgres_database());
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("replica.toml");
    std::fs::write(
        &config,
        format!(
            "content = {:?}\n[staff.accounts]\nalice = {:?}\n",
            repo_path("content").display().to_string(),
            hash_with_the_command(PASSWORD)
        ),
    )
    .expect("write config");
    let (a, port) = process::command(&config, &database);
    let a = Portal::spawn(a, port);
    let (b, port) = process::command(&config, &database);
    let b = Portal::spawn(b, port);
    // The database is new, so this text can only come from this run.
    let marker = "Opmerking gegeven op replica A";

    runtime.block_on(async {
        let client = common::server::http_client();
        // Replica A: answer "Nee" with the form's own token, then comment.
        let page = text(&client, &format!("{}{ARTICLE}", a.base_url()), "").await;
        let token = input_value(&page, "token");
        let vote = form(&[
            ("token", &token),
            ("kind", "article"),
            ("article", "alchemy-insights/declined-credit-card"),
            ("answer", "no"),
        ]);
        let start = Instant::now();
        let location = loop {
            let (status, location, _) = post(
                &client,
                &format!("{}/nl-nl/feedback", a.base_url()),
                vote.clone(),
            )
            .await;
            assert_eq!(status, 303);
            if !location.contains("feedback=unsaved") {
                break location;
            }
            assert!(
                start.elapsed() < CONNECT_LIMIT,
                "replica A never reached PostgreSQL"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        assert!(location.contains("feedback=no&fid="), "{location}");
        let thanks = text(
            &client,
            &format!(
                "{}{}",
                a.base_url(),
                location.trim_end_matches("#hp-feedback")
            ),
            "",
        )
        .await;
        let (status, location, _) = post(
            &client,
            &format!("{}/nl-nl/feedback/comment", a.base_url()),
            form(&[
                ("token", &input_value(&thanks, "token")),
                ("fid", &input_value(&thanks, "fid")),
                ("kind", "article"),
                ("article", "alchemy-insights/declined-credit-card"),
                ("comment", marker),
            ]),
        )
        .await;
        assert_eq!(status, 303);
        assert!(location.contains("feedback=comment"), "{location}");

        // Replica B: log in and read the report.
        let login_page = text(&client, &format!("{}/staff/login", b.base_url()), "").await;
        let login = form(&[
            ("token", &input_value(&login_page, "token")),
            ("account", "alice"),
            ("password", PASSWORD),
        ]);
        let start = Instant::now();
        let cookie = loop {
            let (status, _, cookie) = post(
                &client,
                &format!("{}/staff/login", b.base_url()),
                login.clone(),
            )
            .await;
            if status == 303 {
                break cookie;
            }
            assert_eq!(status, 503, "only an unreachable database delays the login");
            assert!(
                start.elapsed() < CONNECT_LIMIT,
                "replica B never reached PostgreSQL"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        let session = cookie.split(';').next().expect("cookie").to_owned();
        let report = text(
            &client,
            &format!("{}/staff/unhelpful", b.base_url()),
            &session,
        )
        .await;
        assert!(report.contains(marker), "{report}");
        assert!(report.contains("Geweigerde creditcard"), "{report}");
        let denied = text(&client, &format!("{}/staff/unhelpful", b.base_url()), "").await;
        assert!(!denied.contains(marker), "the report needs the session");
    });
    drop((a, b));
}
