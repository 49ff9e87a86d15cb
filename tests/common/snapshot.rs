//! A sample content root made from the shared corpus, and a snapshot
//! described as text, for comparing snapshots built in different ways.

use std::path::Path;

use helpportal::library::Library;
use helpportal::search::SearchRequest;

use super::{copy_dir, repo_path};

/// Every `step`-th article of the shared corpus (with the includes they
/// use), plus files that each give a different problem.
pub fn sample_root(dir: &Path, step: usize) {
    let corpus = repo_path("../shared/corpus");
    for collection in ["alchemy-insights", "azure-billing"] {
        let from = corpus.join(collection);
        let to = dir.join(collection);
        std::fs::create_dir_all(&to).expect("mkdir");
        let mut names: Vec<_> = std::fs::read_dir(&from)
            .expect("corpus")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        names.sort();
        for name in names.iter().step_by(step) {
            let path = from.join(name);
            if path.is_file() {
                std::fs::copy(&path, to.join(name)).expect("copy");
            }
        }
        if from.join("includes").is_dir() {
            copy_dir(&from.join("includes"), &to.join("includes"));
        }
    }
    let odd = dir.join("azure-billing");
    std::fs::write(odd.join("empty.md"), "\n").expect("write");
    std::fs::write(odd.join("latin1.md"), b"# Caf\xe9\n").expect("write");
    std::fs::write(odd.join("Dup.md"), "# Een\n").expect("write");
    std::fs::write(odd.join("dup.md"), "# Twee\n").expect("write");
    std::fs::write(
        odd.join("links.md"),
        "---\ntitle: Links\nms.date: 13/45/2020\n---\n[weg](nergens.md) [ook weg](../x/y.md)\n",
    )
    .expect("write");
    std::fs::write(dir.join("top.md"), "# Buiten een collectie\n").expect("write");
}

/// The queries [`described`] asks.
const QUERIES: [&str; 7] = [
    "factuur",
    "creditcard geweigerd",
    "wachtwoord wijzigen",
    "abonnement opzeggen",
    "betaling",
    "teams",
    "facturr",
];

/// What two snapshots must agree on, as text.
pub fn described(library: &Library) -> Vec<String> {
    let mut out = described_but_recommended(library);
    out.extend(recommended(library, &QUERIES));
    out
}

/// Recommended steps for `queries`, as text. The recommender's scores
/// differ in the last bits between any two builds, serial ones too (its
/// sums run in hash-map order): they are compared to four decimals.
pub fn recommended(library: &Library, queries: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for query in queries {
        let recommended = library.recommender().recommend(query, 5, None);
        let matches: Vec<(usize, String)> = recommended
            .matches
            .iter()
            .map(|m| (m.article.get(), format!("{:.4}", m.score)))
            .collect();
        out.push(format!(
            "{query}: {} {:.4} {matches:?}",
            recommended.confident, recommended.confidence
        ));
    }
    out
}

/// [`described`] without the recommended steps.
pub fn described_but_recommended(library: &Library) -> Vec<String> {
    let mut out = vec![format!("{} files seen", library.files_seen())];
    out.extend(library.articles().iter().map(|a| format!("{a:?}")));
    out.extend(library.problems().iter().map(|p| format!("{p:?}")));
    out.extend(library.collections().iter().map(|c| format!("{c:?}")));
    for article in library.articles() {
        let backlinks: Vec<&str> = library.backlinks(article).map(|a| a.id.as_str()).collect();
        out.push(format!("{} ← {backlinks:?}", article.id));
    }
    for query in QUERIES {
        let found = library
            .search()
            .search_uncached(library.articles(), &SearchRequest::new(query));
        let hits: Vec<(usize, &str)> = found
            .hits
            .iter()
            .map(|h| (h.article.get(), h.snippet_html.as_str()))
            .collect();
        out.push(format!(
            "{query}: {} {:?} {:?} {hits:?}",
            found.total, found.collections, found.suggestion
        ));
    }
    // Titles offered while typing (the incremental reload test retitles
    // an article "Nieuw doel").
    let starts = QUERIES.map(|q| q.chars().take(3).collect::<String>());
    let typed = (QUERIES.iter().copied())
        .chain(starts.iter().map(String::as_str))
        .chain(["nieuw doel", "doe"]);
    for typed in typed {
        let offered = library.search().suggest(library.articles(), typed, 10);
        out.push(format!("typed {typed}: {offered:?}"));
    }
    out
}
