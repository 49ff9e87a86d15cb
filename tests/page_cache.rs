//! Article pages come from memory, precompressed for clients that accept
//! brotli or gzip, with a strong `ETag` per coding and `304 Not Modified`.

mod common;

use std::io::Read;

use actix_web::dev::Service;
use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use common::*;

const ARTICLE: &str = "/nl-nl/articles/azure-billing/billing-troubleshoot-declined-card";

struct Raw {
    status: StatusCode,
    headers: actix_web::http::header::HeaderMap,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// Sends every request through one app instance (one cache), returning raw
/// bodies, still compressed.
async fn send_all(requests: Vec<TestRequest>) -> Vec<Raw> {
    let app = test::init_service(helpportal::web::app(state(
        DEFAULT.clone(),
        default_config(),
    )))
    .await;
    let mut out = Vec::new();
    for req in requests {
        let res = app.call(req.to_request()).await.expect("no error");
        let status = res.status();
        let headers = res.headers().clone();
        let body = test::read_body(res).await.to_vec();
        out.push(Raw {
            status,
            headers,
            body,
        });
    }
    out
}

fn accepting(encoding: &str) -> TestRequest {
    TestRequest::get()
        .uri(ARTICLE)
        .insert_header(("Accept-Encoding", encoding))
}

#[actix_web::test]
async fn article_pages_are_precompressed_per_accepted_coding() {
    let replies = send_all(vec![
        TestRequest::get().uri(ARTICLE),
        accepting("gzip"),
        accepting("gzip, deflate, br"),
        accepting("br;q=0.5, gzip;q=1"),
        accepting("identity"),
    ])
    .await;
    let plain = &replies[0];
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.header("content-encoding"), "");
    assert!(plain.header("content-type").starts_with("text/html"));
    let html = String::from_utf8(plain.body.clone()).expect("utf-8");
    assert!(html.contains("Laatst bijgewerkt op 12 augustus 2019"));

    let gz = &replies[1];
    assert_eq!(gz.header("content-encoding"), "gzip");
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(&gz.body[..])
        .read_to_string(&mut unzipped)
        .expect("valid gzip");
    assert_eq!(unzipped, html);

    let br = &replies[2];
    assert_eq!(br.header("content-encoding"), "br");
    let mut unbrotli = String::new();
    brotli::Decompressor::new(&br.body[..], 4096)
        .read_to_string(&mut unbrotli)
        .expect("valid brotli");
    assert_eq!(unbrotli, html);
    assert!(br.body.len() < gz.body.len(), "brotli beats gzip on HTML");
    assert!(gz.body.len() * 3 < html.len());

    assert_eq!(
        replies[3].header("content-encoding"),
        "gzip",
        "q-values count"
    );
    assert_eq!(replies[4].header("content-encoding"), "");

    for r in &replies {
        assert!(r.header("vary").to_lowercase().contains("accept-encoding"));
        assert!(r.header("etag").starts_with('"'), "strong ETag");
        assert_eq!(r.header("cache-control"), "no-cache");
    }
    let tags: Vec<&str> = replies[..3].iter().map(|r| r.header("etag")).collect();
    assert_ne!(tags[0], tags[1], "each coding has its own ETag");
    assert_ne!(tags[1], tags[2]);
    assert_eq!(replies[0].header("etag"), replies[4].header("etag"));
}

#[actix_web::test]
async fn if_none_match_gives_304_and_a_stale_tag_the_page() {
    // One app (one cache) for the first answer and the revalidations.
    let app = test::init_service(helpportal::web::app(state(
        DEFAULT.clone(),
        default_config(),
    )))
    .await;
    let first = app
        .call(accepting("br").to_request())
        .await
        .expect("no error");
    let etag = first
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mut replies = Vec::new();
    for req in [
        accepting("br").insert_header(("If-None-Match", etag.clone())),
        accepting("gzip").insert_header(("If-None-Match", etag.clone())),
        accepting("br").insert_header(("If-None-Match", "\"0000\", W/\"x\"")),
        TestRequest::get()
            .uri(&ARTICLE.replace("/nl-nl/", "/en-us/"))
            .insert_header(("If-None-Match", etag.clone())),
    ] {
        let res = app.call(req.to_request()).await.expect("no error");
        let status = res.status();
        let headers = res.headers().clone();
        let body = test::read_body(res).await.to_vec();
        replies.push(Raw {
            status,
            headers,
            body,
        });
    }
    assert_eq!(replies[0].status, StatusCode::NOT_MODIFIED);
    assert!(replies[0].body.is_empty());
    assert_eq!(replies[0].header("etag"), etag);
    assert_eq!(
        replies[1].status,
        StatusCode::NOT_MODIFIED,
        "same page, other coding"
    );
    assert_eq!(replies[2].status, StatusCode::OK);
    assert_eq!(
        replies[3].status,
        StatusCode::OK,
        "the English page is another page"
    );
    assert_ne!(replies[3].header("etag"), etag);
}

