//! Security headers on every kind of response, and requests that try and
//! fail to abuse the portal: injected markup, traversal, oversized and
//! malformed requests — in-process and over a real TCP socket.

mod common;

use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use common::server::RunningServer;
use common::*;

const ARTICLE: &str = "/nl-nl/articles/alchemy-insights/declined-credit-card";

async fn send_default(req: TestRequest) -> Reply {
    send(state(DEFAULT.clone(), default_config()), req).await
}

fn assert_security_headers(r: &Reply, what: &str) {
    let csp = r.header("content-security-policy");
    assert!(csp.contains("default-src 'self'"), "{what}: {csp}");
    assert!(csp.contains("script-src 'self'"), "{what}: {csp}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{what}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{what}");
    assert!(csp.contains("object-src 'none'"), "{what}");
    assert_eq!(r.header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(
        r.header("referrer-policy"),
        "strict-origin-when-cross-origin",
        "{what}"
    );
}

#[actix_web::test]
async fn security_headers_on_every_kind_of_response() {
    let article = send_default(TestRequest::get().uri(ARTICLE)).await;
    let etag = article.header("etag").to_owned();
    let home = get_default("/nl-nl/").await;
    let css_start = home.body.find("/static/app.").expect("css link");
    let css_end = home.body[css_start..].find('"').expect("quote") + css_start;
    let css = home.body[css_start..css_end].to_owned();
    let css_etag = get_default(&css).await.header("etag").to_owned();
    let cases: Vec<(&str, TestRequest, StatusCode)> = vec![
        ("home", TestRequest::get().uri("/nl-nl/"), StatusCode::OK),
        ("article", TestRequest::get().uri(ARTICLE), StatusCode::OK),
        (
            "article, brotli",
            TestRequest::get()
                .uri(ARTICLE)
                .insert_header(("Accept-Encoding", "br, gzip")),
            StatusCode::OK,
        ),
        (
            "article, revalidated",
            TestRequest::get()
                .uri(ARTICLE)
                .insert_header(("If-None-Match", etag)),
            StatusCode::NOT_MODIFIED,
        ),
        (
            "article, HEAD",
            TestRequest::default().method(Method::HEAD).uri(ARTICLE),
            StatusCode::OK,
        ),
        (
            "collection",
            TestRequest::get().uri("/nl-nl/collections/alchemy-insights"),
            StatusCode::OK,
        ),
        (
            "bad query",
            TestRequest::get().uri("/nl-nl/collections/alchemy-insights?page=1&page=2"),
            StatusCode::BAD_REQUEST,
        ),
        ("static", TestRequest::get().uri(&css), StatusCode::OK),
        (
            "static, revalidated",
            TestRequest::get()
                .uri(&css)
                .insert_header(("If-None-Match", css_etag)),
            StatusCode::NOT_MODIFIED,
        ),
        (
            "static, missing",
            TestRequest::get().uri("/static/nope.css"),
            StatusCode::NOT_FOUND,
        ),
        (
            "root redirect",
            TestRequest::get().uri("/"),
            StatusCode::FOUND,
        ),
        (
            "locale redirect",
            TestRequest::get().uri("/nl-nl"),
            StatusCode::MOVED_PERMANENTLY,
        ),
        (
            "article redirect",
            TestRequest::get().uri("/nl-nl/articles/alchemy-insights/Declined-Credit-Card"),
            StatusCode::MOVED_PERMANENTLY,
        ),
        (
            "404",
            TestRequest::get().uri("/nl-nl/nope"),
            StatusCode::NOT_FOUND,
        ),
        (
            "unknown method",
            TestRequest::default()
                .method(Method::from_bytes(b"BREW").expect("method"))
                .uri("/nl-nl/"),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        ("health", TestRequest::get().uri("/healthz"), StatusCode::OK),
    ];
    for (what, req, status) in cases {
        let r = send_default(req).await;
        assert!(
            r.status == status || (what == "root redirect" && r.status.is_redirection()),
            "{what}: {}",
            r.status
        );
        assert_security_headers(&r, what);
    }
    let media = get_corpus("/media/alchemy-insights/media/brightness-slider.png").await;
    assert_eq!(media.status, StatusCode::OK);
    assert_security_headers(&media, "media");
}

/// Markup that would run script if it reached the page unescaped.
const PAYLOADS: &[&str] = &[
    "<script>alert(\"x\")</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "javascript:alert(1)",
];

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The payload does not appear as markup: neither raw nor as an attribute
/// that escaped its quotes.
fn assert_escaped(body: &str, payload: &str, what: &str) {
    assert!(
        !body.contains(payload) || !payload.contains(['<', '"', '\'']),
        "{what}: raw {payload}"
    );
    let lower = body.to_lowercase();
    assert!(!lower.contains("<script>alert"), "{what}");
    assert!(!lower.contains("<img src=x"), "{what}");
    assert!(!lower.contains("<svg onload"), "{what}");
    assert!(!lower.contains("href=\"javascript:"), "{what}");
}

/// Every page that reads `q` or `problem` — the search and recommended-steps
/// pages once they exist, the home page and error pages now — escapes them.
#[actix_web::test]
async fn markup_in_q_problem_and_path_is_escaped() {
    let pages = [
        "/nl-nl/",
        "/nl-nl/search",
        "/en-us/search",
        "/nl-nl/recommend",
        "/nl-nl/collections/alchemy-insights",
        "/nl-nl/nope",
    ];
    for payload in PAYLOADS {
        let encoded = percent_encode(payload);
        for page in pages {
            for param in ["q", "problem"] {
                let uri = format!("{page}?{param}={encoded}");
                let r = get_default(&uri).await;
                assert!(!r.status.is_server_error(), "{uri}: {}", r.status);
                assert_escaped(&r.body, payload, &uri);
            }
        }
        for uri in [
            format!("/nl-nl/{encoded}"),
            format!("/nl-nl/articles/{encoded}"),
            format!("/nl-nl/collections/{encoded}"),
            format!("/{encoded}/articles/x"),
            format!("/static/{encoded}"),
        ] {
            let r = get_default(&uri).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
            assert_escaped(&r.body, payload, &uri);
        }
    }
}

/// Traversal variants beyond the plain ones in `http_pages.rs`: double
/// encoding, backslashes, NUL bytes, absolute and overlong forms.
#[actix_web::test]
async fn encoded_traversal_variants_are_refused() {
    for uri in [
        "/static/%252e%252e%252fCargo.toml",
        "/static/..%5cCargo.toml",
        "/static/.%2e/.%2e/Cargo.toml",
        "/static/app.css%00.png",
        "/static/%2fetc%2fpasswd",
        "/media/alchemy-insights/media/%252e%252e/%252e%252e/helpportal.toml",
        "/media/alchemy-insights/media/..%5c..%5chelpportal.toml",
        "/media/alchemy-insights/media/%c0%ae%c0%ae/%c0%ae%c0%ae/x.png",
        "/media/alchemy-insights/media/x.png%00.md",
        "/media//etc/media/passwd.png",
        "/media/alchemy-insights/media/./../../../Cargo.toml",
        "/media/alchemy-insights/media/.hidden.png",
    ] {
        let r = get_corpus(uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!r.body.contains("[package]"), "{uri}");
    }
}

#[actix_web::test]
async fn hsts_whenever_the_public_url_is_https() {
    let mut config = default_config();
    config.base_url = "https://help.example.nl".into();
    let https = state(DEFAULT.clone(), config);
    for uri in [
        "/nl-nl/",
        ARTICLE,
        "/nl-nl/nope",
        "/staff/login",
        "/healthz",
    ] {
        let r = send(https.clone(), TestRequest::get().uri(uri)).await;
        assert_eq!(
            r.header("strict-transport-security"),
            "max-age=31536000; includeSubDomains",
            "{uri}"
        );
    }
    let plain = get_default("/nl-nl/").await;
    assert!(plain.headers.get("strict-transport-security").is_none());
}

#[actix_web::test]
async fn one_vary_header_whatever_the_coding() {
    for coding in [None, Some("gzip"), Some("br")] {
        let app = state(DEFAULT.clone(), default_config());
        // The first request renders the page, the second comes from cache.
        for round in ["rendered", "cached"] {
            let mut req = TestRequest::get().uri(ARTICLE);
            if let Some(coding) = coding {
                req = req.insert_header(("Accept-Encoding", coding));
            }
            let r = send(app.clone(), req).await;
            let vary: Vec<_> = r.headers.get_all("vary").collect();
            assert_eq!(vary.len(), 1, "{coding:?} {round}: {vary:?}");
        }
    }
    let home = get_default("/nl-nl/").await;
    assert_eq!(home.headers.get_all("vary").count(), 1);
}

#[actix_web::test]
async fn oversized_and_odd_requests_get_a_4xx() {
    // `http::Uri` holds at most 64 KiB, and up to that a long description
    // or query still gets a normal page; the 100 KB one is refused over a
    // real socket below.
    let long_query = format!("/nl-nl/?q={}", "a".repeat(60 * 1024));
    let r = get_default(&long_query).await;
    assert_eq!(r.status, StatusCode::OK, "60 KB query");
    let long_search = format!("/nl-nl/search?q={}", "%3C".repeat(20 * 1024));
    let r = get_default(&long_search).await;
    assert_eq!(r.status, StatusCode::OK, "long search");
    assert!(!r.body.contains("<<<"), "the query is escaped");
    for method in ["BREW", "PROPFIND", "TRACE", "CONNECT", "DELETE", "PUT"] {
        for uri in ["/nl-nl/", ARTICLE, "/nl-nl/nope", "/api/v1/search?q=x"] {
            let r = send_default(
                TestRequest::default()
                    .method(Method::from_bytes(method.as_bytes()).expect("method"))
                    .uri(uri),
            )
            .await;
            assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
            assert_eq!(r.header("allow"), "GET, HEAD", "{method} {uri}");
        }
    }
    for uri in ["/nl-nl/", "/nl-nl/search", "/nl-nl/recommend", ARTICLE] {
        let r = send_default(
            TestRequest::post()
                .uri(uri)
                .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
                .set_payload(vec![b'a'; 1024 * 1024]),
        )
        .await;
        assert!(
            r.status.is_client_error(),
            "POST 1 MiB to {uri}: {}",
            r.status
        );
    }
}

#[test]
fn a_real_server_refuses_oversized_and_odd_requests_with_a_4xx() {
    let server = RunningServer::start(DEFAULT.clone(), default_config());
    let get =
        |target: &str| format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(server.raw_status(get("/nl-nl/").as_bytes()), 200);
    let long = get(&format!("/nl-nl/search?q={}", "a".repeat(100 * 1024)));
    let status = server.raw_status(long.as_bytes());
    assert_eq!(status, 414, "100 KB query");
    // Up to the URI limit a long description still gets a normal page
    // (recommended steps); beyond it the request is refused.
    let long_home = get(&format!("/nl-nl/?q={}", "b".repeat(70 * 1024)));
    let status = server.raw_status(long_home.as_bytes());
    assert_eq!(status, 414, "70 KB query");
    let status =
        server.raw_status(b"BREW /nl-nl/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 405, "unknown method");
    let big_header = format!(
        "GET /nl-nl/ HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "c".repeat(200 * 1024)
    );
    let status = server.raw_status(big_header.as_bytes());
    // actix answers 431 after 128 KiB and closes; the client may see the
    // reset before the answer. Either way the request is refused.
    assert!(
        status == 0 || (400..500).contains(&status),
        "200 KB header: {status}"
    );
    let mut body = format!(
        "POST /nl-nl/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        2 * 1024 * 1024
    )
    .into_bytes();
    // The server answers before reading it all; send the first part.
    body.extend(std::iter::repeat_n(b'q', 16 * 1024));
    let status = server.raw_status(&body);
    assert!((400..500).contains(&status), "2 MiB body: {status}");
    let status =
        server.raw_status(b"GET /nl-nl/ HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n");
    assert!((400..500).contains(&status), "negative length: {status}");
    let status = server.raw_status(b"GET /nl-nl/\x01\x02 HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!((400..500).contains(&status), "control bytes: {status}");
    // Still serving after all of that.
    assert_eq!(server.raw_status(get(ARTICLE).as_bytes()), 200);
}

#[test]
fn over_long_uris_get_the_localized_414_page_with_the_security_headers() {
    let server = RunningServer::start(DEFAULT.clone(), default_config());
    let ask = |target: &str, language: &str, method: &str| {
        let request = format!(
            "{method} {target} HTTP/1.1\r\nHost: x\r\nAccept-Language: {language}\r\nConnection: close\r\n\r\n"
        );
        server.raw_answer(request.as_bytes())
    };
    for (bytes, target) in [
        (63 * 1024 + 10, "/nl-nl/search?q="),
        (64 * 1024, "/nl-nl/search?q="),
        (100 * 1024, "/nl-nl/recommend?problem="),
        (200 * 1024, "/?q="),
        (1024 * 1024, "/static/"),
    ] {
        let long = format!("{target}{}", "a".repeat(bytes));
        let answer = ask(&long, "en-US,en;q=0.9", "GET");
        let what = format!("{bytes} bytes after {target}");
        assert!(
            answer.starts_with("HTTP/1.1 414 "),
            "{what}: {}",
            &answer[..answer.len().min(300)]
        );
        let head = answer
            .split("\r\n\r\n")
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        assert!(
            head.contains("content-security-policy: default-src 'self'"),
            "{what}: {head}"
        );
        assert!(head.contains("x-content-type-options: nosniff"), "{what}");
        assert!(answer.contains("Address too long"), "{what}");
    }
    let dutch = ask(
        &format!("/nl-nl/?q={}", "b".repeat(70 * 1024)),
        "nl-NL",
        "GET",
    );
    assert!(dutch.starts_with("HTTP/1.1 414 "));
    assert!(dutch.contains("Adres te lang"));
    let head = ask(
        &format!("/nl-nl/?q={}", "c".repeat(70 * 1024)),
        "nl-NL",
        "HEAD",
    );
    assert!(head.starts_with("HTTP/1.1 414 "));
    assert!(!head.contains("Adres te lang"), "no body for HEAD");
    // Right below the limit the page is served as usual.
    let fine = ask(
        &format!("/nl-nl/?q={}", "d".repeat(60 * 1024)),
        "nl-NL",
        "GET",
    );
    assert!(fine.starts_with("HTTP/1.1 200 "));
    // A keep-alive connection carries on after a long request.
    let both = format!(
        "GET /nl-nl/?q={} HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "e".repeat(80 * 1024)
    );
    let answers = server.raw_answer(both.as_bytes());
    assert!(
        answers.starts_with("HTTP/1.1 414 "),
        "{}",
        &answers[..200.min(answers.len())]
    );
    assert!(
        answers.contains("HTTP/1.1 200 "),
        "the second request is answered"
    );
}
