//! `helpportal examples import` and `export` on an SQLite file given with
//! `--database-url`: bad lines are reported with their numbers and nothing
//! of them is stored, a second import changes nothing, and what is
//! exported imports into another database as the same examples.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::insights::sqlite_file_url;

fn helpportal(database: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_helpportal"))
        .args(["--database-url", database])
        .args(args)
        .output()
        .expect("run helpportal")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn import(database: &str, file: &Path) -> Output {
    helpportal(
        database,
        &["examples", "import", &file.display().to_string()],
    )
}

#[test]
fn import_reports_bad_lines_is_idempotent_and_round_trips_through_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["one", "two"] {
        std::fs::create_dir(dir.path().join(name)).expect("mkdir");
    }
    let one = sqlite_file_url(&dir.path().join("one"));
    let file = dir.path().join("examples.jsonl");
    std::fs::write(
        &file,
        "{\"q\": \"Outlook opent niet meer\", \"expect\": [\"office/outlook\"]}\n\
         {\"q\": \"bel me op 0612345678\", \"expect\": []}\n\
         {kapot\n\
         {\"q\": \"twee artikelen\", \"expect\": [\"a\", \"b\"]}\n\
         \n\
         {\"q\": \"teams\\ttraag\", \"expect\": [\"teams/traag\"], \"style\": \"phone\"}\n",
    )
    .expect("write");

    let first = import(&one, &file);
    let err = text(&first.stderr);
    assert!(!first.status.success(), "bad lines make the exit non-zero");
    assert!(err.contains("examples.jsonl:3:"), "{err}");
    assert!(err.contains("examples.jsonl:4:"), "{err}");
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(
        text(&first.stdout).contains("3 examples stored, 0 unchanged, 2 bad lines"),
        "{}",
        text(&first.stdout)
    );

    let again = import(&one, &file);
    assert!(
        text(&again.stdout).contains("0 examples stored, 3 unchanged"),
        "{}",
        text(&again.stdout)
    );

    let exported = helpportal(&one, &["examples", "export"]);
    assert!(exported.status.success(), "{}", text(&exported.stderr));
    let lines = text(&exported.stdout);
    let mut got: Vec<&str> = lines.lines().collect();
    got.sort_unstable();
    assert_eq!(
        got,
        [
            "{\"q\":\"bel me op <telefoon>\",\"expect\":[]}",
            "{\"q\":\"outlook opent niet meer\",\"expect\":[\"office/outlook\"]}",
            "{\"q\":\"teams traag\",\"expect\":[\"teams/traag\"]}",
        ]
    );

    let two = sqlite_file_url(&dir.path().join("two"));
    let exported_file = dir.path().join("exported.jsonl");
    std::fs::write(&exported_file, lines.as_bytes()).expect("write");
    let moved = import(&two, &exported_file);
    assert!(moved.status.success(), "{}", text(&moved.stderr));
    let back = helpportal(&two, &["examples", "export"]);
    assert_eq!(text(&back.stdout), lines);
}

#[test]
fn check_lists_examples_whose_article_is_not_loaded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let database = sqlite_file_url(dir.path());
    let file = dir.path().join("examples.jsonl");
    std::fs::write(
        &file,
        "{\"q\": \"kaart geweigerd\", \"expect\": [\"alchemy-insights/declined-credit-card\"]}\n\
         {\"q\": \"oud probleem\", \"expect\": [\"alchemy-insights/verdwenen-artikel\"]}\n",
    )
    .expect("write");
    assert!(import(&database, &file).status.success());
    let content = common::repo_path("content").display().to_string();
    let out = helpportal(&database, &["--content", &content, "check"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "examples: not a loaded article: alchemy-insights/verdwenen-artikel (confirmed for \"oud probleem\""
        ),
        "{stdout}"
    );
    assert!(
        !stdout.contains("declined-credit-card (confirmed"),
        "{stdout}"
    );
}
