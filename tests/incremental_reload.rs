//! A reload takes over the rendered form of unchanged articles; the result
//! must be exactly the snapshot a full load of the same files gives, after
//! an edit, a title change of an article others link to, an addition, a
//! deletion and a rename (search answers included: the search index is
//! updated rather than rebuilt); a broken edit keeps the last good version.
//! The recommender is updated rather than rebuilt after edits: its indexes
//! are a full build's, its latent space has the edited articles folded in
//! (close to a full build's, not equal: see `src/recommend/update.rs`).

mod common;

use std::path::Path;

use common::snapshot::{described, described_but_recommended, recommended, sample_root};
use common::*;
use helpportal::config::Config;
use helpportal::content::stamp::ChangedFiles;
use helpportal::library::Library;
use helpportal::recommend::Mode;

/// Reloads from `previous` and checks the result against a full load:
/// all of it while no article was folded into the recommender's latent
/// space since its last full build, else all but the recommended steps
/// (and those the latent space has no part in).
fn reload_matches_a_full_load(config: &Config, previous: &Library, step: &str) -> Library {
    let reloaded = Library::reload(config, previous).expect("reload");
    let full = Library::load(config).expect("load");
    let folded = reloaded.recommender().folded() > 0;
    let describe = if folded {
        described_but_recommended
    } else {
        described
    };
    let (got, want) = (describe(&reloaded), describe(&full));
    // What the next reload may take over: as many files as after a full
    // load (a reload starts from its predecessor's records).
    assert_eq!(reloaded.reusable(), full.reusable(), "{step}");
    assert_eq!(got.len(), want.len(), "{step}");
    for (got, want) in got.iter().zip(&want) {
        assert_eq!(got, want, "{step}");
    }
    if folded {
        same_without_latent_space(&reloaded, &full, step);
    }
    reloaded
}

/// Answers that do not use the latent space are a full build's: the plain
/// baseline, and the words each answer is found by.
fn same_without_latent_space(got: &Library, want: &Library, step: &str) {
    for query in team_descriptions().iter().chain(&["creditnota".to_owned()]) {
        let baseline = |l: &Library| {
            let found = l
                .recommender()
                .recommend_with(query, 5, Mode::Baseline, None);
            let matches: Vec<(usize, String)> = (found.matches.iter())
                .map(|m| (m.article.get(), format!("{:.4}", m.score)))
                .collect();
            format!("{} {:.4} {matches:?}", found.confident, found.confidence)
        };
        assert_eq!(baseline(got), baseline(want), "{step}: {query}");
    }
}

