//! What a person does on the portal, step by step through real pages:
//! browsing to an article and following a cross-link, searching, describing
//! a problem, opening a recommended-steps link from an email, and searching
//! from the 404 page. Each journey runs the same with JavaScript on or off.

use crate::common::CORPUS;
use crate::harness::{Browser, Outcome, fail};
use helpportal::i18n::UiLocale;

/// The query the search journey types.
pub const SEARCH_QUERY: &str = "creditcard geweigerd";

/// A customer's own words, as typed into the describe box or carried by a
/// link in an email.
pub const PROBLEM: &str =
    "Mijn creditcard wordt steeds geweigerd als ik mijn Azure-abonnement wil betalen";

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Nl-NL URLs of articles whose body links to another article.
fn cross_linked_articles() -> Vec<String> {
    CORPUS
        .articles()
        .iter()
        .filter(|a| a.body(UiLocale::NlNl).contains("href=\"/nl-nl/articles/"))
        .map(|a| a.url(UiLocale::NlNl))
        .collect()
}

/// From the page we are on, follows the first link in the article body to
/// another article, checks that it opened, and goes back.
async fn follow_cross_link_and_back(b: &Browser) -> Outcome {
    let here = b.location().await?;
    let title = b.heading().await?;
    let targets = b.links(".article-body a[href^='/nl-nl/articles/']").await?;
    let target = targets
        .iter()
        .find(|t| t.split('#').next() != Some(here.as_str()))
        .ok_or(format!("{here} has no cross-link"))?
        .clone();
    b.click_link_to(".article-body", &target).await?;
    let target_title = b.heading().await?;
    if target_title == title {
        return Err(format!("{target} shows the same title as {here}"));
    }
    b.back_to(&here).await?;
    let again = b.heading().await?;
    if again != title {
        return Err(format!("back at {here}: heading {again:?}, not {title:?}"));
    }
    Ok(())
}

/// Answers "Nee" to "Heeft dit artikel u geholpen?" on `article` (a plain
/// form post) and expects the thank-you with the optional comment box.
async fn answer_no(b: &Browser, article: &str) -> Outcome {
    let button = b.find(".feedback-form button[value='no']").await?;
    button.scroll_into_view().await.map_err(fail("Nee"))?;
    button.click().await.map_err(fail("Nee"))?;
    b.expect_path(&format!("{article}?feedback=no&fid="))
        .await?;
    let message = b
        .find(".feedback-message")
        .await?
        .text()
        .await
        .map_err(fail("feedback message"))?;
    if message != "Bedankt voor uw feedback." {
        return Err(format!("after Nee: {message:?}"));
    }
    b.find("#hp-feedback-comment").await.map(drop)
}

/// Home → a collection → an article → a cross-link → back → "Nee".
pub async fn browse_to_article_and_cross_link(b: &Browser) -> Outcome {
    b.open("/nl-nl/").await?;
    let collection = "/nl-nl/collections/azure-billing";
    b.click_link_to(".collections", collection).await?;
    let listed = b.links(".article-list a").await?;
    let linked = cross_linked_articles();
    let article = listed
        .iter()
        .find(|url| linked.contains(url))
        .ok_or("no article on the collection's first page links to another")?
        .clone();
    b.click_link_to(".article-list", &article).await?;
    let expected = CORPUS
        .articles()
        .iter()
        .find(|a| a.url(UiLocale::NlNl) == article)
        .map(|a| a.title.clone())
        .unwrap_or_default();
    let heading = b.heading().await?;
    if heading != expected {
        return Err(format!(
            "{article}: heading {heading:?}, expected {expected:?}"
        ));
    }
    follow_cross_link_and_back(b).await?;
    answer_no(b, &article).await
}

/// The 404 page's search box sends the words typed to the search page.
pub async fn search_from_the_404_page_submits_the_query(b: &Browser) -> Outcome {
    b.open("/nl-nl/bestaat-niet").await?;
    let heading = b.heading().await?;
    if heading != "Pagina niet gevonden" {
        return Err(format!("404 heading {heading:?}"));
    }
    b.type_and_submit("#hp-q-error", SEARCH_QUERY).await?;
    let at = b
        .expect_path(&format!("/nl-nl/search?q={}", percent_encode(SEARCH_QUERY)))
        .await?;
    if at != format!("/nl-nl/search?q={}", percent_encode(SEARCH_QUERY)) {
        return Err(format!("the 404 search went to {at}"));
    }
    Ok(())
}

/// Waits for a page listing article links in `main`; returns them.
async fn article_links_in_main(b: &Browser) -> Result<Vec<String>, String> {
    b.find("main a[href^='/nl-nl/articles/']").await?;
    let links = b.links("main a[href^='/nl-nl/articles/']").await?;
    if links.is_empty() {
        return Err(format!("no article links at {}", b.location().await?));
    }
    Ok(links)
}

/// Home → search "creditcard geweigerd" → a result → a cross-link → back.
/// Tries the results in order until one has a cross-link.
pub async fn search_open_result_and_cross_link(b: &Browser) -> Outcome {
    b.open("/nl-nl/").await?;
    b.type_and_submit("#hp-q", SEARCH_QUERY).await?;
    let results_page = b.expect_path("/nl-nl/search?").await?;
    let results = article_links_in_main(b).await?;
    let linked = cross_linked_articles();
    let result = results
        .iter()
        .take(10)
        .find(|r| {
            linked
                .iter()
                .any(|l| r.split('#').next() == Some(l.as_str()))
        })
        .ok_or("none of the first ten results links to another article")?
        .clone();
    b.click_link_to("main", &result).await?;
    follow_cross_link_and_back(b).await?;
    b.back_to(&results_page).await?;
    let field = b.find("#hp-q").await?;
    let kept = field.value().await.map_err(fail("#hp-q"))?;
    if kept.as_deref() != Some(SEARCH_QUERY) {
        return Err(format!("the search box kept {kept:?}"));
    }
    Ok(())
}

/// Home → describe a problem → recommended steps → the first article.
pub async fn describe_problem_and_open_a_step(b: &Browser) -> Outcome {
    b.open("/nl-nl/").await?;
    let field = b.find("#hp-problem").await?;
    field
        .send_keys(PROBLEM)
        .await
        .map_err(fail("#hp-problem"))?;
    let button = b.find(".describe button[type=submit]").await?;
    button.click().await.map_err(fail("describe button"))?;
    b.expect_path("/nl-nl/recommend?").await?;
    open_first_recommended_article(b).await
}

/// A recommended-steps link as an email carries it, opened cold.
pub async fn prefilled_recommend_link(b: &Browser) -> Outcome {
    b.open(&format!(
        "/nl-nl/recommend?problem={}",
        percent_encode(PROBLEM)
    ))
    .await?;
    let field = b.find("textarea[name=problem]").await?;
    let text = field.value().await.map_err(fail("problem box"))?;
    if text.as_deref() != Some(PROBLEM) {
        return Err(format!("the problem box holds {text:?}"));
    }
    open_first_recommended_article(b).await
}

async fn open_first_recommended_article(b: &Browser) -> Outcome {
    let steps = article_links_in_main(b).await?;
    let first = steps[0].clone();
    b.click_link_to("main", &first).await?;
    let heading = b.heading().await?;
    if heading.is_empty() {
        return Err(format!("{first} has no heading"));
    }
    Ok(())
}

/// The 404 page's search box leads to results.
pub async fn search_from_the_404_page_finds_articles(b: &Browser) -> Outcome {
    search_from_the_404_page_submits_the_query(b).await?;
    article_links_in_main(b).await.map(drop)
}
