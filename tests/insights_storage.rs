//! The insights store, with the same test bodies run against SQLite (a
//! file in a temporary folder) and PostgreSQL (a fresh database on the
//! server `HELPPORTAL_TEST_POSTGRES_URL` names; the PostgreSQL tests fail
//! when it is not set).

mod common;

use std::time::Duration;

use common::insights::*;
use helpportal::config::Config;
use helpportal::insights::mask::{EMAIL, NUMBER, PHONE};
use helpportal::insights::{Feedback, FeedbackKind, Insights, Login, QueryKind, tokens};

const LIMIT: Duration = Duration::from_secs(10);

/// Runs `$body(url)` once on SQLite and once on PostgreSQL.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let dir = tempfile::tempdir().expect("tempdir");
                    super::$name(&super::sqlite_file_url(dir.path())).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let url = super::fresh_postgres_database().await;
                    super::$name(&url).await;
                }
            )*
        }
    };
}

on_both_backends!(
    feedback_is_stored_masked_and_reported,
    searches_and_recommendations_are_recorded_in_batches,
    repeated_failed_logins_lock_the_account,
    replicas_share_the_signing_key,
);

async fn open(url: &str) -> Insights {
    let config = with_staff(Config::default(), url, "alice", "juist wachtwoord");
    let insights = Insights::open(&config);
    connected(&insights).await;
    insights
}

fn feedback(article: &str, helpful: bool, kind: FeedbackKind) -> Feedback {
    Feedback {
        at: tokens::now(),
        kind,
        locale: "nl-NL".into(),
        article: article.into(),
        helpful,
        comment: None,
        description: None,
    }
}

async fn feedback_is_stored_masked_and_reported(url: &str) {
    let insights = open(url).await;
    let card = "alchemy-insights/declined-credit-card";
    let invoice = "azure-billing/billing-how-to-pay-by-invoice";
    insights
        .save_feedback(feedback(card, true, FeedbackKind::Article))
        .await
        .expect("stored");
    let no = insights
        .save_feedback(feedback(card, false, FeedbackKind::Article))
        .await
        .expect("stored");
    let mut recommended = feedback(invoice, false, FeedbackKind::Recommend);
    recommended.description = Some("Factuur  BETALEN lukt niet, klantnummer 1234567".into());
    insights.save_feedback(recommended).await.expect("stored");

    assert!(
        insights
            .add_comment(&no, "Bel mij: 06-12345678 of jan@example.nl")
            .await
            .expect("stored"),
        "a comment on Nee feedback is added"
    );
    assert!(
        !insights
            .add_comment(&no, "nog een keer")
            .await
            .expect("ran"),
        "only one comment per answer"
    );

    let votes = insights
        .store
        .unhelpful_articles(10, LIMIT)
        .await
        .expect("report");
    assert_eq!(votes.len(), 2, "{votes:?}");
    let card_votes = votes.iter().find(|v| v.article == card).expect("card");
    assert_eq!((card_votes.unhelpful, card_votes.helpful), (1, 1));

    let recent = insights
        .store
        .recent_unhelpful(10, LIMIT)
        .await
        .expect("report");
    assert_eq!(recent.len(), 2);
    let commented = recent.iter().find(|f| f.article == card).expect("card");
    assert_eq!(
        commented.comment.as_deref(),
        Some(format!("Bel mij: {PHONE} of {EMAIL}").as_str())
    );
    let from_recommend = recent
        .iter()
        .find(|f| f.article == invoice)
        .expect("invoice");
    assert_eq!(from_recommend.kind, "recommend");
    assert_eq!(
        from_recommend.description.as_deref(),
        Some(format!("factuur betalen lukt niet, klantnummer {NUMBER}").as_str())
    );
}

