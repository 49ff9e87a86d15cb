//! Checks run page by page: nothing scrolls sideways on a 375×812 phone,
//! the keyboard alone reaches every control with a visible focus, and
//! axe-core finds no serious or critical violation.

use serde_json::Value;
use thirtyfour::prelude::*;

use crate::common::CORPUS;
use crate::harness::{Browser, Outcome, fail};
use helpportal::i18n::UiLocale;

/// The pages that exist on every build: home, a collection, an article
/// with sections and callouts, the 404 page.
pub const CORE_PAGES: &[&str] = &[
    "/nl-nl/",
    "/nl-nl/collections/azure-billing",
    "/nl-nl/articles/azure-billing/billing-troubleshoot-declined-card",
    "/nl-nl/bestaat-niet",
];

/// The search and recommended-steps pages, with input.
pub const QUERY_PAGES: &[&str] = &[
    "/nl-nl/search?q=creditcard+geweigerd",
    "/nl-nl/recommend?problem=Mijn+creditcard+wordt+geweigerd+bij+het+betalen",
];

/// The articles most likely to be wide: the most table columns, the
/// longest unbreakable word (long URLs) and the longest code line.
pub fn widest_articles() -> Vec<String> {
    let articles = CORPUS.articles();
    let score = |f: &dyn Fn(&str) -> usize| {
        articles
            .iter()
            .max_by_key(|a| f(&a.body(UiLocale::NlNl)))
            .map(|a| a.url(UiLocale::NlNl))
    };
    let table_columns = |html: &str| {
        html.split("<tr")
            .map(|row| row.matches("<td").count() + row.matches("<th").count())
            .max()
            .unwrap_or(0)
    };
    let longest_word = |html: &str| {
        strip_tags(html)
            .split_whitespace()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0)
    };
    let longest_code_line = |html: &str| {
        html.split("<pre")
            .skip(1)
            .flat_map(|block| block.split("</pre>").next().unwrap_or("").lines())
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0)
    };
    let mut urls: Vec<String> = [
        score(&table_columns),
        score(&longest_word),
        score(&longest_code_line),
    ]
    .into_iter()
    .flatten()
    .collect();
    urls.dedup();
    urls
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Sets a 375×812 viewport, checks that it took.
pub async fn use_phone_viewport(b: &Browser) -> Outcome {
    b.driver()
        .set_window_rect(0, 0, 375, 812)
        .await
        .map_err(fail("resize"))?;
    let width = b.eval("return window.innerWidth;").await?;
    if width.as_u64() != Some(375) {
        return Err(format!("viewport is {width} wide, not 375"));
    }
    Ok(())
}

/// The document is no wider than the viewport; names the culprits if not.
pub async fn no_sideways_scroll(b: &Browser, path: &str) -> Outcome {
    b.open(path).await?;
    let report = b
        .eval(
            "const d = document.documentElement;
             const wide = Array.from(document.querySelectorAll('body *'))
               .filter(e => e.getBoundingClientRect().right > d.clientWidth + 1)
               .filter(e => !e.closest('.visually-hidden, .skip-link'))
               .slice(0, 5)
               .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                    + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
             return {scroll: d.scrollWidth, client: d.clientWidth, wide};",
        )
        .await?;
    let scroll = report["scroll"].as_u64().unwrap_or(u64::MAX);
    let client = report["client"].as_u64().unwrap_or(0);
    if scroll > client {
        return Err(format!(
            "{path} scrolls sideways at 375px: {scroll} > {client}; widest: {}",
            report["wide"]
        ));
    }
    Ok(())
}

const FOCUS_STATE: &str = "
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const all = Array.from(document.querySelectorAll('*'));
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    return {
      index: all.indexOf(e),
      name: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
        + (e.getAttribute('href') ? '[' + e.getAttribute('href') + ']' : ''),
      outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1,
      shadow: s.boxShadow !== 'none',
      onscreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
        && r.top < innerHeight && r.left < innerWidth,
    };";

const CONTROLS: &str = "
    const all = Array.from(document.querySelectorAll('*'));
    return Array.from(document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), textarea, select, [tabindex]'))
      .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0
        && getComputedStyle(e).visibility !== 'hidden')
      .map(e => ({ index: all.indexOf(e),
        name: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
          + (e.getAttribute('href') ? '[' + e.getAttribute('href') + ']' : '') }));";

/// Tabs through `path` from the top: every control is reached, and each
/// one shows a focus outline (or shadow) while on screen.
pub async fn keyboard_reaches_every_control(b: &Browser, path: &str) -> Outcome {
    b.open(path).await?;
    let controls = b.eval(CONTROLS).await?;
    let controls = controls.as_array().cloned().unwrap_or_default();
    if controls.is_empty() {
        return Err(format!("{path}: no controls found"));
    }
    let mut reached = std::collections::HashSet::new();
    let mut problems = Vec::new();
    for _ in 0..controls.len() + 3 {
        b.press(Key::Tab).await?;
        let state = b.eval(FOCUS_STATE).await?;
        if state.is_null() {
            continue;
        }
        let index = state["index"].as_i64().unwrap_or(-1);
        if !reached.insert(index) {
            break;
        }
        let visible = state["outline"] == Value::Bool(true) || state["shadow"] == Value::Bool(true);
        if !visible || state["onscreen"] != Value::Bool(true) {
            problems.push(format!("{} has no visible focus", state["name"]));
        }
    }
    let missed: Vec<String> = controls
        .iter()
        .filter(|c| !reached.contains(&c["index"].as_i64().unwrap_or(-2)))
        .map(|c| c["name"].to_string())
        .collect();
    if !missed.is_empty() {
        problems.push(format!("never reached by Tab: {}", missed.join(", ")));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{path}: {}", problems.join("; ")))
    }
}

/// The keyboard alone can search: Tab to the box, type, Enter.
pub async fn keyboard_can_submit_the_search(b: &Browser) -> Outcome {
    b.open("/nl-nl/").await?;
    for _ in 0..10 {
        b.press(Key::Tab).await?;
        let id = b.eval("return document.activeElement.id;").await?;
        if id == "hp-q" {
            b.press("wachtwoord" + Key::Enter).await?;
            return b.expect_path("/nl-nl/search?q=wachtwoord").await.map(drop);
        }
    }
    Err("the search box is not within ten Tabs of the top".into())
}

/// axe-core's source, installed by `npm ci` in `tests/browser`.
fn axe_source() -> Result<String, String> {
    let path = crate::common::repo_path("tests/browser/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e} (run `bash .ci/setup`)", path.display()))
}

/// Runs axe-core on `path`; fails on any serious or critical violation,
/// naming the rule ids and the first elements.
pub async fn axe_clean(b: &Browser, path: &str) -> Outcome {
    b.open(path).await?;
    let axe = axe_source()?;
    b.driver()
        .execute(&axe, Vec::new())
        .await
        .map_err(fail("inject axe"))?;
    let result = b
        .driver()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then(r => done(r.violations.map(v => ({
                  id: v.id, impact: v.impact,
                  nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))))
               .catch(e => done({ error: String(e) }));",
            Vec::new(),
        )
        .await
        .map_err(fail("axe.run"))?;
    let value = result.json().clone();
    if let Some(error) = value.get("error") {
        return Err(format!("{path}: axe failed: {error}"));
    }
    let serious: Vec<String> = value
        .as_array()
        .into_iter()
        .flatten()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| format!("{} ({}) at {}", v["id"], v["impact"], v["nodes"]))
        .collect();
    if serious.is_empty() {
        Ok(())
    } else {
        Err(format!("{path}: {}", serious.join("; ")))
    }
}
