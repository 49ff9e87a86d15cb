//! Browser tests: headless Chromium driven over WebDriver through the real
//! portal serving the shared corpus. Journeys run with JavaScript on and
//! off; page checks cover phone width, keyboard use and axe-core.
//!
//! Needs Debian's `chromium` and `chromium-driver` and `npm ci` in this
//! folder (all installed by `.ci/setup`).

#[path = "../common/mod.rs"]
mod common;
mod front_pages;
mod harness;
mod journeys;
mod page_checks;

use front_pages::*;
use harness::{Browser, Failures, Outcome, Script, with_browser};
use journeys::*;
use page_checks::*;

/// Whether the page's own script ran (`app.js` marks `<html>`).
async fn assert_script(b: &Browser) -> Outcome {
    b.open("/nl-nl/").await?;
    let ran = b
        .eval("return document.documentElement.classList.contains('js');")
        .await?;
    let expected = b.script == Script::On;
    if ran.as_bool() != Some(expected) {
        return Err(format!("page script ran: {ran}, expected {expected}"));
    }
    Ok(())
}

async fn core_journeys(b: Browser) -> Outcome {
    let mut failures = Failures::default();
    failures.check(assert_script(&b).await);
    failures.check(browse_to_article_and_cross_link(&b).await);
    failures.check(search_from_the_404_page_submits_the_query(&b).await);
    failures.into_outcome()
}

#[test]
fn journeys_work_with_javascript() {
    with_browser(Script::On, core_journeys);
}

#[test]
fn journeys_work_without_javascript() {
    with_browser(Script::Off, core_journeys);
}

#[test]
fn no_page_scrolls_sideways_on_a_phone() {
    with_browser(Script::On, |b| async move {
        use_phone_viewport(&b).await?;
        let mut failures = Failures::default();
        let widest = widest_articles();
        for path in CORE_PAGES.iter().map(|p| p.to_string()).chain(widest) {
            failures.check(no_sideways_scroll(&b, &path).await);
        }
        failures.into_outcome()
    });
}

#[test]
fn the_keyboard_alone_reaches_every_control_with_visible_focus() {
    with_browser(Script::On, |b| async move {
        let mut failures = Failures::default();
        for path in CORE_PAGES {
            failures.check(keyboard_reaches_every_control(&b, path).await);
        }
        failures.check(keyboard_can_submit_the_search(&b).await);
        failures.into_outcome()
    });
}

#[test]
fn axe_finds_no_serious_or_critical_violations() {
    with_browser(Script::On, |b| async move {
        let mut failures = Failures::default();
        for path in CORE_PAGES {
            failures.check(axe_clean(&b, path).await);
        }
        failures.into_outcome()
    });
}

async fn query_journeys(b: Browser) -> Outcome {
    let mut failures = Failures::default();
    failures.check(search_open_result_and_cross_link(&b).await);
    failures.check(search_from_the_404_page_finds_articles(&b).await);
    failures.check(describe_problem_and_open_a_step(&b).await);
    failures.check(prefilled_recommend_link(&b).await);
    failures.into_outcome()
}

#[test]
fn search_and_recommend_journeys_with_javascript() {
    with_browser(Script::On, query_journeys);
}

#[test]
fn search_and_recommend_journeys_without_javascript() {
    with_browser(Script::Off, query_journeys);
}

#[test]
fn search_and_recommend_pages_pass_every_page_check() {
    with_browser(Script::On, |b| async move {
        let mut failures = Failures::default();
        for path in QUERY_PAGES {
            failures.check(axe_clean(&b, path).await);
            failures.check(keyboard_reaches_every_control(&b, path).await);
        }
        failures.check(use_phone_viewport(&b).await);
        for path in QUERY_PAGES {
            failures.check(no_sideways_scroll(&b, path).await);
        }
        failures.into_outcome()
    });
}

#[test]
fn front_pages_show_their_lists_and_notices() {
    with_browser(Script::On, |b| async move {
        let mut failures = Failures::default();
        failures.check(home_shows_its_lists(&b, 1280).await);
        failures.check(notice_only_on_machine_translations(&b).await);
        for path in FRONT_PAGES {
            failures.check(axe_clean(&b, path).await);
            failures.check(keyboard_reaches_every_control(&b, path).await);
        }
        failures.check(home_shows_its_lists(&b, 375).await);
        for path in FRONT_PAGES {
            failures.check(no_sideways_scroll(&b, path).await);
        }
        failures.into_outcome()
    });
}