async fn searches_and_recommendations_are_recorded_in_batches(url: &str) {
    let insights = open(url).await;
    let card = "alchemy-insights/declined-credit-card";
    for text in [
        "Creditcard geweigerd",
        "  creditcard   GEWEIGERD",
        "creditcard geweigerd",
    ] {
        insights.record_search(text, 3, Some(card));
    }
    insights.record_search(
        "factuur",
        7,
        Some("azure-billing/billing-how-to-pay-by-invoice"),
    );
    insights.record_search("xyzzy mail me op a@b.nl", 0, None);
    insights.record_search("   ", 0, None);
    insights.record_recommendation("mijn kaart 0612345678 werkt niet", 4, Some(card), false);
    insights.record_recommendation("creditcard geweigerd bij betalen", 5, Some(card), true);
    insights.record_open(QueryKind::Search, "Creditcard Geweigerd", card);
    assert!(insights.flush().await, "the database took every event");

    let top = insights
        .store
        .top_queries(QueryKind::Search, false, 10, LIMIT)
        .await
        .expect("report");
    let queries: Vec<(&str, i64)> = top.iter().map(|s| (s.query.as_str(), s.count)).collect();
    assert_eq!(
        queries,
        vec![
            ("creditcard geweigerd", 3),
            ("factuur", 1),
            (format!("xyzzy mail me op {EMAIL}").as_str(), 1)
        ]
    );
    assert_eq!(top[0].opened, 1, "one result was opened");
    assert_eq!(top[0].results, 3);
    assert_eq!(top[0].first_result.as_deref(), Some(card));

    let gaps = insights
        .store
        .top_queries(QueryKind::Search, true, 10, LIMIT)
        .await
        .expect("report");
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0].query, format!("xyzzy mail me op {EMAIL}"));

    let unmatched = insights
        .store
        .top_queries(QueryKind::Recommend, true, 10, LIMIT)
        .await
        .expect("report");
    assert_eq!(
        unmatched.len(),
        1,
        "only the description without a confident match"
    );
    assert_eq!(unmatched[0].query, format!("mijn kaart {PHONE} werkt niet"));
}

async fn repeated_failed_logins_lock_the_account(url: &str) {
    let insights = open(url).await;
    assert!(matches!(
        insights.login("alice", "juist wachtwoord").await,
        Ok(Login::Success(_))
    ));
    assert_eq!(
        insights.login("alice", "fout").await.ok(),
        Some(Login::Failed)
    );
    for _ in 0..3 {
        assert_eq!(
            insights.login("alice", "fout").await.ok(),
            Some(Login::Failed)
        );
    }
    assert_eq!(
        insights.login("alice", "fout").await.ok(),
        Some(Login::LockedOut),
        "the fifth failure locks"
    );
    assert_eq!(
        insights.login("alice", "juist wachtwoord").await.ok(),
        Some(Login::LockedOut),
        "even the right password is refused while locked"
    );
    assert_eq!(
        insights.login("bob", "juist wachtwoord").await.ok(),
        Some(Login::Failed),
        "unknown accounts never log in"
    );
    // A second process on the same database sees the lock-out.
    let other = open(url).await;
    assert_eq!(
        other.login("alice", "juist wachtwoord").await.ok(),
        Some(Login::LockedOut)
    );
}

async fn replicas_share_the_signing_key(url: &str) {
    let a = open(url).await;
    let b = open(url).await;
    let token = a.keys().form_token("feedback:article:x");
    assert!(b.keys().check_form_token("feedback:article:x", &token));
    let session = a.keys().session("alice");
    assert_eq!(b.session_account(&session).as_deref(), Some("alice"));
}

#[tokio::test]
async fn an_unreachable_database_fails_fast_and_keeps_events() {
    let config = with_staff(
        Config::default(),
        "postgres://nobody:x@127.0.0.1:1/none",
        "alice",
        "pw",
    );
    let insights = Insights::open(&config);
    let saved = insights
        .save_feedback(feedback("a/b", true, FeedbackKind::Article))
        .await;
    assert!(saved.is_err(), "feedback is not acknowledged");
    insights.record_search("factuur", 1, None);
    assert!(!insights.flush().await, "events stay queued");
    assert!(insights.login("alice", "pw").await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_recorded_while_the_database_is_unreachable_are_written_when_it_is_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    // SQLite cannot create a file in a folder that does not exist yet.
    let missing = dir.path().join("later");
    let config = with_staff(Config::default(), &sqlite_file_url(&missing), "alice", "pw");
    let insights = Insights::open(&config);
    insights.record_search("factuur betalen", 2, None);
    assert!(!insights.flush().await, "nothing can be written yet");
    assert!(
        insights
            .save_feedback(feedback("a/b", true, FeedbackKind::Article))
            .await
            .is_err(),
        "feedback is refused, not acknowledged"
    );
    std::fs::create_dir(&missing).expect("mkdir");
    connected(&insights).await;
    assert!(insights.flush().await, "the queued search is written");
    let top = insights
        .store
        .top_queries(QueryKind::Search, false, 10, LIMIT)
        .await
        .expect("report");
    assert_eq!(top.len(), 1);
    assert_eq!(
        (top[0].query.as_str(), top[0].count),
        ("factuur betalen", 1)
    );
}
