//! Links from emails and elsewhere: `/go/{id}` for every identifier, the
//! disambiguation page, old ids of deleted articles (front matter and the
//! redirects file), refused open redirects, `sitemap.xml`, `robots.txt`,
//! preview meta and the plain-text rendition.

mod common;

use std::collections::HashMap;
use std::path::Path;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use common::*;

const DECLINED: &str = "/nl-nl/articles/alchemy-insights/declined-credit-card";
const SEED_000: &str = "/nl-nl/articles/azure-billing/billing-troubleshoot-declined-card";

#[actix_web::test]
async fn go_443_lands_on_declined_credit_card() {
    let r = get_default("/go/443").await;
    assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(r.header("location"), DECLINED);
    let en = send(
        state(DEFAULT.clone(), default_config()),
        TestRequest::get()
            .uri("/go/443")
            .insert_header(("Accept-Language", "en-US,en;q=0.8")),
    )
    .await;
    assert_eq!(
        en.header("location"),
        "/en-us/articles/alchemy-insights/declined-credit-card"
    );
    let localized = get_default("/en-us/go/443").await;
    assert_eq!(
        localized.header("location"),
        "/en-us/articles/alchemy-insights/declined-credit-card"
    );
}

/// The front-matter value of `key` in a content file, read without the portal.
fn front_matter_value(file: &str, key: &str) -> String {
    let text = std::fs::read_to_string(repo_path(file)).expect("read");
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(|v| v.trim().trim_matches('"').to_owned())
        .expect("key present")
}

#[actix_web::test]
async fn every_identifier_kind_redirects() {
    let file = "content/alchemy-insights/declined-credit-card.md";
    let ids = [
        "443".to_owned(),
        "1500018".to_owned(),
        front_matter_value(file, "ms.assetid"),
        front_matter_value(file, "ms.assetid").to_uppercase(),
        front_matter_value(file, "ms.locfileid"),
        "alchemy-insights/declined-credit-card".to_owned(),
        "declined-credit-card".to_owned(),
    ];
    for id in ids {
        let r = get_default(&format!("/go/{id}")).await;
        assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY, "{id}");
        assert_eq!(r.header("location"), DECLINED, "{id}");
    }
    let r = get_default("/go/999999999").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Pagina niet gevonden"));
}

#[actix_web::test]
async fn a_shared_identifier_gives_a_choice_page() {
    // Count, straight from the files, which ms.assetid values several
    // corpus articles share.
    let mut by_asset: HashMap<String, Vec<String>> = HashMap::new();
    for article in CORPUS.articles() {
        let text =
            std::fs::read_to_string(corpus_config().content.join(&article.source)).expect("read");
        if let Some(asset) = text
            .lines()
            .take_while(|l| !l.starts_with("# "))
            .find_map(|l| l.strip_prefix("ms.assetid:"))
        {
            by_asset
                .entry(asset.trim().trim_matches('"').to_lowercase())
                .or_default()
                .push(article.id.clone());
        }
    }
    let (asset, ids) = by_asset
        .iter()
        .filter(|(a, _)| a.chars().any(|c| c.is_ascii_alphanumeric()))
        .max_by_key(|(_, ids)| ids.len())
        .expect("assets");
    assert!(ids.len() > 2, "the corpus shares asset ids");
    let r = get_corpus(&format!("/go/{asset}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Kies een artikel"));
    assert!(r.body.contains("<meta name=\"robots\" content=\"noindex"));
    for id in ids {
        let article = CORPUS.get(id).expect("loaded");
        assert!(
            r.body.contains(&format!(
                "href=\"{}\"",
                article.url(helpportal::i18n::UiLocale::NlNl)
            )),
            "{id} is offered"
        );
    }
    let en = get_corpus(&format!("/en-us/go/{asset}")).await;
    assert!(en.body.contains("Choose an article"));
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// A content root with a renamed article (`redirect_from`), a redirects
/// file naming a deleted one, and a bad redirect line.
fn moved_content() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        &root.join("docs/new-name.md"),
        "---\ntitle: Nieuwe naam\nredirect_from:\n- docs/old-name\n- \"7001\"\n---\n# Nieuwe naam\n\nTekst.\n",
    );
    write(
        &root.join("docs/kept.md"),
        "---\ntitle: Behouden\n---\n# Behouden\n\nZie [de nieuwe](new-name.md).\n",
    );
    write(
        &root.join("redirects.txt"),
        "# old id   new article id\ndocs/deleted-article   docs/kept\nOLD-42 docs/kept.md\nbroken-line\ngone docs/nowhere\nevil https://evil.example\n",
    );
    dir
}

