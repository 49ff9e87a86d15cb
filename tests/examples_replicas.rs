//! Two real portal processes sharing one database — an SQLite file, and a
//! fresh PostgreSQL database on the server `HELPPORTAL_TEST_POSTGRES_URL`
//! names (that test fails when it is not set): an answer a staff member
//! confirms on one changes the other's recommendation within 10 seconds,
//! without a content reload.

mod common;

use std::time::{Duration, Instant};

use common::insights::{form, fresh_postgres_database, input_value, sqlite_file_url};
use common::process::{self, Portal};
use common::repo_path;
use helpportal::insights::auth::hash_password;

const PASSWORD: &str = "replica-wachtwoord";
const CARD_ID: &str = "alchemy-insights/declined-credit-card";
const PROBLEM: &str = "qqxzvw pasje doet raar bij afrekenen";
/// The functional deadline: a confirmation reaches every replica in this.
const DEADLINE: Duration = Duration::from_secs(10);
/// How long a replica may take to reach the database at first.
const CONNECT_LIMIT: Duration = Duration::from_secs(60);

async fn body(client: &reqwest::Client, url: &str, cookie: &str) -> String {
    let mut req = client.get(url);
    if !cookie.is_empty() {
        req = req.header("Cookie", cookie);
    }
    match req.send().await {
        Ok(r) => r.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

async fn post(
    client: &reqwest::Client,
    url: &str,
    cookie: &str,
    form: String,
) -> reqwest::Response {
    client
        .post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", cookie)
        .body(form)
        .send()
        .await
        .expect("post")
}

/// Signs `alice` in on `base`, waiting for the database; her cookie.
async fn login(client: &reqwest::Client, base: &str) -> String {
    let start = Instant::now();
    loop {
        let page = body(client, &format!("{base}/staff/login"), "").await;
        let token = input_value(&page, "token");
        let r = post(
            client,
            &format!("{base}/staff/login"),
            "",
            form(&[
                ("token", &token),
                ("account", "alice"),
                ("password", PASSWORD),
            ]),
        )
        .await;
        if r.status().as_u16() == 303 {
            let cookie = r
                .headers()
                .get("set-cookie")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            return cookie.split(';').next().unwrap_or("").to_owned();
        }
        assert!(
            start.elapsed() < CONNECT_LIMIT,
            "no sign-in: {}",
            r.status()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Whether `base` answers PROBLEM confidently with the card article.
async fn answers_with_the_card(client: &reqwest::Client, base: &str) -> bool {
    let url = format!(
        "{base}/api/v1/recommend?problem={}",
        PROBLEM.replace(' ', "+")
    );
    let text = body(client, &url, "").await;
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    json["confident"].as_bool() == Some(true) && json["matches"][0]["id"].as_str() == Some(CARD_ID)
}

fn confirm_on_one_seen_on_the_other(database: &str) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("replica.toml");
    std::fs::write(
        &config,
        format!(
            "content = {:?}\nmodel_install = false\n[staff.accounts]\nalice = {:?}\n",
            repo_path("content").display().to_string(),
            hash_password(PASSWORD).expect("hash")
        ),
    )
    .expect("write config");
    let (a, port) = process::command(&config, database);
    let a = Portal::spawn(a, port);
    let (b, port) = process::command(&config, database);
    let b = Portal::spawn(b, port);
    runtime.block_on(async {
        let client = common::server::http_client();
        let cookie = login(&client, &a.base_url()).await;
        assert!(!answers_with_the_card(&client, &b.base_url()).await);
        let choose = format!(
            "{}/staff/examples/new?description={}&q=creditcard",
            a.base_url(),
            PROBLEM.replace(' ', "+")
        );
        let page = body(&client, &choose, &cookie).await;
        let token = input_value(&page, "token");
        let done = post(
            &client,
            &format!("{}/staff/examples", a.base_url()),
            &cookie,
            form(&[
                ("token", &token),
                ("description", PROBLEM),
                ("article", CARD_ID),
            ]),
        )
        .await;
        assert_eq!(done.status().as_u16(), 303);
        let start = Instant::now();
        while !answers_with_the_card(&client, &b.base_url()).await {
            assert!(
                start.elapsed() < DEADLINE,
                "replica B does not answer with the confirmed article within {DEADLINE:?}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    drop((a, b));
}

#[test]
fn a_confirmation_on_one_replica_changes_the_other_sharing_an_sqlite_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    confirm_on_one_seen_on_the_other(&sqlite_file_url(dir.path()));
}

#[test]
fn a_confirmation_on_one_replica_changes_the_other_sharing_postgresql() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let database = runtime.block_on(fresh_postgres_database());
    confirm_on_one_seen_on_the_other(&database);
}
