//! HTTP-level tests of the article portal's pages, redirects and error pages.

mod common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use common::*;

const SEED_000: &str = "/nl-nl/articles/azure-billing/billing-troubleshoot-declined-card";
const SEED_001: &str = "/nl-nl/articles/alchemy-insights/declined-credit-card";

#[actix_web::test]
async fn article_page_has_title_meta_breadcrumb_date_and_body() {
    let r = get_default(SEED_000).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").starts_with("text/html"));
    let b = &r.body;
    assert!(b.contains("<html lang=\"nl-NL\">"));
    assert!(b.contains("<title>Problemen met een geweigerde kaart bij Azure-aanmelding oplossen – Helpportal</title>"));
    assert!(b.contains(
        "<meta name=\"description\" content=\"Los problemen met een geweigerde creditcard"
    ));
    assert!(b.contains(&format!(
        "<link rel=\"canonical\" href=\"http://127.0.0.1:8080{SEED_000}\">"
    )));
    assert!(
        b.contains("Laatst bijgewerkt op 12 augustus 2019"),
        "ms.date 08/12/2019 is 12 August"
    );
    assert!(b.contains("aria-label=\"Kruimelpad\""));
    assert!(
        b.contains(">Azure-facturering</a>"),
        "collection display name from the config"
    );
    assert_eq!(b.matches("<h1").count(), 1, "the title is shown once");
    assert!(
        b.contains("<nav class=\"toc\""),
        "two or more sections give a table of contents"
    );
    assert!(!b.contains("noindex"), "seed 000 has no ROBOTS");
    assert!(
        !b.contains("automatisch vertaald"),
        "seed 000 is HT, not MT"
    );
}

#[actix_web::test]
async fn anchor_headings_keep_their_ids_for_deep_links() {
    let b = get_default(SEED_000).await.body;
    assert!(b.contains(
        "<h3 id=\"the-card-is-inactive-or-blocked\">De kaart is niet actief of geblokkeerd"
    ));
    assert!(b.contains("<h1 id=\"troubleshoot-a-declined-card-at-azure-sign-up\">"));
    assert!(
        b.contains("href=\"#the-card-is-inactive-or-blocked\""),
        "section link"
    );
    assert!(b.contains("Link naar deze sectie"));
}

#[actix_web::test]
async fn callouts_get_localized_labels() {
    let nl = get_default(SEED_000).await.body;
    assert!(nl.contains(
        "<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-label\">Opmerking</p>"
    ));
    let en = get_default(&SEED_000.replace("/nl-nl/", "/en-us/")).await;
    assert_eq!(en.status, StatusCode::OK);
    assert!(en.body.contains("<html lang=\"en-US\">"));
    assert!(
        en.body
            .contains("<article class=\"article\" lang=\"nl-NL\">"),
        "the Dutch body keeps its language"
    );
    assert!(en.body.contains("<p class=\"callout-label\">Note</p>"));
    assert!(en.body.contains("Last updated on August 12, 2019"));
    assert!(
        en.body
            .contains("href=\"/nl-nl/articles/azure-billing/billing-troubleshoot-declined-card\""),
        "language switch"
    );
}

