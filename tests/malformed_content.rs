//! Malformed articles are reported (file, line, reason) and skipped; the
//! rest is served. BOM and CRLF simply work.

mod common;

use common::*;
use helpportal::content::Severity;

fn problems_for(lib: &helpportal::library::Library, file: &str) -> Vec<String> {
    lib.problems()
        .iter()
        .filter(|p| p.file == file)
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn malformed_fixtures_are_reported_and_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let src = repo_path("tests/fixtures/malformed");
    copy_dir(&src, root);
    // A 5 MB article is generated rather than committed.
    let big = format!("---\ntitle: Groot\n---\n{}", "x".repeat(5 * 1024 * 1024));
    std::fs::write(root.join("docs/huge.md"), big).expect("write");
    let lib = load(&config_for(root));

    let loaded: Vec<&str> = lib.articles().iter().map(|a| a.id.as_str()).collect();
    for ok in ["docs/good", "docs/crlf", "docs/bom", "docs/Duplicate"] {
        assert!(loaded.contains(&ok), "{ok} must load: {loaded:?}");
    }
    for bad in [
        "docs/invalid-yaml",
        "docs/no-front-matter",
        "docs/empty",
        "docs/invalid-utf8",
        "docs/duplicate",
        "docs/huge",
    ] {
        assert!(!loaded.contains(&bad), "{bad} must be skipped");
    }
    let expect = [
        ("docs/invalid-yaml.md", "invalid front matter", 5),
        ("docs/no-front-matter.md", "no front matter", 1),
        ("docs/empty.md", "empty file", 1),
        ("docs/invalid-utf8.md", "not valid UTF-8", 4),
        ("docs/duplicate.md", "duplicate id", 1),
        ("docs/huge.md", "file too large", 1),
    ];
    for (file, reason, line) in expect {
        let found = problems_for(&lib, file);
        assert_eq!(found.len(), 1, "{file}: {found:?}");
        let text = &found[0];
        assert!(text.starts_with(&format!("{file}:{line}: ")), "{text}");
        assert!(text.contains(reason), "{text}");
    }
    assert_eq!(lib.error_count(), expect.len());
    let crlf = lib.get("docs/crlf").expect("crlf");
    assert_eq!(crlf.title, "Windows-regeleinden");
    assert!(!crlf.body(helpportal::i18n::UiLocale::NlNl).contains('\r'));
    assert_eq!(lib.get("docs/bom").expect("bom").title, "Met BOM");
    assert!(
        lib.problems()
            .iter()
            .all(|p| p.severity == Severity::Error || p.file != "docs/good.md")
    );
}

#[test]
fn check_command_reports_and_fails_on_errors() {
    let exe = env!("CARGO_BIN_EXE_helpportal");
    let out = std::process::Command::new(exe)
        .args([
            "--content",
            &repo_path("tests/fixtures/malformed").to_string_lossy(),
            "check",
        ])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "errors give a non-zero exit");
    assert!(
        stdout.contains("docs/invalid-yaml.md:5: invalid front matter: illegal placement"),
        "{stdout}"
    );
    assert!(stdout.contains("docs/empty.md:1: empty file"), "{stdout}");
    assert!(stdout.contains(": 5 errors,"), "{stdout}");

    let ok = std::process::Command::new(exe)
        .args([
            "--config",
            &repo_path("helpportal.toml").to_string_lossy(),
            "check",
        ])
        .output()
        .expect("runs");
    assert!(ok.status.success(), "the default content has no errors");
    assert!(
        String::from_utf8_lossy(&ok.stdout).contains("5 articles loaded from 5 files: 0 errors")
    );
}

#[test]
fn check_over_the_corpus_loads_every_article() {
    let exe = env!("CARGO_BIN_EXE_helpportal");
    let out = std::process::Command::new(exe)
        .args([
            "--config",
            &repo_path("helpportal.corpus.toml").to_string_lossy(),
            "check",
        ])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let summary = stdout.lines().last().expect("summary");
    let md_files = walk_md(&repo_path("../shared/corpus"));
    assert!(md_files > 3000, "corpus present: {md_files}");
    assert!(
        summary.starts_with(&format!(
            "{md_files} articles loaded from {md_files} files: 0 errors"
        )),
        "{summary}"
    );
    assert!(stdout.contains("azure-billing/billing-download-azure-invoice.md:134: include points outside the content root: ../../includes/billing-check-mca.md"));
}

fn walk_md(dir: &std::path::Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if path.is_dir() {
            if name != "includes" {
                n += walk_md(&path);
            }
        } else if name.ends_with(".md") {
            n += 1;
        }
    }
    n
}

/// `helpportal check` over `root`: its exit success and standard output.
fn check(root: &std::path::Path) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_helpportal"))
        .args(["--content", &root.to_string_lossy(), "check"])
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn check_says_what_sanitising_removes() {
    let (_, stdout) = check(&repo_path("tests/fixtures/hostile"));
    for line in [
        "docs/xss.md:7: removed <script> and its content",
        "docs/xss.md:9: removed event handler onerror= from <img>",
        "docs/xss.md:11: removed javascript: link",
        "docs/xss.md:13: removed javascript: URL from <a>",
        "docs/xss.md:13: removed event handler onclick= from <a>",
        "docs/xss.md:15: removed <iframe>",
        "docs/xss.md:17: removed style= from <div>",
        "docs/xss.md:17: removed event handler onmouseover= from <div>",
        "docs/xss.md:23: removed data: link",
    ] {
        assert!(stdout.contains(line), "{line} missing in\n{stdout}");
    }
}

#[cfg(unix)]
#[test]
fn check_reports_every_skipped_file_and_each_include_problem_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("content");
    std::fs::create_dir_all(root.join("docs")).expect("mkdir");
    let article = |title: &str, body: &str| format!("---\ntitle: {title}\n---\n{body}");
    std::fs::write(root.join("docs/good.md"), article("Goed", "Tekst\n")).expect("write");
    std::fs::write(dir.path().join("outside.md"), article("Buiten", "geheim\n")).expect("write");
    std::os::unix::fs::symlink(dir.path().join("outside.md"), root.join("docs/escape.md"))
        .expect("symlink");
    std::os::unix::fs::symlink(root.join("docs/good.md"), root.join("docs/alias.md"))
        .expect("symlink");
    std::os::unix::fs::symlink(dir.path(), root.join("docs/folder")).expect("symlink");
    std::fs::write(root.join("loose.md"), article("Los", "x\n")).expect("write");
    std::fs::write(
        root.join("docs/self.md"),
        article("Zelf", "intro\n\n[!INCLUDE [me](self.md)]\n\neinde\n"),
    )
    .expect("write");
    let (ok, stdout) = check(&root);
    assert!(!ok, "a skipped article fails check:\n{stdout}");
    assert!(
        stdout.contains(
            "docs/escape.md:1: symbolic link to a file outside the content root (article skipped)"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("docs/folder:1: symbolic link to a folder: not followed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("loose.md:1: not in a collection folder"),
        "{stdout}"
    );
    let loops: Vec<&str> = stdout.lines().filter(|l| l.contains("include")).collect();
    assert_eq!(
        loops,
        ["docs/self.md:6: include loop: self.md is already being included"],
        "{stdout}"
    );
    assert!(
        stdout.contains("3 articles loaded from 6 files"),
        "good, alias and self load; every file is counted:\n{stdout}"
    );
    let lib = load(&config_for(&root));
    assert!(lib.get("docs/escape").is_none());
    assert!(
        lib.get("docs/alias").is_some(),
        "a link inside the root loads"
    );
}
