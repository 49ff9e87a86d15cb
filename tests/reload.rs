//! Live reload: edits, additions, broken edits, renames and deletions in a
//! temporary content root are picked up within seconds while requests keep
//! succeeding; a failed reload keeps the old snapshot.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::dev::Service;
use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use common::*;
use helpportal::library::{Library, LibraryHandle};
use helpportal::reload::{Reloader, Trigger, reload_once};

const ARTICLE: &str = "alchemy-insights/declined-credit-card";

fn temp_content() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo_path("content"), dir.path());
    dir
}

/// Polls `cond` on the current snapshot for up to 10 seconds.
fn wait_for(handle: &LibraryHandle, what: &str, cond: impl Fn(&Library) -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if cond(&handle.current()) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for: {what}");
}

fn rewrite_title(path: &Path, title: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("title:") {
            out.push_str(&format!("title: {title}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    std::fs::write(path, out).expect("write");
}

#[test]
fn watcher_picks_up_edits_additions_broken_edits_renames_and_deletions() {
    let dir = temp_content();
    let config = Arc::new(config_for(dir.path()));
    let handle = LibraryHandle::new(Library::load(&config).expect("loads"));
    let reloader = Reloader::start(config.clone(), handle.clone());
    let _watch = reloader.watch(dir.path()).expect("watch");
    let file = dir.path().join(format!("{ARTICLE}.md"));

    rewrite_title(&file, "Geweigerde creditcard (bijgewerkt)");
    wait_for(&handle, "edited title", |l| {
        l.get(ARTICLE)
            .is_some_and(|a| a.title == "Geweigerde creditcard (bijgewerkt)")
    });

    std::fs::write(
        dir.path().join("alchemy-insights/nieuw-artikel.md"),
        "---\ntitle: Nieuw artikel\n---\n# Nieuw artikel\n\nTekst.\n",
    )
    .expect("write");
    wait_for(&handle, "added article", |l| {
        l.get("alchemy-insights/nieuw-artikel").is_some()
    });

    // A broken edit keeps the last good version online and is reported.
    std::fs::write(&file, "---\ntitle: [kapot\n---\n# Kapot\n").expect("write");
    wait_for(&handle, "broken edit reported", |l| {
        l.problems().iter().any(|p| {
            p.file == format!("{ARTICLE}.md") && p.reason.contains("serving the last good version")
        })
    });
    let current = handle.current();
    let kept = current.get(ARTICLE).expect("still served");
    assert_eq!(kept.title, "Geweigerde creditcard (bijgewerkt)");

    // Rename: the new id appears, the old one is gone.
    let old = dir.path().join("alchemy-insights/payment-declined.md");
    let new = dir.path().join("alchemy-insights/betaling-geweigerd.md");
    std::fs::rename(&old, &new).expect("rename");
    wait_for(&handle, "renamed article", |l| {
        l.get("alchemy-insights/betaling-geweigerd").is_some()
            && l.get("alchemy-insights/payment-declined").is_none()
    });

    std::fs::remove_file(&new).expect("delete");
    wait_for(&handle, "deleted article", |l| {
        l.get("alchemy-insights/betaling-geweigerd").is_none()
    });
}

#[test]
fn a_failed_reload_keeps_the_old_snapshot() {
    let dir = temp_content();
    let config = config_for(dir.path());
    let handle = LibraryHandle::new(Library::load(&config).expect("loads"));
    let before = handle.current().articles().len();
    std::fs::remove_dir_all(dir.path()).expect("remove root");
    assert!(reload_once(&config, &handle, Trigger::Signal).is_err());
    assert_eq!(handle.current().articles().len(), before);
}

#[cfg(unix)]
#[test]
fn sighup_reloads() {
    let dir = temp_content();
    let config = Arc::new(config_for(dir.path()));
    let handle = LibraryHandle::new(Library::load(&config).expect("loads"));
    let reloader = Reloader::start(config.clone(), handle.clone());
    reloader.reload_on_sighup().expect("signal handler");
    std::fs::write(
        dir.path().join("azure-billing/via-signaal.md"),
        "---\ntitle: Via signaal\n---\nTekst.\n",
    )
    .expect("write");
    signal_hook::low_level::raise(signal_hook::consts::SIGHUP).expect("raise");
    wait_for(&handle, "reload after SIGHUP", |l| {
        l.get("azure-billing/via-signaal").is_some()
    });
}

/// The config, snapshot handle and app state of a portal over `root`.
fn portal(
    root: &Path,
) -> (
    helpportal::config::Config,
    LibraryHandle,
    actix_web::web::Data<helpportal::web::AppState>,
) {
    let config = config_for(root);
    let handle = LibraryHandle::new(Library::load(&config).expect("loads"));
    let state = helpportal::web::AppState::new(handle.clone(), config.clone());
    (config, handle, state)
}

#[actix_web::test]
async fn requests_never_fail_while_snapshots_swap() {
    let dir = temp_content();
    let (config, handle, state) = portal(dir.path());
    let app = test::init_service(helpportal::web::app(state)).await;
    let swapper = {
        let handle = handle.clone();
        std::thread::spawn(move || {
            for _ in 0..20 {
                reload_once(&config, &handle, Trigger::FilesChanged).expect("reload");
            }
        })
    };
    let mut served = 0;
    while !swapper.is_finished() || served < 50 {
        let uri = format!("/nl-nl/articles/{ARTICLE}");
        let response = app
            .call(TestRequest::get().uri(&uri).to_request())
            .await
            .expect("response");
        assert_eq!(response.status(), StatusCode::OK);
        served += 1;
        if served > 5000 {
            break;
        }
    }
    swapper.join().expect("swapper");
    assert!(served >= 50);
}

/// Memory across reloads: once a new snapshot serves, nothing keeps the
/// old ones alive (page caches, popular lists and search results hold
/// them weakly or not at all).
#[actix_web::test]
async fn old_snapshots_are_freed_after_a_reload() {
    let dir = temp_content();
    let (config, handle, state) = portal(dir.path());
    let app = test::init_service(helpportal::web::app(state)).await;
    let uris = [
        format!("/nl-nl/articles/{ARTICLE}"),
        "/nl-nl/".to_owned(),
        "/nl-nl/search?q=betaling".to_owned(),
        "/nl-nl/recommend?problem=betaling+mislukt".to_owned(),
        "/en-us/".to_owned(),
    ];
    let mut old = Vec::new();
    for round in 0..4 {
        for uri in &uris {
            let response = app
                .call(TestRequest::get().uri(uri).to_request())
                .await
                .expect("response");
            assert_eq!(response.status(), StatusCode::OK, "{uri}");
        }
        if round < 3 {
            old.push(Arc::downgrade(&handle.current()));
            reload_once(&config, &handle, Trigger::Signal).expect("reload");
        }
    }
    assert!(
        old.iter().all(|weak| weak.upgrade().is_none()),
        "{} old snapshots still alive",
        old.iter().filter(|weak| weak.upgrade().is_some()).count()
    );
}
