//! Taught examples in the insights store, on SQLite (a file in a
//! temporary folder) and PostgreSQL (a fresh database on the server
//! `HELPPORTAL_TEST_POSTGRES_URL` names; those tests fail when it is not
//! set): masked on the way in, one per description, undone, listed,
//! searched, and every change seen by another replica through the version.

mod common;

use std::time::Duration;

use common::insights::*;
use helpportal::config::Config;
use helpportal::insights::Insights;
use helpportal::insights::examples::Confirmed;
use helpportal::insights::mask::{EMAIL, PHONE};

const LIMIT: Duration = Duration::from_secs(10);

on_both_backends!(
    confirmations_are_masked_replaced_and_undone,
    every_change_bumps_the_version_another_replica_reads,
);

async fn open(url: &str) -> Insights {
    let config = Config {
        database_url: url.to_owned(),
        ..Config::default()
    };
    let insights = Insights::open(&config);
    connected(&insights).await;
    insights
}

async fn confirmations_are_masked_replaced_and_undone(url: &str) {
    let insights = open(url).await;
    let said = "Mijn  Outlook start niet, mail me op jan@example.nl of 0612345678";
    let done = insights
        .confirm_example("alice", said, Some("office/outlook-start-niet"))
        .await
        .expect("confirm");
    assert_eq!(done, Confirmed::Changed);
    let stored = insights.store.all_examples(LIMIT).await.expect("all");
    assert_eq!(stored.len(), 1);
    let example = &stored[0];
    assert_eq!(
        example.description,
        format!("mijn outlook start niet, mail me op {EMAIL} of {PHONE}")
    );
    assert_eq!(
        example.article.as_deref(),
        Some("office/outlook-start-niet")
    );
    assert_eq!(example.account, "alice");

    // The same answer again changes nothing; another answer replaces it.
    let again = insights
        .confirm_example("bob", said, Some("office/outlook-start-niet"))
        .await
        .expect("again");
    assert_eq!(again, Confirmed::Unchanged);
    let replaced = insights
        .confirm_example("bob", said, None)
        .await
        .expect("replace");
    assert_eq!(replaced, Confirmed::Changed);
    let stored = insights.store.all_examples(LIMIT).await.expect("all");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].article, None);
    assert_eq!(stored[0].account, "bob");

    let empty = insights.confirm_example("bob", "   ", None).await;
    assert_eq!(empty.expect("empty"), Confirmed::Empty);

    insights
        .confirm_example("alice", "teams 100% traag", Some("teams/traag"))
        .await
        .expect("second");
    let found = insights
        .store
        .examples("TEAMS", 10, LIMIT)
        .await
        .expect("search");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].article.as_deref(), Some("teams/traag"));
    let by_percent = insights
        .store
        .examples("100%", 10, LIMIT)
        .await
        .expect("search");
    assert_eq!(by_percent.len(), 1);
    let literal = insights
        .store
        .examples("0%_", 10, LIMIT)
        .await
        .expect("search");
    assert!(literal.is_empty(), "LIKE wildcards are taken literally");
    assert_eq!(
        insights
            .store
            .examples("", 10, LIMIT)
            .await
            .expect("all")
            .len(),
        2
    );

    assert!(
        insights
            .store
            .remove_example(&found[0].id, LIMIT)
            .await
            .expect("remove")
    );
    assert!(
        !insights
            .store
            .remove_example(&found[0].id, LIMIT)
            .await
            .expect("again")
    );
    assert_eq!(
        insights.store.all_examples(LIMIT).await.expect("all").len(),
        1
    );
}

async fn every_change_bumps_the_version_another_replica_reads(url: &str) {
    let one = open(url).await;
    let two = open(url).await;
    let start = two.store.examples_version(LIMIT).await.expect("version");
    one.confirm_example("alice", "printer offline", Some("x/printer"))
        .await
        .expect("confirm");
    let after_confirm = two.store.examples_version(LIMIT).await.expect("version");
    assert!(after_confirm > start);
    one.confirm_example("alice", "printer offline", Some("x/printer"))
        .await
        .expect("unchanged");
    assert_eq!(
        two.store.examples_version(LIMIT).await.expect("version"),
        after_confirm,
        "an unchanged confirmation is no change"
    );
    let id = two.store.all_examples(LIMIT).await.expect("all")[0]
        .id
        .clone();
    two.store.remove_example(&id, LIMIT).await.expect("remove");
    assert!(one.store.examples_version(LIMIT).await.expect("version") > after_confirm);
}
