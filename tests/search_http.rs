//! HTTP-level tests of search: the results page, the JSON API, title
//! suggestions, the OpenSearch description, hostile input, pagination,
//! filters, sorting and the related-articles block on article pages.

mod common;

use actix_web::http::StatusCode;
use common::*;

fn enc(q: &str) -> String {
    form_urlencoded::byte_serialize(q.as_bytes()).collect()
}

async fn search_page(q: &str) -> Reply {
    get_corpus(&format!("/nl-nl/search?q={}", enc(q))).await
}

async fn api(query: &str) -> serde_json::Value {
    let r = get_corpus(&format!("/api/v1/search?{query}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").starts_with("application/json"));
    serde_json::from_str(&r.body).expect("valid JSON")
}

#[actix_web::test]
async fn results_page_shows_count_links_breadcrumb_date_and_marked_snippet() {
    let r = search_page("geweigerde creditcard").await;
    assert_eq!(r.status, StatusCode::OK);
    let b = &r.body;
    assert!(
        b.contains("value=\"geweigerde creditcard\""),
        "query stays in the box"
    );
    assert!(b.contains(" resultaten</p>"), "plural count");
    assert!(b.contains("href=\"/nl-nl/articles/alchemy-insights/declined-credit-card\""));
    assert!(
        b.contains(">Microsoft 365-beheer</a>"),
        "breadcrumb with collection name"
    );
    assert!(b.contains("<mark>"), "matched words highlighted");
    assert!(b.contains("href=\"/nl-nl/collections/alchemy-insights\""));
    assert!(b.contains(" 2021</span>"), "dates are shown");
    assert!(b.contains("rel=\"next\""), "more than one page");
}

#[actix_web::test]
async fn singular_count_uses_the_singular() {
    let r = search_page("4e6d34b3-e3e5-4fcd-a52e-34b54746feeb").await;
    assert!(r.body.contains(">1 resultaat</p>"), "{}", r.body);
    let en = get_corpus("/en-us/search?q=4e6d34b3-e3e5-4fcd-a52e-34b54746feeb").await;
    assert!(en.body.contains(">1 result</p>"));
}

#[actix_web::test]
async fn no_results_say_so_suggest_a_spelling_and_offer_recommendations() {
    let r = search_page("qqxzvw").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(">0 resultaten</p>"));
    assert!(
        r.body
            .contains("Er zijn geen artikelen gevonden voor “qqxzvw”.")
    );
    assert!(r.body.contains("href=\"/nl-nl/recommend?problem=qqxzvw\""));

    let typo = search_page("wachtwoort").await;
    assert!(
        typo.body
            .contains("Bedoelde u <a href=\"/nl-nl/search?q=wachtwoord\">wachtwoord</a>?"),
        "{}",
        typo.body
    );
}

#[actix_web::test]
async fn hostile_input_gives_a_normal_escaped_page() {
    let long = "factuur ".repeat(1_300);
    let inputs = [
        "\"unbalanced quote",
        "AND(",
        "title:",
        "a:(^",
        "- *",
        "🎉💳 creditcard 🎉",
        "fac\u{0}tuur\u{7}\u{1b}[31m",
        "<script>alert(1)</script>",
        "\" onmouseover=\"alert(1)",
        long.as_str(),
        "-",
        "\"\"",
        "*:*",
    ];
    for q in inputs {
        let r = search_page(q).await;
        assert_eq!(r.status, StatusCode::OK, "{q:?}");
        assert!(!r.body.contains("<script>alert"), "{q:?} not escaped");
        assert!(
            !r.body.contains("\" onmouseover=\"alert"),
            "{q:?} breaks out of the attribute"
        );
        let j = get_corpus(&format!("/api/v1/search?q={}", enc(q))).await;
        assert_eq!(j.status, StatusCode::OK, "{q:?}");
        serde_json::from_str::<serde_json::Value>(&j.body).expect("JSON");
    }
    // Raw, badly encoded and duplicate parameters.
    for uri in [
        "/nl-nl/search?q=%ZZ%&page=-1&page=abc&collection=%00",
        "/nl-nl/search?q=%FF%FE&sort=%",
        "/nl-nl/search?q=a&q=b&page=99999999999999999999999",
        "/api/v1/search?q=x&per_page=100000&page=0",
        "/api/v1/suggest?q=%F0%9F",
    ] {
        assert_eq!(get_corpus(uri).await.status, StatusCode::OK, "{uri}");
    }
    let r = search_page("<b>creditcard</b>").await;
    assert!(
        r.body
            .contains("value=\"&#60;b&#62;creditcard&#60;/b&#62;\"")
            || r.body.contains("value=\"&lt;b&gt;creditcard&lt;/b&gt;\"")
    );
}

