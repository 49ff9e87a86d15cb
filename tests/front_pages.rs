//! What a customer sees first: the home and collection pages'
//! "Veelgestelde vragen" (from opened results, topped up from the featured
//! list, never NOINDEX), titles without source numbers, and the
//! machine-translation notice with its link to the English original on
//! article pages, in the plain text and on recommended steps.

mod common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use common::insights::connected;
use common::*;
use helpportal::i18n::UiLocale;
use helpportal::insights::{Event, OpenEvent, QueryKind, tokens};
use helpportal::popular::WINDOW_SECS;

/// The `(href, text)` of every list entry `<li><a href="…">text</a>` inside
/// the element that starts at `marker` and ends at `end`.
fn entries(html: &str, marker: &str, end: &str) -> Vec<(String, String)> {
    let Some(start) = html.find(marker) else {
        return Vec::new();
    };
    let section = &html[start..];
    let section = &section[..section.find(end).unwrap_or(section.len())];
    section
        .split("<li><a href=\"")
        .skip(1)
        .filter_map(|piece| {
            let (href, rest) = piece.split_once("\">")?;
            let (text, _) = rest.split_once("</a>")?;
            Some((href.to_owned(), text.to_owned()))
        })
        .collect()
}

fn faq(html: &str) -> Vec<(String, String)> {
    entries(html, "<section class=\"faq\"", "</section>")
}

fn id_of(href: &str) -> &str {
    href.strip_prefix("/nl-nl/articles/").unwrap_or(href)
}

/// Whether a title starts with a bare number (`8000001 …`).
fn starts_with_bare_number(title: &str) -> bool {
    title
        .split_whitespace()
        .next()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
}

fn opened(article: &str, at: i64) -> Event {
    Event::Opened(OpenEvent {
        at,
        kind: QueryKind::Search,
        query: "vraag".into(),
        article: article.into(),
    })
}