async fn get_moved(root: &Path, uri: &str) -> Reply {
    let config = config_for(root);
    send(state(load(&config), config), TestRequest::get().uri(uri)).await
}

#[actix_web::test]
async fn old_ids_of_deleted_and_renamed_articles_keep_working() {
    let dir = moved_content();
    let root = dir.path();
    for (uri, location) in [
        (
            "/nl-nl/articles/docs/old-name",
            "/nl-nl/articles/docs/new-name",
        ),
        (
            "/en-us/articles/docs/Old-Name",
            "/en-us/articles/docs/new-name",
        ),
        ("/articles/docs/old-name", "/nl-nl/articles/docs/new-name"),
        ("/go/docs/old-name", "/nl-nl/articles/docs/new-name"),
        ("/go/7001", "/nl-nl/articles/docs/new-name"),
        (
            "/nl-nl/articles/docs/deleted-article",
            "/nl-nl/articles/docs/kept",
        ),
        ("/go/docs/deleted-article", "/nl-nl/articles/docs/kept"),
        ("/go/old-42", "/nl-nl/articles/docs/kept"),
    ] {
        let r = get_moved(root, uri).await;
        assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY, "{uri}");
        assert_eq!(r.header("location"), location, "{uri}");
    }
    for uri in ["/go/gone", "/go/evil", "/nl-nl/articles/evil"] {
        let r = get_moved(root, uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(r.header("location"), "", "{uri}");
    }
    let library = load(&config_for(root));
    let problems: Vec<String> = library.problems().iter().map(ToString::to_string).collect();
    assert!(
        problems.contains(
            &"redirects.txt:4: redirect must be 'old-id new-article-id' on one line".to_owned()
        ),
        "{problems:?}"
    );
    assert!(
        problems.contains(
            &"redirects.txt:5: redirect target is not a loaded article: docs/nowhere".to_owned()
        ),
        "{problems:?}"
    );
    let kept = get_moved(root, "/nl-nl/articles/docs/new-name").await;
    assert!(
        kept.body.contains("href=\"/nl-nl/articles/docs/kept\""),
        "backlink from kept to new-name"
    );
}

/// Requests that try to make the portal redirect to another host.
const OPEN_REDIRECT_ATTEMPTS: &[&str] = &[
    "/go/https:%2F%2Fevil.example",
    "/go/https://evil.example",
    "/go//evil.example",
    "/go/%2F%2Fevil.example",
    "/go/%5C%5Cevil.example",
    "//evil.example",
    "//evil.example/",
    "///evil.example",
    "/%2F%2Fevil.example",
    "/%2F%2Fevil.example/",
    "/%5Cevil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "/go/\\evil.example",
    "/articles/\\evil.example",
    "/nl-nl/articles/\\evil.example/",
    "/%5C%5Cevil.example/",
    "/articles//evil.example",
    "/articles/%2F%2Fevil.example",
    "/articles/https:%2F%2Fevil.example",
    "/nl-nl/articles//evil.example",
    "/nl-nl/articles/%2F%2Fevil.example/",
    "/nl-nl/articles/%5Cevil.example.md",
    "/nl-nl/articles//evil.example.txt",
    "/nl-nl//evil.example",
    "/nl-nl/go/%2F%2Fevil.example",
    "/NL-NL//evil.example/",
];