#[actix_web::test]
async fn json_api_has_the_documented_shape() {
    let v = api("q=443").await;
    assert!(v["total"].as_u64().expect("total") >= 1);
    let first = &v["results"][0];
    assert_eq!(first["id"], "alchemy-insights/declined-credit-card");
    assert_eq!(first["title"], "Geweigerde creditcard");
    assert_eq!(
        first["url"],
        "/nl-nl/articles/alchemy-insights/declined-credit-card"
    );
    assert_eq!(first["date"], "2021-08-10");
    assert_eq!(first["collection"], "alchemy-insights");
    assert!(first["snippet"].is_string());
    let empty = api("q=").await;
    assert_eq!(empty["total"], 0);
    assert_eq!(empty["results"].as_array().map(Vec::len), Some(0));
}

#[actix_web::test]
async fn pagination_pages_through_distinct_results() {
    let p1 = api("q=factuur&per_page=5").await;
    let p2 = api("q=factuur&per_page=5&page=2").await;
    assert_eq!(p1["total"], p2["total"]);
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["results"]
            .as_array()
            .expect("array")
            .iter()
            .map(|r| r["id"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let (a, b) = (ids(&p1), ids(&p2));
    assert_eq!(a.len(), 5);
    assert_eq!(b.len(), 5);
    assert!(a.iter().all(|id| !b.contains(id)));
    let page = get_corpus("/nl-nl/search?q=factuur&page=2").await;
    assert!(page.body.contains("Pagina 2 van"));
    assert!(
        page.body
            .contains("rel=\"prev\" href=\"/nl-nl/search?q=factuur\"")
    );
}

#[actix_web::test]
async fn collection_filter_counts_and_restricts() {
    let all = api("q=factuur").await;
    let billing = api("q=factuur&collection=azure-billing").await;
    let total = all["total"].as_u64().expect("total");
    let filtered = billing["total"].as_u64().expect("total");
    assert!(filtered > 0 && filtered < total);
    for r in billing["results"].as_array().expect("array") {
        assert_eq!(r["collection"], "azure-billing");
    }
    let page = search_page("factuur").await;
    assert!(page.body.contains(&format!(
        "href=\"/nl-nl/search?q=factuur&#38;collection=azure-billing\">Azure-facturering</a> <span class=\"muted\">({filtered})</span>"
    )), "{}", page.body);
}

#[actix_web::test]
async fn date_sort_link_and_order() {
    let page = search_page("factuur").await;
    assert!(
        page.body
            .contains("href=\"/nl-nl/search?q=factuur&#38;sort=date\"")
    );
    let v = api("q=factuur&sort=date&per_page=20").await;
    let dates: Vec<&str> = v["results"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["date"].as_str())
        .collect();
    assert!(dates.len() > 5);
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[actix_web::test]
async fn suggest_returns_titles_while_typing() {
    let r = get_corpus("/api/v1/suggest?q=geweigerde%20cred").await;
    assert_eq!(r.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).expect("JSON");
    let items = v.as_array().expect("array");
    assert!(items.iter().any(|i| i["title"] == "Geweigerde creditcard"));
    let os = get_corpus("/api/v1/suggest?q=geweigerde%20cred&format=opensearch").await;
    let v: serde_json::Value = serde_json::from_str(&os.body).expect("JSON");
    assert_eq!(v[0], "geweigerde cred");
    assert!(
        v[1].as_array()
            .expect("titles")
            .iter()
            .any(|t| t == "Geweigerde creditcard")
    );
}

#[actix_web::test]
async fn opensearch_description_is_linked_from_every_page() {
    let home = get_default("/nl-nl/").await;
    assert!(home.body.contains(
        "<link rel=\"search\" type=\"application/opensearchdescription+xml\" title=\"Helpportal\" href=\"/nl-nl/opensearch.xml\">"
    ));
    let r = get_default("/nl-nl/opensearch.xml").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.header("content-type")
            .starts_with("application/opensearchdescription+xml")
    );
    assert!(r.body.contains("<ShortName>Helpportal</ShortName>"));
    assert!(
        r.body
            .contains("template=\"http://127.0.0.1:8080/nl-nl/search?q={searchTerms}\"")
    );
    assert!(r.body.contains("<Language>nl-NL</Language>"));
}

#[actix_web::test]
async fn search_box_works_without_javascript() {
    let home = get_default("/nl-nl/").await;
    assert!(
        home.body
            .contains("action=\"/nl-nl/search\" method=\"get\"")
    );
    let r = get_default("/nl-nl/search?q=creditcard").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("declined-credit-card"));
    let empty = get_default("/nl-nl/search").await;
    assert!(empty.body.contains("Typ een of meer woorden om te zoeken."));
}

#[actix_web::test]
async fn article_page_lists_related_articles_without_itself() {
    let path = "/nl-nl/articles/alchemy-insights/declined-credit-card";
    let r = get_corpus(path).await;
    assert_eq!(r.status, StatusCode::OK);
    let b = &r.body;
    let start = b.find("Gerelateerde artikelen").expect("related section");
    let section = &b[start..];
    let section = &section[..section.find("</section>").expect("end")];
    assert!(section.matches("<li>").count() >= 2, "{section}");
    assert!(!section.contains(&format!("href=\"{path}\"")));
}
