//! The insights store, with the same test bodies run against SQLite (a
//! file in a temporary folder) and PostgreSQL (a fresh database on the
//! server `HELPPORTAL_TEST_POSTGRES_URL` names; the PostgreSQL tests fail
//! when it is not set).

mod common;

use std::sync::LazyLock;
use std::time::Duration;

use common::insights::*;
use helpportal::config::Config;
use helpportal::insights::auth::hash_password;
use helpportal::insights::mask::{EMAIL, NUMBER, PHONE};
use helpportal::insights::store::CommentOutcome;
use helpportal::insights::{
    FEEDBACK_PER_WINDOW, Feedback, FeedbackKind, Insights, Login, QueryKind, tokens,
};

const LIMIT: Duration = Duration::from_secs(10);

on_both_backends!(
    feedback_is_stored_masked_and_reported,
    searches_and_recommendations_are_recorded_in_batches,
    repeated_failed_logins_lock_the_account,
    concurrent_attempts_on_two_replicas_check_at_most_five_passwords,
    a_success_among_concurrent_guesses_keeps_them_counted,
    sessions_end_on_every_replica_when_signed_out,
    a_changed_password_ends_the_old_sessions,
    replicas_share_the_signing_key,
    each_feedback_form_takes_a_limited_number_of_answers,
);

/// The hash of alice's password, the same for every replica as it would
/// be from one config file.
static ALICE: LazyLock<String> = LazyLock::new(|| hash_password("juist wachtwoord").expect("hash"));

