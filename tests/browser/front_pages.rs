//! The pages a customer sees first: the home page shows its
//! "Veelgestelde vragen" and topic lists at phone and desktop width, the
//! collection page its orders, and the machine-translation notice with its
//! link to the original shows on a machine-translated article only.

use crate::harness::{Browser, Outcome, fail};

/// A machine-translated article (`ms.translationtype: MT`).
pub const MT_ARTICLE: &str = "/nl-nl/articles/alchemy-insights/restore-deleted-mailbox";
/// A human-translated article (`HT`).
pub const HT_ARTICLE: &str = "/nl-nl/articles/azure-billing/billing-troubleshoot-declined-card";

/// The pages this issue changed, for axe-core, the keyboard and the phone.
pub const FRONT_PAGES: &[&str] = &[
    "/nl-nl/",
    "/nl-nl/collections/alchemy-insights?sort=popular",
    MT_ARTICLE,
];

/// The window's inner width, after asking for `width` × 900.
async fn set_width(b: &Browser, width: u32) -> Outcome {
    b.driver()
        .set_window_rect(0, 0, width, 900)
        .await
        .map_err(fail("resize"))?;
    let inner = b.eval("return window.innerWidth;").await?;
    if inner.as_u64() != Some(u64::from(width)) {
        return Err(format!("viewport is {inner} wide, not {width}"));
    }
    Ok(())
}

/// At `width`, the home page shows the "Veelgestelde vragen" list and a
/// list in every topic card, each entry visible and inside the viewport.
pub async fn home_shows_its_lists(b: &Browser, width: u32) -> Outcome {
    set_width(b, width).await?;
    b.open("/nl-nl/").await?;
    let report = b
        .eval(
            "const shown = e => { const r = e.getBoundingClientRect();
               return r.width > 0 && r.height > 0 && r.left >= 0
                 && r.right <= document.documentElement.clientWidth + 1; };
             const faq = Array.from(document.querySelectorAll('.faq li a'));
             const cards = Array.from(document.querySelectorAll('.card'));
             return { faq: faq.length, faqShown: faq.every(shown),
               cards: cards.length,
               cardLists: cards.filter(c => c.querySelectorAll('li a').length > 0
                 && Array.from(c.querySelectorAll('li a')).every(shown)).length };",
        )
        .await?;
    let faq = report["faq"].as_u64().unwrap_or(0);
    let cards = report["cards"].as_u64().unwrap_or(0);
    if faq == 0 || report["faqShown"] != true {
        return Err(format!(
            "at {width}px the frequently asked list is not shown: {report}"
        ));
    }
    if cards == 0 || report["cardLists"].as_u64() != Some(cards) {
        return Err(format!(
            "at {width}px not every topic card shows its list: {report}"
        ));
    }
    Ok(())
}

/// The notice and its link to the English original on an MT article; no
/// notice on an HT article.
pub async fn notice_only_on_machine_translations(b: &Browser) -> Outcome {
    const NOTICE: &str = "const n = document.querySelector('.article-header .notice');
        const a = n && n.querySelector('a[hreflang=\"en-US\"]');
        return { notice: !!n && n.getBoundingClientRect().height > 0,
                 link: a ? a.href : null };";
    b.open(MT_ARTICLE).await?;
    let mt = b.eval(NOTICE).await?;
    let link = mt["link"].as_str().unwrap_or("");
    if mt["notice"] != true
        || !link.starts_with("https://docs.microsoft.com/en-us/AlchemyInsights/")
    {
        return Err(format!(
            "{MT_ARTICLE}: notice and original link expected, got {mt}"
        ));
    }
    b.open(HT_ARTICLE).await?;
    let ht = b.eval(NOTICE).await?;
    if ht["notice"] != false {
        return Err(format!("{HT_ARTICLE}: no notice expected, got {ht}"));
    }
    Ok(())
}