/// The descriptions of the team's recommended-steps set.
fn team_descriptions() -> Vec<String> {
    let text =
        std::fs::read_to_string(repo_path("tests/fixtures/recommend-team.jsonl")).expect("fixture");
    text.lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("json line");
            value["q"].as_str().expect("q").to_owned()
        })
        .collect()
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn a_reload_gives_the_snapshot_of_a_full_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    sample_root(root, 12);
    let billing = root.join("azure-billing");
    std::fs::write(
        billing.join("doel.md"),
        "---\ntitle: Doelartikel\n---\n# Doel\n\nOver facturen.\n",
    )
    .expect("write");
    std::fs::write(
        billing.join("wijzer.md"),
        "---\ntitle: Wijzer\n---\nZie [het doel](doel.md) en [later](komt-nog.md).\n",
    )
    .expect("write");
    let mut config = corpus_config();
    config.content = root.to_path_buf();
    let library = Library::load(&config).expect("load");
    assert!(library.reusable() > 200, "{}", library.reusable());
    let doel = |l: &Library| l.get("azure-billing/doel").map(|a| a.title.clone());

    let before = reload_matches_a_full_load(&config, &library, "nothing changed");
    let before_answers = described(&before);
    assert_eq!(
        before.recommender().updates(),
        1,
        "the recommender was updated"
    );

    replace_in(
        &billing.join("doel.md"),
        "Over facturen.",
        "Over creditnota's.",
    );
    replace_in(&billing.join("doel.md"), "Doelartikel", "Nieuw doel");
    let library = reload_matches_a_full_load(&config, &before, "edit and new title");
    assert_eq!(doel(&library).as_deref(), Some("Nieuw doel"));
    assert_eq!(library.search().updates(), 2, "the index was updated");
    assert_eq!(
        library.recommender().updates(),
        2,
        "the recommender was updated"
    );
    assert_eq!(library.recommender().folded(), 1);
    // The snapshot before keeps answering from its own state of the index.
    assert_eq!(described(&before), before_answers);
    // A second reload from the same snapshot (as after a reload that failed
    // once it had written to the index) builds the index from scratch.
    let again = reload_matches_a_full_load(&config, &before, "again from the same snapshot");
    assert_eq!(again.search().updates(), 0);
    assert_eq!(again.recommender().updates(), 2);
    drop((before, again));

    std::fs::write(billing.join("komt-nog.md"), "# Komt nog\n\nNu wel.\n").expect("write");
    let library = reload_matches_a_full_load(&config, &library, "a link target added");
    assert_eq!(library.search().updates(), 3, "the index was updated");
    assert_eq!(library.recommender().updates(), 3);

    std::fs::rename(billing.join("doel.md"), billing.join("nieuw-doel.md")).expect("rename");
    let library = reload_matches_a_full_load(&config, &library, "renamed");
    assert_eq!(library.recommender().updates(), 0, "a rename: built anew");

    std::fs::remove_file(billing.join("komt-nog.md")).expect("delete");
    let library = reload_matches_a_full_load(&config, &library, "deleted");
    assert_eq!(library.search().updates(), 5, "the index was updated");
    assert_eq!(library.recommender().updates(), 1);

    std::fs::write(billing.join("wijzer.md"), b"# Wijzer \xff\n").expect("write");
    let broken = Library::reload(&config, &library).expect("reload");
    let kept = broken
        .get("azure-billing/wijzer")
        .expect("last good version");
    assert!(kept.text.contains("het doel"), "{}", kept.text);
    assert!(
        broken
            .problems()
            .iter()
            .any(|p| p.file == "azure-billing/wijzer.md"
                && p.reason.contains("serving the last good version")),
        "{:?}",
        broken.problems()
    );

    std::fs::write(
        billing.join("wijzer.md"),
        "---\ntitle: Wijzer\n---\nZie [het nieuwe doel](nieuw-doel.md).\n",
    )
    .expect("write");
    let library = reload_matches_a_full_load(&config, &broken, "broken edit repaired");
    let backlinks: Vec<&str> = library
        .get("azure-billing/nieuw-doel")
        .map(|a| library.backlinks(a).map(|b| b.id.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(backlinks, ["azure-billing/wijzer"]);
}

/// After an edit of one article, the updated recommender (the edited
/// article folded into the latent space) gives the team's descriptions the
/// same first recommended step as a full build, and its words (a new one
/// included) are those of a full build.
#[test]
fn an_edit_keeps_the_first_recommended_step_of_a_full_build() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    sample_root(root, 6);
    let mut config = corpus_config();
    config.content = root.to_path_buf();
    let library = Library::load(&config).expect("load");
    let edited = (library.articles().iter())
        .find(|a| a.id.starts_with("alchemy-insights/") && a.text.contains("instellingen"))
        .map(|a| root.join(format!("{}.md", a.id)))
        .expect("an article to edit");
    let text = std::fs::read_to_string(&edited).expect("read");
    std::fs::write(
        &edited,
        format!("{text}\nOpen de instellingen opnieuw en kies meetwoordje.\n"),
    )
    .expect("write");
    let reloaded = Library::reload(&config, &library).expect("reload");
    assert_eq!(reloaded.recommender().updates(), 1, "updated, not rebuilt");
    let full = Library::load(&config).expect("load");
    same_without_latent_space(&reloaded, &full, "one edit");
    // The same first step, or one a full build scores within 0.1 % of its
    // first (a near tie the latent part of the score can tip either way).
    let descriptions = team_descriptions();
    let mut same = 0;
    for query in &descriptions {
        let got = reloaded.recommender().recommend(query, 1, None);
        let want = full.recommender().recommend(query, 5, None);
        let (Some(got), Some(best)) = (got.matches.first(), want.matches.first()) else {
            assert!(got.matches.is_empty() && want.matches.is_empty(), "{query}");
            continue;
        };
        let score = (want.matches.iter())
            .find(|m| m.article == got.article)
            .map(|m| m.score);
        assert!(
            score.is_some_and(|s| s >= best.score * 0.999),
            "{query}: {:?} for {:?}",
            got.article,
            want.matches
        );
        same += usize::from(got.article == best.article);
    }
    assert!(same * 20 >= descriptions.len() * 19, "{same}");
    // The snapshot the update was made from answers as before.
    let queries: Vec<&str> = descriptions.iter().map(String::as_str).collect();
    let before = recommended(&library, &queries);
    drop(reloaded);
    assert_eq!(recommended(&library, &queries), before);
}

