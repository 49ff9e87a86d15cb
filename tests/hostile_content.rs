//! Markdown with scripts, event handlers and `javascript:` links renders
//! harmless; markup in the front matter is escaped.

mod common;

use actix_web::http::StatusCode;
use common::*;

#[actix_web::test]
async fn hostile_article_renders_harmless() {
    let config = config_for(&repo_path("tests/fixtures/hostile"));
    let library = load(&config);
    let r = send(
        state(library, config),
        actix_web::test::TestRequest::get().uri("/nl-nl/articles/docs/xss"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let b = r.body.to_lowercase();
    let body_start = b.find("<article").expect("article");
    let article = &b[body_start..];
    assert!(!article.contains("<script"), "{article}");
    assert!(
        !article.contains("onerror")
            && !article.contains("onclick")
            && !article.contains("onmouseover")
    );
    assert!(!article.contains("javascript:"));
    assert!(!article.contains("<iframe"));
    assert!(!article.contains("style="));
    assert!(!article.contains("data:text/html"));
    assert!(
        r.body.contains("name=\"kept-anchor\""),
        "plain anchors survive"
    );
    assert!(r.body.contains("id=\"section-anchor\""));
    assert!(
        r.body.contains("Vijandig &lt;script&gt;") || r.body.contains("Vijandig &#60;script&#62;"),
        "title escaped"
    );
    assert!(
        !b[..body_start].contains("<script>alert"),
        "head and header escape the title"
    );
}
