//! A reload takes over the rendered form of unchanged articles; the result
//! must be exactly the snapshot a full load of the same files gives, after
//! an edit, a title change of an article others link to, an addition, a
//! deletion and a rename (search answers included: the search index is
//! updated rather than rebuilt); a broken edit keeps the last good version.

mod common;

use std::path::Path;

use common::snapshot::{described, sample_root};
use common::*;
use helpportal::config::Config;
use helpportal::library::Library;

/// Reloads from `previous` and checks the result against a full load.
fn reload_matches_a_full_load(config: &Config, previous: &Library, step: &str) -> Library {
    let reloaded = Library::reload(config, previous).expect("reload");
    let full = Library::load(config).expect("load");
    let (got, want) = (described(&reloaded), described(&full));
    assert_eq!(got.len(), want.len(), "{step}");
    for (got, want) in got.iter().zip(&want) {
        assert_eq!(got, want, "{step}");
    }
    reloaded
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

    replace_in(
        &billing.join("doel.md"),
        "Over facturen.",
        "Over creditnota's.",
    );
    replace_in(&billing.join("doel.md"), "Doelartikel", "Nieuw doel");
    let library = reload_matches_a_full_load(&config, &before, "edit and new title");
    assert_eq!(doel(&library).as_deref(), Some("Nieuw doel"));
    assert_eq!(library.search().updates(), 2, "the index was updated");
    // The snapshot before keeps answering from its own state of the index.
    assert_eq!(described(&before), before_answers);
    // A second reload from the same snapshot (as after a reload that failed
    // once it had written to the index) builds the index from scratch.
    let again = reload_matches_a_full_load(&config, &before, "again from the same snapshot");
    assert_eq!(again.search().updates(), 0);
    drop((before, again));

    std::fs::write(billing.join("komt-nog.md"), "# Komt nog\n\nNu wel.\n").expect("write");
    let library = reload_matches_a_full_load(&config, &library, "a link target added");
    assert_eq!(library.search().updates(), 3, "the index was updated");

    std::fs::rename(billing.join("doel.md"), billing.join("nieuw-doel.md")).expect("rename");
    let library = reload_matches_a_full_load(&config, &library, "renamed");

    std::fs::remove_file(billing.join("komt-nog.md")).expect("delete");
    let library = reload_matches_a_full_load(&config, &library, "deleted");
    assert_eq!(library.search().updates(), 5, "the index was updated");

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