async fn open(url: &str) -> Insights {
    let mut config = Config {
        database_url: url.to_owned(),
        ..Config::default()
    };
    config.staff.accounts.insert("alice".into(), ALICE.clone());
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
    let yes = insights
        .save_feedback(feedback(card, true, FeedbackKind::Article))
        .await
        .expect("ran")
        .expect("stored");
    let no = insights
        .save_feedback(feedback(card, false, FeedbackKind::Article))
        .await
        .expect("ran")
        .expect("stored");
    let mut recommended = feedback(invoice, false, FeedbackKind::Recommend);
    recommended.description = Some("Factuur  BETALEN lukt niet, klantnummer 1234567".into());
    insights
        .save_feedback(recommended)
        .await
        .expect("ran")
        .expect("stored");

    let comment = |fid: String, article: &'static str, text: &'static str| {
        let insights = &insights;
        async move {
            insights
                .add_comment(&fid, article, text)
                .await
                .expect("ran")
        }
    };
    assert_eq!(
        comment(no.clone(), card, "Bel mij: 06-12345678 of jan@example.nl").await,
        Some(CommentOutcome::Stored),
        "a comment on Nee feedback is added"
    );
    assert_eq!(
        comment(no.clone(), card, "nog een keer").await,
        Some(CommentOutcome::AlreadyCommented),
        "only one comment per answer"
    );
    assert_eq!(
        comment(no.clone(), invoice, "ander artikel").await,
        Some(CommentOutcome::UnknownFeedback),
        "the feedback belongs to another article"
    );
    assert_eq!(
        comment(tokens::random_hex(16), card, "bestaat niet").await,
        Some(CommentOutcome::UnknownFeedback)
    );
    assert_eq!(
        comment(yes, card, "op een Ja").await,
        Some(CommentOutcome::UnknownFeedback),
        "comments go with Nee"
    );
    assert_eq!(comment(no, card, "   ").await, None, "nothing to store");

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
    for _ in 0..4 {
        assert_eq!(
            insights.login("alice", "fout").await.ok(),
            Some(Login::Failed)
        );
    }
    assert_eq!(
        insights.login("alice", "fout").await.ok(),
        Some(Login::FailedNowLocked),
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

/// `attempts` sign-ins for `alice` sent at once, alternating between two
/// replicas; the right password is attempt number `right` (if any).
async fn at_once(url: &str, attempts: usize, right: Option<usize>) -> Vec<Login> {
    let (a, b) = (open(url).await, open(url).await);
    let tries = (0..attempts).map(|n| {
        let replica = if n % 2 == 0 { &a } else { &b };
        let password = if Some(n) == right {
            "juist wachtwoord".to_owned()
        } else {
            format!("fout{n}")
        };
        async move { replica.login("alice", &password).await.expect("ran") }
    });
    futures_util::future::join_all(tries).await
}

/// How many of `outcomes` had their password checked.
fn checked(outcomes: &[Login]) -> usize {
    outcomes
        .iter()
        .filter(|o| !matches!(o, Login::LockedOut))
        .count()
}

async fn concurrent_attempts_on_two_replicas_check_at_most_five_passwords(url: &str) {
    let outcomes = at_once(url, 30, None).await;
    assert_eq!(checked(&outcomes), 5, "{outcomes:?}");
    let failed = outcomes.iter().filter(|o| **o == Login::Failed).count();
    assert_eq!(failed, 4, "{outcomes:?}");
    let later = open(url).await;
    assert_eq!(
        later.login("alice", "juist wachtwoord").await.ok(),
        Some(Login::LockedOut)
    );
}

async fn a_success_among_concurrent_guesses_keeps_them_counted(url: &str) {
    let outcomes = at_once(url, 30, Some(17)).await;
    assert!(checked(&outcomes) <= 5, "{outcomes:?}");
    let success = matches!(outcomes[17], Login::Success(_));
    assert!(
        success || outcomes[17] == Login::LockedOut,
        "the right password either was among the checked or was refused: {:?}",
        outcomes[17]
    );
    // However it went, the guesses still lock the account.
    let later = open(url).await;
    assert_eq!(
        later.login("alice", "fout").await.ok(),
        Some(Login::LockedOut)
    );
}

/// Signs `alice` in on `insights`; the cookie value.
async fn signed_in(insights: &Insights) -> String {
    match insights.login("alice", "juist wachtwoord").await {
        Ok(Login::Success(cookie)) => cookie,
        other => panic!("no session: {other:?}"),
    }
}

async fn sessions_end_on_every_replica_when_signed_out(url: &str) {
    let (a, b) = (open(url).await, open(url).await);
    let first = signed_in(&a).await;
    let second = signed_in(&a).await;
    let session = b.session(&first).await.expect("ran").expect("b accepts it");
    assert_eq!(session.account, "alice");
    assert!(
        b.session("616c696365.99999999999.00.00")
            .await
            .expect("ran")
            .is_none()
    );
    b.sign_out(&session).await.expect("signed out");
    assert!(
        a.session(&first).await.expect("ran").is_none(),
        "ended on a"
    );
    let other = a.session(&second).await.expect("ran").expect("still open");
    assert!(
        a.check_staff_form_token(&other, &a.staff_form_token(&other)),
        "staff forms carry the session's token"
    );
    assert!(!a.check_staff_form_token(&other, &a.staff_form_token(&session)));
    let third = signed_in(&b).await;
    assert_eq!(a.sign_out_everywhere(&other).await.expect("ran"), 2);
    for cookie in [&second, &third] {
        assert!(b.session(cookie).await.expect("ran").is_none());
    }
}

async fn a_changed_password_ends_the_old_sessions(url: &str) {
    let before = open(url).await;
    let cookie = signed_in(&before).await;
    assert!(before.session(&cookie).await.expect("ran").is_some());
    let config = with_staff(Config::default(), url, "alice", "nieuw wachtwoord");
    let after = Insights::open(&config);
    connected(&after).await;
    assert!(after.session(&cookie).await.expect("ran").is_none());
}

async fn each_feedback_form_takes_a_limited_number_of_answers(url: &str) {
    let insights = open(url).await;
    let card = "alchemy-insights/declined-credit-card";
    let save = |article: &'static str, kind| {
        let insights = &insights;
        async move {
            insights
                .save_feedback(feedback(article, false, kind))
                .await
                .expect("ran")
        }
    };
    for n in 0..FEEDBACK_PER_WINDOW {
        assert!(save(card, FeedbackKind::Article).await.is_some(), "{n}");
    }
    assert_eq!(
        save(card, FeedbackKind::Article).await,
        None,
        "limit reached"
    );
    assert!(
        save(card, FeedbackKind::Recommend).await.is_some(),
        "another form"
    );
    assert!(save("a/b", FeedbackKind::Article).await.is_some());
    let votes = insights
        .store
        .unhelpful_articles(10, LIMIT)
        .await
        .expect("report");
    let card_votes = votes.iter().find(|v| v.article == card).expect("card");
    assert_eq!(card_votes.unhelpful, FEEDBACK_PER_WINDOW + 1);
}

async fn replicas_share_the_signing_key(url: &str) {
    let a = open(url).await;
    let b = open(url).await;
    let token = a.keys().form_token("feedback:article:x");
    assert!(b.keys().check_form_token("feedback:article:x", &token));
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