/// Reloads from `previous` and checks the result against a full load, all
/// but the recommended steps (compared in the test above; a near tie
/// there can round either way in the fourth decimal).
fn same_as_a_full_load(config: &Config, previous: &Library, step: &str) -> Library {
    let reloaded = Library::reload(config, previous).expect("reload");
    let full = Library::load(config).expect("load");
    let (got, want) = (
        described_but_recommended(&reloaded),
        described_but_recommended(&full),
    );
    assert_eq!(got, want, "{step}");
    assert_eq!(reloaded.reusable(), full.reusable(), "{step}");
    reloaded
}

/// A reload reads only the files whose stamp changed, those the watcher
/// reported and those that include other files (a fragment may have
/// changed); every other article is taken over without its file being
/// opened. A rewrite that keeps size and modification time is read when
/// the watcher reports it. After each the snapshot equals a full load
/// (search answers included).
#[test]
fn a_reload_reads_only_changed_reported_and_including_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    sample_root(root, 12);
    let billing = root.join("azure-billing");
    std::fs::create_dir_all(billing.join("includes")).expect("mkdir");
    std::fs::write(billing.join("includes/stap.md"), "Stap een.\n").expect("write");
    let including = "---\ntitle: Met stap\n---\nVoor.\n\n[!INCLUDE [stap](includes/stap.md)]\n";
    std::fs::write(billing.join("met-stap.md"), including).expect("write");
    let doel = "---\ntitle: Doel\n---\n# Doel\n\nOver facturen.\n";
    std::fs::write(billing.join("doel.md"), doel).expect("write");
    let mut config = corpus_config();
    config.content = root.to_path_buf();
    let library = Library::load(&config).expect("load");
    let including = (library.articles().iter())
        .filter(|a| {
            std::fs::read_to_string(root.join(&a.source)).is_ok_and(|t| t.contains("[!INCLUDE"))
        })
        .count();
    assert!(including >= 1);
    assert!(library.files_read() > library.articles().len());
    // Files that were refused (unreadable, duplicate ids) are read again too.
    let including = including + library.error_count();

    let same = same_as_a_full_load(&config, &library, "nothing changed");
    assert_eq!(same.files_read(), including, "only the including articles");

    replace_in(&billing.join("doel.md"), "facturen", "creditnota's");
    let edited = same_as_a_full_load(&config, &same, "one edit");
    assert_eq!(edited.files_read(), including + 1);
    let text = |l: &Library, id: &str| l.get(id).map(|a| a.text.clone()).unwrap_or_default();
    assert!(text(&edited, "azure-billing/doel").contains("creditnota"));

    std::fs::write(billing.join("includes/stap.md"), "Stap twee.\n").expect("write");
    let fragment = same_as_a_full_load(&config, &edited, "a fragment edited");
    assert!(text(&fragment, "azure-billing/met-stap").contains("Stap twee"));

    // The same size and modification time: the watcher's report is read.
    let doel = billing.join("doel.md");
    let modified = std::fs::metadata(&doel)
        .and_then(|m| m.modified())
        .expect("mtime");
    let size = std::fs::metadata(&doel).map(|m| m.len()).expect("size");
    replace_in(&doel, "creditnota's", "betaalkaart!");
    assert_eq!(std::fs::metadata(&doel).map(|m| m.len()).ok(), Some(size));
    let file = std::fs::File::options()
        .write(true)
        .open(&doel)
        .expect("open");
    file.set_modified(modified).expect("set mtime");
    drop(file);
    let reported = ChangedFiles::reported(root, [doel.clone()]);
    let rewritten = Library::reload_changed(&config, &fragment, &reported).expect("reload");
    assert!(text(&rewritten, "azure-billing/doel").contains("betaalkaart!"));
    assert_eq!(rewritten.files_read(), including + 1);
    let full = Library::load(&config).expect("load");
    assert_eq!(
        described_but_recommended(&rewritten),
        described_but_recommended(&full)
    );

    // A reported file is read even when its stamp is unchanged.
    let reported = ChangedFiles::reported(root, [billing.join("links.md"), doel]);
    let again = Library::reload_changed(&config, &rewritten, &reported).expect("reload");
    assert_eq!(again.files_read(), including + 2);
    let everything = Library::reload_changed(&config, &again, &ChangedFiles::everything());
    let everything = everything.expect("reload");
    assert_eq!(everything.files_read(), library.files_read());

    // An addition changes the set of ids: every file is read.
    std::fs::write(billing.join("nieuw.md"), "---\ntitle: Nieuw\n---\nTekst.\n").expect("write");
    let added = same_as_a_full_load(&config, &everything, "added");
    assert_eq!(added.files_read(), library.files_read() + 1);
    std::fs::remove_file(billing.join("nieuw.md")).expect("delete");
    let deleted = same_as_a_full_load(&config, &added, "deleted");
    assert_eq!(deleted.files_read(), library.files_read());
}
