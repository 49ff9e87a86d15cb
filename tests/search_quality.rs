//! Search quality over the shared corpus (`../shared/corpus`): for each
//! query, the articles that a Dutch-speaking support engineer expects in the
//! first three results. Expectations were chosen by reading the articles.
//! Each expected entry may list `|`-separated near-identical copies (the
//! corpus holds several), any of which counts.
//!
//! Also: which parts of the matching (decompounding, prefixes, typos,
//! synonyms) each case needs, and that the full engine beats each reduced one.

mod common;

use common::CORPUS;
use helpportal::library::Library;
use helpportal::search::{Matching, SearchRequest, Sort};

struct Case {
    query: &'static str,
    /// Each entry must be in the top 3 (one of its `|` alternatives).
    top3: &'static [&'static str],
}

const fn case(query: &'static str, top3: &'static [&'static str]) -> Case {
    Case { query, top3 }
}

const CASES: &[Case] = &[
    // Identifiers: ms.custom, ms.assetid, article ids, pasted URLs.
    case("443", &["alchemy-insights/declined-credit-card"]),
    case(
        "8000050",
        &["alchemy-insights/can-t-sign-in-to-outlook-com"],
    ),
    case(
        "4e6d34b3-e3e5-4fcd-a52e-34b54746feeb",
        &["alchemy-insights/declined-credit-card"],
    ),
    case(
        "2F1BD3A4-A577-47F4-9EC4-5E094CCC7EE2",
        &["alchemy-insights/how-do-i-update-my-credit-card-information"],
    ),
    case(
        "azure-billing/billing-how-to-pay-by-invoice",
        &["azure-billing/billing-how-to-pay-by-invoice"],
    ),
    case(
        "https://portal.example/nl-nl/articles/alchemy-insights/cancel-reserved-instance",
        &["alchemy-insights/cancel-reserved-instance"],
    ),
    // Plain words.
    case(
        "geweigerde creditcard",
        &["alchemy-insights/declined-credit-card"],
    ),
    case(
        "creditcard wijzigen azure",
        &["azure-billing/billing-how-to-change-credit-card"],
    ),
    case(
        "wachtwoordsynchronisatie",
        &["alchemy-insights/password-synchronization"],
    ),
    case(
        "wachtwoord gastgebruiker opnieuw instellen",
        &["alchemy-insights/guest-user-password-reset"],
    ),
    case(
        "abonnement tijdelijk stopzetten",
        &["alchemy-insights/suspend-or-pause-a-subscription"],
    ),
    case(
        "gefactureerd na opzeggen",
        &["alchemy-insights/billed-after-canceling-subscription"],
    ),
    case(
        "wifi wachtwoord",
        &["alchemy-insights/help-with-wifi-password"],
    ),
    case(
        "reservering annuleren",
        &["alchemy-insights/cancel-reserved-instance"],
    ),
    case(
        "gmail wachtwoord outlook",
        &["alchemy-insights/outlook-won't-accept-your-gmail-pwd"],
    ),
    case(
        "azure for students uitgeschakeld",
        &["azure-billing/billing-azurestudents-subscription-disabled"],
    ),
    case(
        "apparaatpin intune",
        &["alchemy-insights/device-pin-password-reset-from-intune"],
    ),
    // Accent folding.
    case(
        "financiele toezegging facturen enterprise",
        &["azure-billing/billing-ea-portal-enrollment-invoices"],
    ),
    // Compounds.
    case(
        "creditcardgegevens bijwerken",
        &["alchemy-insights/how-do-i-update-my-credit-card-information"],
    ),
    case(
        "betaalmethode toevoegen verwijderen",
        &["alchemy-insights/change-your-payment-methods"],
    ),
    case(
        "factuurbetalingen creditcard",
        &["alchemy-insights/change-invoice-payments-to-credit-card"],
    ),
    case(
        "sterke wachtwoordvereiste",
        &["alchemy-insights/change-strong-password-requirement"],
    ),
    case(
        "betaalgegevens bijwerken azure",
        &[
            "alchemy-insights/update-payment-method-in-azure|alchemy-insights/update-payment-method-in-azure-modern",
        ],
    ),
    case(
        "creditcardnummer wijzigen",
        &[
            "azure-billing/billing-how-to-change-credit-card|alchemy-insights/update-payment-method-in-azure|alchemy-insights/update-payment-method-in-azure-modern",
        ],
    ),
    // Typos.
    case(
        "wachtwoort gastgebruiker",
        &["alchemy-insights/guest-user-password-reset"],
    ),
    case(
        "abonement opzeggen eigenaar",
        &["alchemy-insights/cancel-a-subscription"],
    ),
    case(
        "factuuur betalen azure",
        &["azure-billing/billing-how-to-pay-bill|azure-billing/billing-how-to-pay-by-invoice"],
    ),
    case(
        "geweigrde creditcard",
        &["alchemy-insights/declined-credit-card"],
    ),
    case(
        "wachtwoordsyncronisatie",
        &["alchemy-insights/password-synchronization"],
    ),
    case(
        "abonnementsgegevnes",
        &["alchemy-insights/subscription-information"],
    ),
    // Synonyms.
    // A phrase of the synonym list brings its group: "geld terug" →
    // terugbetaling, restitutie.
    case(
        "geld terug",
        &[
            "alchemy-insights/refund-and-cancellations|alchemy-insights/credit-refund|alchemy-insights/cancel-refund-close-your-microsoft-365-subscription",
        ],
    ),
    case(
        "afgewezen creditcard",
        &["alchemy-insights/declined-credit-card"],
    ),
    case(
        "betaalpas geweigerd azure aanmelding",
        &["azure-billing/billing-troubleshoot-declined-card"],
    ),
    case(
        "rekening downloaden azure",
        &[
            "azure-billing/billing-download-azure-invoice|azure-billing/billing-download-azure-invoice-daily-usage-date",
        ],
    ),
    case(
        "inloggen outlook.com lukt niet",
        &[
            "alchemy-insights/can-t-sign-in-to-outlook-com|alchemy-insights/outlook-com-cant-sign-in",
        ],
    ),
    // Phrases.
    case(
        "\"toegang geweigerd\" station sharepoint",
        &["alchemy-insights/access-denied-when-mapping-a-drive-to-sharepoint"],
    ),
    case(
        "\"self-service voor wachtwoordherstel\"",
        &["alchemy-insights/self-service-password-reset"],
    ),
];

fn top(library: &Library, query: &str, matching: Matching, n: usize) -> Vec<String> {
    let mut request = SearchRequest::new(query);
    request.per_page = n;
    request.matching = matching;
    library
        .search()
        .search(library.articles(), &request)
        .hits
        .iter()
        .filter_map(|h| library.at(h.article))
        .map(|a| a.id.clone())
        .collect()
}

fn passes(library: &Library, case: &Case, matching: Matching) -> bool {
    let found = top(library, case.query, matching, 3);
    case.top3
        .iter()
        .all(|want| want.split('|').any(|id| found.iter().any(|f| f == id)))
}

fn score(matching: Matching) -> usize {
    CASES
        .iter()
        .filter(|c| passes(&CORPUS, c, matching))
        .count()
}

#[test]
fn expected_articles_are_in_the_top_three() {
    assert!(CASES.len() >= 30);
    for case in CASES {
        for want in case.top3 {
            for id in want.split('|') {
                assert!(CORPUS.get(id).is_some(), "{id} is not in the corpus");
            }
        }
    }
    let failures: Vec<String> = CASES
        .iter()
        .filter(|c| !passes(&CORPUS, c, Matching::default()))
        .map(|c| {
            format!(
                "{:?}: want {:?}, got {:?}",
                c.query,
                c.top3,
                top(&CORPUS, c.query, Matching::default(), 3)
            )
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Prints the hit rate with each matching feature off (run with
/// `--nocapture` to read it) and checks that every feature earns its place.
#[test]
fn each_matching_feature_helps() {
    let full = score(Matching::default());
    let variants = [
        (
            "no decompounding",
            Matching {
                decompound: false,
                ..Matching::default()
            },
        ),
        (
            "no prefixes",
            Matching {
                prefix: false,
                ..Matching::default()
            },
        ),
        (
            "no decompounding, no prefixes",
            Matching {
                decompound: false,
                prefix: false,
                ..Matching::default()
            },
        ),
        (
            "no typos",
            Matching {
                fuzzy: false,
                ..Matching::default()
            },
        ),
        (
            "no synonyms",
            Matching {
                synonyms: false,
                ..Matching::default()
            },
        ),
    ];
    println!("full: {full}/{}", CASES.len());
    for (name, matching) in variants {
        let reduced = score(matching);
        println!("{name}: {reduced}/{}", CASES.len());
        assert!(reduced <= full, "{name} scores better than the full engine");
    }
    let no_typos = Matching {
        fuzzy: false,
        ..Matching::default()
    };
    assert!(score(no_typos) < full, "typo matching must matter");
    let no_synonyms = Matching {
        synonyms: false,
        ..Matching::default()
    };
    assert!(score(no_synonyms) < full, "synonyms must matter");
    let no_compounds = Matching {
        decompound: false,
        prefix: false,
        ..Matching::default()
    };
    assert!(score(no_compounds) < full, "compound handling must matter");
}

#[test]
fn identifier_matches_come_first() {
    assert_eq!(
        top(&CORPUS, "443", Matching::default(), 1),
        ["alchemy-insights/declined-credit-card"]
    );
    assert_eq!(
        top(
            &CORPUS,
            "4E6D34B3-E3E5-4FCD-A52E-34B54746FEEB",
            Matching::default(),
            1
        ),
        ["alchemy-insights/declined-credit-card"]
    );
}

#[test]
fn excluded_words_remove_articles() {
    let with = top(&CORPUS, "wachtwoord wijzigen", Matching::default(), 50);
    assert!(with.iter().any(|id| id.contains("outlook")));
    let without = top(
        &CORPUS,
        "wachtwoord wijzigen -outlook",
        Matching::default(),
        50,
    );
    assert!(!without.is_empty());
    for id in &without {
        let article = CORPUS.get(id).expect("hit exists");
        assert!(
            !article.text.to_lowercase().contains("outlook"),
            "{id} mentions outlook"
        );
        assert!(
            !article.title.to_lowercase().contains("outlook"),
            "{id} mentions outlook"
        );
    }
}

#[test]
fn typos_rank_below_exact_matches() {
    // An article with the exact word outranks one that only has a near miss.
    let exact = top(&CORPUS, "wachtwoord", Matching::default(), 10);
    for id in &exact {
        let a = CORPUS.get(id).expect("hit exists");
        let text = format!("{} {} {}", a.title, a.description, a.text).to_lowercase();
        assert!(
            text.contains("wachtwoord"),
            "{id} has no exact 'wachtwoord'"
        );
    }
}

#[test]
fn date_order_is_newest_first() {
    let mut request = SearchRequest::new("factuur");
    request.sort = Sort::Date;
    request.per_page = 50;
    let results = CORPUS.search().search(CORPUS.articles(), &request);
    let dates: Vec<_> = results
        .hits
        .iter()
        .filter_map(|h| CORPUS.at(h.article).and_then(|a| a.date))
        .collect();
    assert!(dates.len() > 10);
    assert!(dates.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn related_articles_exclude_self_and_copies() {
    let ord = CORPUS
        .index_of("alchemy-insights/declined-credit-card")
        .expect("loaded");
    let related = CORPUS.search().related(CORPUS.articles(), ord, 5);
    assert!(!related.is_empty());
    assert!(!related.contains(&ord));
    let own = CORPUS.at(ord).expect("article");
    let titles: Vec<String> = related
        .iter()
        .filter_map(|&o| CORPUS.at(o))
        .map(|a| a.title.to_lowercase())
        .collect();
    assert!(!titles.contains(&own.title.to_lowercase()));
    let mut unique = titles.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        titles.len(),
        "near-identical copies twice: {titles:?}"
    );
    // Related to credit cards / payments.
    let joined = titles.join(" | ");
    assert!(
        ["creditcard", "betaling", "kaart", "factu"]
            .iter()
            .any(|w| joined.contains(w)),
        "{joined}"
    );
}

#[test]
fn suggestions_complete_titles() {
    let found = CORPUS
        .search()
        .suggest(CORPUS.articles(), "wachtwoord wijz", 8);
    assert!(!found.is_empty());
    for o in found {
        let title = CORPUS.at(o).expect("article").title.to_lowercase();
        assert!(
            title.contains("wachtwoord") && title.contains("wijz"),
            "{title}"
        );
    }
    assert!(CORPUS.search().suggest(CORPUS.articles(), "", 8).is_empty());
}

#[test]
fn suggestions_are_every_title_whose_words_start_with_the_typed_ones() {
    use helpportal::nl::analysis::folded_words;
    let all = CORPUS.articles().len();
    for typed in [
        "wachtwoord wij",
        "cred",
        "a",
        "fact be",
        "geweigerde cred",
        "zzzq",
        "Ü",
    ] {
        let words = folded_words(typed);
        let fits = |title: &str| {
            let title = folded_words(title);
            words
                .iter()
                .all(|w| title.iter().any(|t| t.starts_with(w.as_str())))
        };
        let mut expected: Vec<String> = CORPUS
            .articles()
            .iter()
            .filter(|a| fits(&a.title))
            .map(|a| folded_words(&a.title).join(" "))
            .collect();
        expected.sort();
        expected.dedup();
        let found = CORPUS.search().suggest(CORPUS.articles(), typed, all);
        assert_eq!(found.len(), expected.len(), "{typed}");
        for o in found {
            let title = &CORPUS.at(o).expect("article").title;
            assert!(fits(title), "{typed}: {title}");
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    /// Any text searches the corpus without a panic, and pages stay in range.
    #[test]
    fn any_text_searches_the_corpus(text in "\\PC{0,120}", quote in "[\"\\- ]{0,4}", page in 0usize..50) {
        let q = format!("{quote}{text}{quote}");
        let mut request = SearchRequest::new(&q);
        request.page = page;
        let results = CORPUS.search().search(CORPUS.articles(), &request);
        proptest::prop_assert!(results.page >= 1 && results.page <= results.pages);
        proptest::prop_assert!(results.hits.len() <= 10);
        let _ = CORPUS.search().suggest(CORPUS.articles(), &q, 8);
    }
}