#[actix_web::test]
async fn noindex_and_machine_translation_notice_follow_front_matter() {
    let b = get_default(SEED_001).await.body;
    assert!(b.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    assert!(b.contains("Dit artikel is automatisch vertaald."));
    assert!(b.contains("Laatst bijgewerkt op 21 april 2020"));
}

#[actix_web::test]
async fn external_links_are_marked_and_relative_links_resolve() {
    let b = get_default(SEED_000).await.body;
    assert!(b.contains("href=\"https://azure.microsoft.com/pricing/faq/\" class=\"external\" rel=\"noopener noreferrer\""));
    assert!(b.contains("(externe link)"));
    let corpus = get_corpus(SEED_000).await.body;
    assert!(
        corpus.contains("href=\"/nl-nl/articles/azure-billing/billing-how-to-pay-by-invoice\""),
        "relative .md link to a loaded article is local"
    );
    assert!(
        !b.contains("billing-how-to-pay-by-invoice.md"),
        "unloaded targets render as text"
    );
}

#[actix_web::test]
async fn home_page_lists_collections_and_recent_articles() {
    let r = get_default("/nl-nl/").await;
    assert_eq!(r.status, StatusCode::OK);
    let b = &r.body;
    assert!(b.contains("Hoe kunnen we u helpen?"));
    assert!(b.contains("Microsoft 365-beheer") && b.contains("Azure-facturering"));
    assert!(
        b.contains("4 artikelen") && b.contains("1 artikel<"),
        "Dutch plurals"
    );
    assert!(b.contains("action=\"/nl-nl/search\""), "search box");
    assert!(
        b.contains("action=\"/nl-nl/recommend\""),
        "describe-your-problem box"
    );
    assert!(b.contains("Onlangs bijgewerkt"));
    assert!(b.contains(SEED_001));
}

#[actix_web::test]
async fn collection_pages_paginate() {
    let r = get_corpus("/nl-nl/collections/alchemy-insights?page=2").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Pagina 2 van"));
    assert!(r.body.contains("rel=\"prev\""));
    let bad = get_corpus("/nl-nl/collections/alchemy-insights?page=abc").await;
    assert_eq!(bad.status, StatusCode::OK, "a bad page number shows page 1");
    assert_eq!(
        get_corpus("/nl-nl/collections/nope").await.status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn root_redirects_by_accept_language() {
    let nl = send(
        state(DEFAULT.clone(), default_config()),
        TestRequest::get().uri("/"),
    )
    .await;
    assert_eq!(nl.status, StatusCode::FOUND);
    assert_eq!(nl.header("location"), "/nl-nl/");
    let en = send(
        state(DEFAULT.clone(), default_config()),
        TestRequest::get()
            .uri("/")
            .insert_header(("Accept-Language", "en-GB,en;q=0.9")),
    )
    .await;
    assert_eq!(en.header("location"), "/en-us/");
    assert_eq!(en.header("vary"), "Accept-Language");
}

#[actix_web::test]
async fn sloppy_article_urls_redirect_to_the_canonical_one() {
    for uri in [
        "/nl-nl/articles/alchemy-insights/Declined-Credit-Card",
        "/nl-nl/articles/alchemy-insights/declined-credit-card/",
        "/nl-nl/articles/alchemy-insights/declined-credit-card.md",
        "/NL-NL/articles/alchemy-insights/declined-credit-card",
        "/articles/alchemy-insights/declined-credit-card",
    ] {
        let r = get_default(uri).await;
        assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY, "{uri}");
        assert_eq!(r.header("location"), SEED_001, "{uri}");
    }
    let r = get_default("/nl-nl").await;
    assert_eq!(r.header("location"), "/nl-nl/");
}

#[actix_web::test]
async fn ids_with_spaces_are_percent_encoded() {
    let id = "alchemy-insights/sign-out-of-teams-to resolve-loading-chunk-error";
    let article = CORPUS.get(id).expect("corpus has a file name with a space");
    let url = article.url(helpportal::i18n::UiLocale::NlNl);
    assert!(url.contains("%20"));
    let r = get_corpus(&url).await;
    assert_eq!(r.status, StatusCode::OK, "{url}");
}

#[actix_web::test]
async fn unknown_pages_get_a_localized_404_with_search() {
    let r = get_default("/nl-nl/articles/alchemy-insights/bestaat-niet").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Pagina niet gevonden"));
    assert!(r.body.contains("action=\"/nl-nl/search\""));
    assert!(r.body.contains("action=\"/nl-nl/recommend\""));
    let en = get_default("/en-us/nothing/here").await;
    assert_eq!(en.status, StatusCode::NOT_FOUND);
    assert!(en.body.contains("Page not found"));
    let unknown_locale = get_default("/de-de/articles/x").await;
    assert_eq!(unknown_locale.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn every_response_carries_security_headers() {
    for uri in ["/nl-nl/", SEED_000, "/nope", "/static/app.css"] {
        let r = get_default(uri).await;
        let csp = r.header("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{uri}"
        );
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{uri}");
        assert!(!r.header("referrer-policy").is_empty(), "{uri}");
    }
}

#[actix_web::test]
async fn static_assets_are_hashed_cached_and_revalidated() {
    let home = get_default("/nl-nl/").await.body;
    let start = home.find("/static/app.").expect("css link");
    let end = home[start..].find('"').expect("quote") + start;
    let css_url = &home[start..end];
    let r = get_default(css_url).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("cache-control").contains("immutable"));
    assert!(r.header("content-type").starts_with("text/css"));
    let etag = r.header("etag").to_owned();
    let again = send(
        state(DEFAULT.clone(), default_config()),
        TestRequest::get()
            .uri(css_url)
            .insert_header(("If-None-Match", etag)),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
}

#[actix_web::test]
async fn traversal_on_static_and_media_paths_is_refused() {
    for uri in [
        "/static/..%2FCargo.toml",
        "/static/%2e%2e%2fCargo.toml",
        "/media/../Cargo.toml",
        "/media/alchemy-insights/media/..%2F..%2F..%2Fhelpportal.toml",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/alchemy-insights/declined-credit-card.md",
    ] {
        let r = get_default(uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[actix_web::test]
async fn media_images_are_served_from_collection_media_folders() {
    let r = get_corpus("/media/alchemy-insights/media/brightness-slider.png").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), "image/png");
}

#[actix_web::test]
async fn health_endpoints() {
    assert_eq!(get_default("/healthz").await.status, StatusCode::OK);
    let ready = get_default("/readyz").await;
    assert_eq!(ready.status, StatusCode::OK);
    assert!(ready.body.contains("articles: 5"));
}