#[actix_web::test]
async fn no_request_redirects_off_the_portal() {
    for uri in OPEN_REDIRECT_ATTEMPTS {
        let r = get_default(uri).await;
        assert!(!r.status.is_server_error(), "{uri}: {}", r.status);
        let location = r.header("location");
        if r.status.is_redirection() {
            assert!(location.starts_with('/'), "{uri} → {location}");
            assert!(
                !location.starts_with("//") && !location.starts_with("/\\"),
                "{uri} → {location}"
            );
        }
        assert!(!location.contains("evil.example"), "{uri} → {location}");
    }
}

#[actix_web::test]
async fn sitemap_lists_indexable_articles_under_base_url() {
    let mut config = default_config();
    config.base_url = "https://help.example/".to_owned();
    let r = send(
        state(DEFAULT.clone(), config),
        TestRequest::get().uri("/sitemap.xml"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").starts_with("application/xml"));
    assert!(r.body.starts_with("<?xml"));
    // Count the indexable files independently of the portal.
    let mut indexable = Vec::new();
    for entry in walk(&repo_path("content")) {
        let text = std::fs::read_to_string(&entry).expect("read");
        if !text.contains("NOINDEX") {
            indexable.push(entry);
        }
    }
    assert_eq!(r.body.matches("<url>").count(), indexable.len());
    assert!(
        r.body
            .contains(&format!("<loc>https://help.example{SEED_000}</loc>"))
    );
    assert!(r.body.contains("<lastmod>2019-08-12</lastmod>"));
    assert!(r.body.contains(
        "hreflang=\"en-US\" href=\"https://help.example/en-us/articles/azure-billing/billing-troubleshoot-declined-card\""
    ));
    assert!(
        !r.body.contains("declined-credit-card<"),
        "NOINDEX articles are left out"
    );

    let robots = send(
        state(DEFAULT.clone(), {
            let mut c = default_config();
            c.base_url = "https://help.example".to_owned();
            c
        }),
        TestRequest::get().uri("/robots.txt"),
    )
    .await;
    assert_eq!(robots.status, StatusCode::OK);
    assert!(robots.header("content-type").starts_with("text/plain"));
    assert!(robots.body.contains("User-agent: *"));
    assert!(
        robots
            .body
            .contains("Sitemap: https://help.example/sitemap.xml")
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    files
}

#[actix_web::test]
async fn link_previews_carry_title_description_and_site_name() {
    let r = get_default(SEED_000).await;
    let b = &r.body;
    let title = "Problemen met een geweigerde kaart bij Azure-aanmelding oplossen";
    assert!(b.contains(&format!("<meta property=\"og:title\" content=\"{title}\">")));
    assert!(b.contains(&format!(
        "<meta name=\"twitter:title\" content=\"{title}\">"
    )));
    assert!(b.contains(
        "<meta property=\"og:description\" content=\"Los problemen met een geweigerde creditcard"
    ));
    assert!(b.contains(
        "<meta name=\"twitter:description\" content=\"Los problemen met een geweigerde creditcard"
    ));
    assert!(b.contains("<meta property=\"og:site_name\" content=\"Helpportal\">"));
    assert!(b.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(b.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    assert!(b.contains(&format!(
        "<meta property=\"og:url\" content=\"http://127.0.0.1:8080{SEED_000}\">"
    )));
    assert!(b.contains("<meta property=\"og:locale\" content=\"nl_NL\">"));
}

#[actix_web::test]
async fn headings_offer_copy_link_without_inline_script() {
    let r = get_default(SEED_000).await;
    assert!(
        r.body
            .contains("data-copy-label=\"Link naar deze sectie kopiëren\"")
    );
    assert!(
        r.body.contains("class=\"heading-anchor\" href=\"#"),
        "no-JS fallback"
    );
    assert!(!r.body.contains("<script>"), "no inline script");
    let js_url = r
        .body
        .split("<script src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("script tag")
        .to_owned();
    let js = get_default(&js_url).await;
    assert!(js.body.contains("navigator.clipboard.writeText"));
    assert!(js.body.contains("data-copy-label"));
}

#[actix_web::test]
async fn plain_text_rendition_for_emails() {
    let mut config = corpus_config();
    config.base_url = "https://help.example".to_owned();
    let url = format!("{SEED_000}.txt");
    let r = send(state(CORPUS.clone(), config), TestRequest::get().uri(&url)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").starts_with("text/plain"));
    let t = &r.body;
    assert!(
        t.starts_with("Problemen met een geweigerde kaart bij Azure-aanmelding oplossen\n====="),
        "{t}"
    );
    assert!(!t.contains("<a") && !t.contains("</"), "no HTML: {t}");
    assert!(
        t.contains(
            "(https://help.example/nl-nl/articles/azure-billing/billing-how-to-pay-by-invoice)"
        ),
        "link URLs written out in full: {t}"
    );
    assert!(
        t.contains("(https://azure.microsoft.com/pricing/faq/)"),
        "{t}"
    );
    assert!(
        t.trim_end()
            .ends_with(&format!("https://help.example{SEED_000}")),
        "{t}"
    );
    assert!(t.contains("Opmerking: "), "callout label: {t}");

    // Numbered steps.
    let steps = get_default("/nl-nl/articles/alchemy-insights/payment-declined.txt").await;
    assert_eq!(steps.status, StatusCode::OK);
    assert!(
        steps.body.contains("\n1. ") && steps.body.contains("\n2. "),
        "{}",
        steps.body
    );

    for (uri, location) in [
        (
            "/nl-nl/articles/Alchemy-Insights/Payment-Declined.txt",
            "/nl-nl/articles/alchemy-insights/payment-declined.txt",
        ),
        (
            "/nl-nl/articles/alchemy-insights/payment-declined.TXT",
            "/nl-nl/articles/alchemy-insights/payment-declined.txt",
        ),
        (
            "/articles/alchemy-insights/payment-declined.txt",
            "/nl-nl/articles/alchemy-insights/payment-declined.txt",
        ),
    ] {
        let r = get_default(uri).await;
        assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY, "{uri}");
        assert_eq!(r.header("location"), location, "{uri}");
    }
    assert_eq!(
        get_default("/nl-nl/articles/alchemy-insights/nope.txt")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let page = get_default(SEED_000).await;
    assert!(page.body.contains(&format!("href=\"{SEED_000}.txt\"")));
}

#[actix_web::test]
async fn encoded_slashes_and_sloppy_collection_urls_redirect_to_the_canonical_url() {
    for (uri, location) in [
        (
            "/nl-nl/articles/alchemy-insights%2fdeclined-credit-card",
            DECLINED,
        ),
        (
            "/nl-nl/articles/alchemy-insights%2Fdeclined-credit-card",
            DECLINED,
        ),
        (
            "/nl-nl/articles/alchemy-insights%2FDeclined-Credit-Card",
            DECLINED,
        ),
        (
            "/nl-nl/collections/alchemy-insights/",
            "/nl-nl/collections/alchemy-insights",
        ),
        (
            "/nl-nl/collections/Alchemy-Insights",
            "/nl-nl/collections/alchemy-insights",
        ),
        (
            "/NL-nl/collections/ALCHEMY-INSIGHTS/?page=2",
            "/nl-nl/collections/alchemy-insights?page=2",
        ),
    ] {
        let r = get_default(uri).await;
        assert_eq!(r.status, StatusCode::MOVED_PERMANENTLY, "{uri}");
        assert_eq!(r.header("location"), location, "{uri}");
        let landed = get_default(location).await;
        assert_eq!(landed.status, StatusCode::OK, "{location}");
    }
    let missing = get_default("/nl-nl/collections/nope/").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}
