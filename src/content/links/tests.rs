use super::*;

fn index() -> LinkIndex {
    LinkIndex::new(
        [
            "azure-billing/billing-how-to-pay-by-invoice",
            "azure-billing/index",
            "alchemy-insights/Declined-Card",
            "alchemy-insights/sub/deep",
        ],
        [(
            "azure-billing".to_owned(),
            "https://docs.microsoft.com/azure/billing/".to_owned(),
        )],
    )
}

#[test]
fn relative_md_links_resolve_to_loaded_articles() {
    let idx = index();
    let from = "azure-billing/billing-troubleshoot-declined-card";
    assert_eq!(
        idx.resolve(from, "billing-how-to-pay-by-invoice.md#faq"),
        Resolution::Article {
            id: "azure-billing/billing-how-to-pay-by-invoice".into(),
            fragment: Some("faq".into())
        }
    );
    assert_eq!(
        idx.resolve(from, "index.md"),
        Resolution::Article {
            id: "azure-billing/index".into(),
            fragment: None
        }
    );
    assert_eq!(
        idx.resolve("alchemy-insights/sub/deep", "../declined-card.md"),
        Resolution::Article {
            id: "alchemy-insights/Declined-Card".into(),
            fragment: None
        }
    );
    assert_eq!(
        idx.resolve(from, "missing.md"),
        Resolution::Unresolved {
            fallback: Some("https://docs.microsoft.com/azure/billing/missing".into())
        },
        "the origin site's page is the fallback"
    );
    assert_eq!(
        idx.resolve(from, "../../../etc/passwd.md"),
        Resolution::Unresolved { fallback: None }
    );
}

#[test]
fn origin_links_become_local_without_tracking() {
    let idx = index();
    let href = "https://docs.microsoft.com/nl-nl/azure/billing/billing-how-to-pay-by-invoice?WT.mc_id=Portal#faq";
    assert_eq!(
        idx.resolve("x/y", href),
        Resolution::Article {
            id: "azure-billing/billing-how-to-pay-by-invoice".into(),
            fragment: Some("faq".into())
        }
    );
    let missing = "https://docs.microsoft.com/azure/billing/gone?WT.mc_id=x#a";
    assert_eq!(
        idx.resolve("x/y", missing),
        Resolution::Unresolved {
            fallback: Some("https://docs.microsoft.com/azure/billing/gone#a".into())
        }
    );
    assert_eq!(
        idx.resolve("x/y", "https://example.com/a"),
        Resolution::External("https://example.com/a".into())
    );
}

#[test]
fn rooted_collection_links_and_media() {
    let idx = index();
    assert_eq!(
        idx.resolve("alchemy-insights/a", "/AlchemyInsights/declined-card"),
        Resolution::Article {
            id: "alchemy-insights/Declined-Card".into(),
            fragment: None
        }
    );
    assert_eq!(
        idx.resolve("alchemy-insights/a", "media/x%20y.png"),
        Resolution::Media("alchemy-insights/media/x y.png".into())
    );
    assert_eq!(
        idx.resolve("a/b", "#top"),
        Resolution::Fragment("top".into())
    );
    assert_eq!(
        idx.resolve("a/b", "javascript:alert(1)"),
        Resolution::External("javascript:alert(1)".into())
    );
}

fn docs_index() -> LinkIndex {
    LinkIndex::new(
        [
            "azure-billing/billing-spending-limit",
            "azure-billing/billing-how-to-change-credit-card",
            "azure-billing/mpa-overview",
        ],
        [
            (
                "azure-billing".to_owned(),
                "https://docs.microsoft.com/azure/billing/".to_owned(),
            ),
            (
                "azure-billing".to_owned(),
                "https://learn.microsoft.com/azure/cost-management-billing/manage/".to_owned(),
            ),
        ],
    )
    .with_slug_prefixes(
        "azure-billing",
        ["billing-".to_owned(), "billing-how-to-".to_owned()],
    )
}

#[test]
fn renamed_origin_pages_find_their_prefixed_files() {
    let idx = docs_index();
    let article = |id: &str, fragment: Option<&str>| Resolution::Article {
        id: id.into(),
        fragment: fragment.map(Into::into),
    };
    assert_eq!(
        idx.resolve(
            "x/y",
            "https://learn.microsoft.com/en-us/azure/cost-management-billing/manage/spending-limit?source=recommendations#why"
        ),
        article("azure-billing/billing-spending-limit", Some("why"))
    );
    assert_eq!(
        idx.resolve(
            "x/y",
            "https://learn.microsoft.com/azure/cost-management-billing/manage/change-credit-card"
        ),
        article("azure-billing/billing-how-to-change-credit-card", None)
    );
    assert_eq!(
        idx.resolve(
            "x/y",
            "https://docs.microsoft.com/azure/billing/mpa-overview"
        ),
        article("azure-billing/mpa-overview", None),
        "the exact name wins"
    );
}

#[test]
fn links_leaving_the_collection_fall_back_to_the_origin_site() {
    let idx = docs_index();
    let from = "azure-billing/billing-spending-limit";
    assert_eq!(
        idx.resolve(from, "../role-based-access-control/overview.md#roles"),
        Resolution::Unresolved {
            fallback: Some(
                "https://docs.microsoft.com/azure/role-based-access-control/overview#roles".into()
            )
        }
    );
    assert_eq!(
        idx.resolve(from, "../billing/mpa-overview.md"),
        Resolution::Article {
            id: "azure-billing/mpa-overview".into(),
            fragment: None
        },
        "the origin's own folder is this collection"
    );
    assert_eq!(
        idx.resolve(from, "/partner-center/azure-reservations"),
        Resolution::External("https://docs.microsoft.com/partner-center/azure-reservations".into())
    );
    assert_eq!(
        idx.resolve(from, "/azure/billing/billing-how-to-change-credit-card#faq"),
        Resolution::Article {
            id: "azure-billing/billing-how-to-change-credit-card".into(),
            fragment: Some("faq".into())
        }
    );
    assert_eq!(
        idx.resolve("other/a", "/partner-center/x"),
        Resolution::Unresolved { fallback: None },
        "no origin known: the text stands alone"
    );
}

#[test]
fn article_paths_are_percent_encoded() {
    assert_eq!(
        article_path("alchemy-insights/sign in to x"),
        "/articles/alchemy-insights/sign%20in%20to%20x"
    );
}