#[actix_web::test]
async fn without_data_the_lists_come_from_the_featured_articles() {
    let config = corpus_config();
    let featured = config.home.featured.clone();
    let home = get_corpus("/nl-nl/").await.body;
    let listed = faq(&home);
    assert_eq!(listed.len(), 8, "{listed:?}");
    let ids: Vec<&str> = listed.iter().map(|(href, _)| id_of(href)).collect();
    assert_eq!(
        ids,
        featured[..8].iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(home.contains("<h2 id=\"hp-faq-title\">Veelgestelde vragen</h2>"));
    let card = entries(&home, "id=\"hp-col-alchemy-insights\"", "</section>");
    assert_eq!(
        card.iter().map(|(h, _)| id_of(h)).collect::<Vec<_>>(),
        [
            "alchemy-insights/restore-deleted-mailbox",
            "alchemy-insights/password-sync",
            "alchemy-insights/looking-to-buy-a-new-subscription",
        ],
        "the only three Microsoft 365 articles without NOINDEX, featured order"
    );
}

#[actix_web::test]
async fn no_list_on_the_home_or_collection_pages_starts_with_a_bare_number() {
    let mut pages = vec![get_corpus("/nl-nl/").await.body];
    for key in ["alchemy-insights", "azure-billing"] {
        for query in ["", "?sort=popular"] {
            pages.push(
                get_corpus(&format!("/nl-nl/collections/{key}{query}"))
                    .await
                    .body,
            );
        }
    }
    for page in &pages {
        let lists = page.split("<ul").skip(1).chain(page.split("<ol").skip(1));
        for list in lists {
            let first = entries(list, "", "</li>").into_iter().next();
            if let Some((href, title)) = first {
                assert!(!starts_with_bare_number(&title), "{href}: {title}");
            }
        }
        for (href, _) in faq(page) {
            let article = CORPUS.get(id_of(&href)).expect("a loaded article");
            assert!(!article.meta.noindex(), "NOINDEX listed: {href}");
        }
    }
}

#[actix_web::test]
async fn opened_results_lead_the_lists_once_refreshed() {
    let state = state(CORPUS.clone(), corpus_config());
    connected(&state.insights).await;
    let now = tokens::now();
    let spending = "azure-billing/billing-spending-limit";
    let invoice = "azure-billing/billing-how-to-pay-by-invoice";
    let focused = "alchemy-insights/turn-off-focused-inbox";
    assert!(CORPUS.get(focused).expect("loaded").meta.noindex());
    let mut events = Vec::new();
    events.extend((0..3).map(|_| opened(spending, now)));
    events.extend((0..2).map(|_| opened(invoice, now - 60)));
    events.extend((0..5).map(|_| opened(focused, now)));
    // Older than the window: does not count, however often.
    events
        .extend((0..9).map(|_| opened("azure-billing/billing-ea-pricing", now - WINDOW_SECS - 10)));
    state
        .insights
        .store
        .insert_events(events, std::time::Duration::from_secs(10))
        .await
        .expect("events stored");

    let before = send(state.clone(), TestRequest::get().uri("/nl-nl/"))
        .await
        .body;
    assert_eq!(
        id_of(&faq(&before)[0].0),
        corpus_config().home.featured[0],
        "pages read the lists; they do not query per request"
    );

    state.popular.refresh().await.expect("refreshed");
    let home = send(state.clone(), TestRequest::get().uri("/nl-nl/"))
        .await
        .body;
    let ids: Vec<String> = faq(&home)
        .iter()
        .map(|(h, _)| id_of(h).to_owned())
        .collect();
    assert_eq!(ids[..2], [spending, invoice], "{ids:?}");
    assert!(!ids.iter().any(|id| id == focused), "NOINDEX never listed");
    assert!(
        !ids.iter()
            .any(|id| id == "azure-billing/billing-ea-pricing")
    );
    assert_eq!(ids.len(), 8, "topped up from the featured list");
    assert_eq!(ids[2], corpus_config().home.featured[0]);

    let billing = send(
        state.clone(),
        TestRequest::get().uri("/nl-nl/collections/azure-billing"),
    )
    .await
    .body;
    let collection_faq: Vec<String> = faq(&billing)
        .iter()
        .map(|(h, _)| id_of(h).to_owned())
        .collect();
    assert_eq!(collection_faq[..2], [spending, invoice]);
    let by_popularity = send(
        state.clone(),
        TestRequest::get().uri("/nl-nl/collections/alchemy-insights?sort=popular"),
    )
    .await
    .body;
    let section = by_popularity
        .split_once("<section class=\"all-articles\"")
        .map_or("", |(_, rest)| rest);
    let all = entries(section, "<ul class=\"article-list\">", "</ul>");
    assert_eq!(id_of(&all[0].0), focused, "the full list has every article");
    assert!(by_popularity.contains("<strong aria-current=\"true\">Meest gelezen</strong>"));
    let pagination = by_popularity
        .split_once("class=\"pagination\"")
        .map_or("", |(_, rest)| rest);
    assert!(
        pagination.contains("href=\"/nl-nl/collections/alchemy-insights?sort=popular&#38;page=2\""),
        "{pagination}"
    );
    let page_two = send(
        state.clone(),
        TestRequest::get().uri("/nl-nl/collections/alchemy-insights?sort=popular&page=2"),
    )
    .await
    .body;
    assert!(page_two.contains("Pagina 2 van"));
    assert!(
        faq(&page_two).is_empty(),
        "the frequently asked list is on page 1"
    );
}

#[actix_web::test]
async fn titles_are_shown_without_their_source_numbers() {
    let cleaned: Vec<_> = CORPUS.cleaned_titles().collect();
    let numbered = cleaned
        .iter()
        .filter(|a| a.source_title.starts_with(|c: char| c.is_ascii_digit()))
        .count();
    assert_eq!(numbered, 168, "leading source numbers left out");
    assert_eq!(cleaned.len() - numbered, 40, "'| Microsoft Docs' left out");
    let kept = CORPUS
        .get("alchemy-insights/401-unauthorized-error-sharepoint")
        .expect("loaded");
    assert_eq!(kept.title, "401 Niet-geautoriseerde fout in SharePoint");

    let url = "/nl-nl/articles/alchemy-insights/turn-off-focused-inbox";
    let page = get_corpus(url).await.body;
    assert!(page.contains("<title>Postvak IN met focus uitschakelen – Helpportal</title>"));
    assert!(page.contains(">Postvak IN met focus uitschakelen</h1>"));
    assert!(!page.contains("8000001 Postvak"));
    let text = get_corpus(&format!("{url}.txt")).await.body;
    assert!(
        text.starts_with("Postvak IN met focus uitschakelen\n"),
        "{text}"
    );

    let found = get_corpus("/api/v1/search?q=8000001").await.body;
    let found: serde_json::Value = serde_json::from_str(&found).expect("JSON");
    let hit = found["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["id"] == "alchemy-insights/turn-off-focused-inbox")
        .expect("the number still finds the article");
    assert_eq!(hit["title"], "Postvak IN met focus uitschakelen");
}

#[actix_web::test]
async fn every_machine_translated_article_links_its_english_original() {
    let app =
        actix_web::test::init_service(helpportal::web::app(state(CORPUS.clone(), corpus_config())))
            .await;
    let mut seen = (0, 0);
    for article in CORPUS.articles() {
        let url = article.url(UiLocale::NlNl);
        let response =
            actix_web::test::call_service(&app, TestRequest::get().uri(&url).to_request()).await;
        assert_eq!(response.status(), StatusCode::OK, "{url}");
        let body =
            String::from_utf8_lossy(&actix_web::test::read_body(response).await).into_owned();
        let notice = body.contains("Dit artikel is automatisch vertaald.");
        assert_eq!(notice, article.meta.machine_translated(), "{url}");
        if notice {
            let original = CORPUS
                .original_url(article)
                .expect("both collections have origins");
            assert!(
                body.contains(&format!(
                    "<a href=\"{original}\" hreflang=\"en-US\">Lees het Engelse origineel</a>"
                )),
                "{url}"
            );
            seen.0 += 1;
        } else {
            seen.1 += 1;
        }
    }
    assert_eq!(seen, (2545, 542), "MT articles and the others (HT, Auto)");
    let card = CORPUS
        .get("azure-billing/billing-spending-limit")
        .expect("loaded");
    assert_eq!(
        CORPUS.original_url(card).as_deref(),
        Some("https://docs.microsoft.com/en-us/azure/billing/billing-spending-limit")
    );
}

#[actix_web::test]
async fn plain_text_and_recommended_steps_carry_the_notice_too() {
    let mt = get_corpus("/nl-nl/articles/alchemy-insights/turn-off-focused-inbox.txt")
        .await
        .body;
    assert!(
        mt.contains(
            "Dit artikel is automatisch vertaald. De tekst kan fouten bevatten. Engels origineel: \
         https://docs.microsoft.com/en-us/AlchemyInsights/turn-off-focused-inbox\n"
        ),
        "{mt}"
    );
    let ht = get_corpus("/nl-nl/articles/azure-billing/billing-troubleshoot-declined-card.txt")
        .await
        .body;
    assert!(!ht.contains("automatisch vertaald"), "{ht}");

    let mut shown = (0, 0);
    for problem in [
        "Mijn betaling is geweigerd",
        "Ik wil direct betalen",
        "mijn creditcard wordt geweigerd als ik me aanmeld voor Azure",
        "betalingsgegevens wijzigen in azure",
    ] {
        let query = serde_urlencoded::to_string([("problem", problem)]).expect("encode");
        let body = get_default(&format!("/nl-nl/recommend?{query}")).await.body;
        let Some(start) = body.find("<section class=\"recommendation\"") else {
            continue;
        };
        let solution = &body[start..];
        let href = solution
            .split_once("<h2><a href=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(href, _)| href)
            .expect("the solution's link");
        let article = DEFAULT.get(id_of(href)).expect("loaded");
        let notice = solution.contains("Dit artikel is automatisch vertaald.");
        assert_eq!(
            notice,
            article.meta.machine_translated(),
            "{problem}: {href}"
        );
        if notice {
            shown.0 += 1;
        } else {
            shown.1 += 1;
        }
    }
    assert!(
        shown.0 > 0 && shown.1 > 0,
        "both kinds of solution were shown: {shown:?}"
    );
}