#[actix_web::test]
async fn cached_pages_match_a_fresh_render_and_follow_the_snapshot() {
    let replies = send_all(vec![
        TestRequest::get().uri(ARTICLE),
        TestRequest::get().uri(ARTICLE),
        TestRequest::get().uri("/readyz"),
    ])
    .await;
    assert_eq!(replies[0].body, replies[1].body);
    let ready = String::from_utf8_lossy(&replies[2].body);
    assert!(ready.contains("cached pages: 1 ("), "{ready}");
    assert_eq!(replies[0].header("etag"), replies[1].header("etag"));

    // A new snapshot with other content gets its own pages.
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    let write = |body: &str| {
        std::fs::write(
            docs.join("page.md"),
            format!("---\ntitle: Pagina\n---\n# Pagina\n\n{body}\n"),
        )
        .expect("write")
    };
    write("Eerste versie.");
    let config = config_for(dir.path());
    let handle = helpportal::library::LibraryHandle::from_arc(load(&config));
    let app_state = helpportal::web::AppState::new(handle.clone(), config.clone());
    let app = test::init_service(helpportal::web::app(app_state)).await;
    let get = || {
        TestRequest::get()
            .uri("/nl-nl/articles/docs/page")
            .to_request()
    };
    let before = test::read_body(app.call(get()).await.expect("ok")).await;
    assert!(String::from_utf8_lossy(&before).contains("Eerste versie."));
    write("Tweede versie.");
    handle.replace(helpportal::library::Library::load(&config).expect("loads"));
    let after = test::read_body(app.call(get()).await.expect("ok")).await;
    let after = String::from_utf8_lossy(&after);
    assert!(after.contains("Tweede versie."), "{after}");
}

#[actix_web::test]
async fn a_page_from_the_cache_carries_what_the_first_render_did() {
    let replies = send_all(vec![
        accepting("br, gzip"),
        accepting("br, gzip"),
        TestRequest::default()
            .method(actix_web::http::Method::HEAD)
            .uri(ARTICLE)
            .insert_header(("Accept-Encoding", "br, gzip")),
    ])
    .await;
    let (first, cached, head) = (&replies[0], &replies[1], &replies[2]);
    assert_eq!(cached.status, StatusCode::OK);
    assert_eq!(cached.body, first.body);
    for r in [cached, head] {
        for name in [
            "content-type",
            "content-encoding",
            "etag",
            "vary",
            "cache-control",
            "content-security-policy",
            "x-content-type-options",
            "referrer-policy",
            "x-frame-options",
        ] {
            assert!(!first.header(name).is_empty(), "{name} on the first render");
            assert_eq!(r.header(name), first.header(name), "{name}");
        }
    }
}

#[actix_web::test]
async fn pages_made_per_request_are_compressed_for_clients_that_accept_it() {
    let search = "/nl-nl/search?q=factuur%20betalen";
    let api = "/api/v1/search?q=factuur";
    let replies = send_all(vec![
        TestRequest::get().uri(search),
        TestRequest::get()
            .uri(search)
            .insert_header(("Accept-Encoding", "br, gzip")),
        TestRequest::get()
            .uri(api)
            .insert_header(("Accept-Encoding", "gzip")),
        TestRequest::get().uri(api),
    ])
    .await;
    let plain = &replies[0];
    assert_eq!(plain.header("content-encoding"), "");
    let html = String::from_utf8(plain.body.clone()).expect("utf-8");
    assert!(html.contains("<mark>"), "a results page");

    let br = &replies[1];
    assert_eq!(br.header("content-encoding"), "br");
    assert!(br.header("vary").to_lowercase().contains("accept-encoding"));
    assert!(!br.header("content-security-policy").is_empty());
    let mut unbrotli = String::new();
    brotli::Decompressor::new(&br.body[..], 4096)
        .read_to_string(&mut unbrotli)
        .expect("valid brotli");
    assert_eq!(unbrotli, html);
    assert!(
        br.body.len() * 2 < html.len(),
        "{} of {}",
        br.body.len(),
        html.len()
    );

    let gz = &replies[2];
    assert_eq!(gz.header("content-encoding"), "gzip");
    let mut json = String::new();
    flate2::read::GzDecoder::new(&gz.body[..])
        .read_to_string(&mut json)
        .expect("valid gzip");
    assert_eq!(json.as_bytes(), &replies[3].body[..]);
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert!(value["total"].as_u64().is_some_and(|n| n > 0), "{json}");
}

#[actix_web::test]
async fn a_search_asked_again_is_answered_from_its_rendered_page() {
    let search = "/nl-nl/search?q=wachtwoord%20wijzigen";
    let replies = send_all(vec![
        TestRequest::get().uri(search),
        TestRequest::get().uri(search),
        TestRequest::get()
            .uri(search)
            .insert_header(("Accept-Encoding", "gzip")),
        TestRequest::get().uri("/nl-nl/search?q=creditcard"),
        TestRequest::get().uri("/en-us/search?q=wachtwoord%20wijzigen"),
        TestRequest::get().uri("/readyz"),
    ])
    .await;
    assert_eq!(replies[0].status, StatusCode::OK);
    assert_eq!(replies[1].body, replies[0].body);
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&replies[2].body[..])
        .read_to_end(&mut unzipped)
        .expect("valid gzip");
    assert_eq!(unzipped, replies[0].body);
    assert_ne!(
        replies[3].body, replies[0].body,
        "another search, another page"
    );
    assert_ne!(replies[4].body, replies[0].body, "so is each locale");
    let ready = String::from_utf8_lossy(&replies[5].body);
    assert!(ready.contains("cached search pages: 3"), "{ready}");
}
