//! Running it: metrics, configuration precedence, structured request logs
//! and graceful shutdown, checked against the real binary where it matters.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use common::process::{self, Portal, http_get};
use common::*;

#[actix_web::test]
async fn metrics_are_exported_in_prometheus_format() {
    let st = state(DEFAULT.clone(), default_config());
    let app = actix_web::test::init_service(helpportal::web::app(st)).await;
    let _ = actix_web::test::call_service(
        &app,
        actix_web::test::TestRequest::get()
            .uri("/nl-nl/")
            .to_request(),
    )
    .await;
    let r = actix_web::test::call_service(
        &app,
        actix_web::test::TestRequest::get()
            .uri("/metrics")
            .to_request(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body = String::from_utf8_lossy(&actix_web::test::read_body(r).await).into_owned();
    for name in [
        "helpportal_http_requests_total",
        "helpportal_http_requests_duration_seconds",
        "helpportal_articles_loaded",
        "helpportal_searches_total",
        "helpportal_searches_without_results_total",
    ] {
        assert!(body.contains(name), "{name} missing in\n{body}");
    }
    assert!(
        body.contains("endpoint=\"/{locale}/\""),
        "per-route labels use patterns"
    );
}

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_helpportal"))
}

fn loaded_count(output: &std::process::Output) -> usize {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout.lines().last().unwrap_or_default();
    summary
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no summary in {stdout}"))
}

#[test]
fn flags_beat_environment_beats_config_file() {
    let file = repo_path("helpportal.toml");
    let hostile = repo_path("tests/fixtures/hostile");
    let malformed = repo_path("tests/fixtures/malformed");
    let from_file = binary()
        .arg("--config")
        .arg(&file)
        .arg("check")
        .output()
        .expect("run");
    assert_eq!(loaded_count(&from_file), 5);
    let from_env = binary()
        .arg("--config")
        .arg(&file)
        .arg("check")
        .env("HELPPORTAL_CONTENT", &hostile)
        .output()
        .expect("run");
    assert_eq!(loaded_count(&from_env), 1);
    let from_flag = binary()
        .arg("--config")
        .arg(&file)
        .arg("--content")
        .arg(&malformed)
        .arg("check")
        .env("HELPPORTAL_CONTENT", &hostile)
        .output()
        .expect("run");
    assert_eq!(loaded_count(&from_flag), 4);
}

fn start_server(extra: &[&str]) -> Portal {
    let (mut command, port) = process::command(&repo_path("helpportal.toml"), MEMORY_DB);
    command.args(extra).stderr(Stdio::piped());
    Portal::spawn(command, port)
}

#[cfg(unix)]
#[test]
fn json_request_logs_and_graceful_sigterm() {
    let mut server = start_server(&["--log-format", "json"]);
    let response = http_get(
        server.port,
        "/nl-nl/articles/alchemy-insights/declined-credit-card",
    );
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let start = Instant::now();
    let exit = loop {
        if let Some(exit) = server.child.try_wait().expect("wait") {
            break exit;
        }
        assert!(
            start.elapsed() < Duration::from_secs(25),
            "no shutdown after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "clean exit after SIGTERM: {exit:?}");
    let mut stderr = String::new();
    if let Some(mut err) = server.child.stderr.take() {
        err.read_to_string(&mut stderr).expect("stderr");
    }
    let request_line = BufReader::new(stderr.as_bytes())
        .lines()
        .map_while(Result::ok)
        .find(|l| l.contains("declined-credit-card") && l.contains("request_id"))
        .unwrap_or_else(|| panic!("no request log line in\n{stderr}"));
    let json: serde_json::Value = serde_json::from_str(&request_line).expect("a JSON log line");
    let span = &json["fields"];
    assert_eq!(span["http.status_code"], 200, "{json}");
    assert_eq!(span["http.route"], "/{locale}/articles/{id}*", "{json}");
    assert!(
        span["request_id"].as_str().is_some_and(|id| id.len() >= 32),
        "{json}"
    );
    assert!(
        stderr.contains("\"stopped\"") || stderr.contains("stopped"),
        "{stderr}"
    );
}
