//! What a one-file edit's reload allocates beside the snapshot still
//! serving: jemalloc's live heap (`stats.allocated`) before the reload,
//! its highest value during it (sampled every 2 ms) and after it, while
//! the previous snapshot is still held, as it is while requests use it:
//!
//! ```sh
//! cargo run --release --example reload_heap -- CONTENT_ROOT ARTICLE_ID [ROUNDS]
//! ```
//!
//! The article's file is edited in place (use a copy of the content root);
//! each round appends a new word and reloads from the last snapshot.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use helpportal::config::Config;
use helpportal::library::Library;

#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Live heap in MiB.
fn live_mib() -> u64 {
    let _ = tikv_jemalloc_ctl::epoch::advance();
    tikv_jemalloc_ctl::stats::allocated::read().unwrap_or(0) as u64 >> 20
}

/// Runs `f`, printing the live heap before, at its highest during, and after.
fn measured<R>(what: &str, f: impl FnOnce() -> R) -> R {
    let before = live_mib();
    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(before));
    let sampler = {
        let (done, peak) = (Arc::clone(&done), Arc::clone(&peak));
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(live_mib(), Ordering::Relaxed);
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        })
    };
    let result = f();
    done.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    let (peak, after) = (peak.load(Ordering::Relaxed), live_mib());
    println!(
        "{what}: live heap {before} MiB before, {peak} MiB at most (+{}), {after} MiB after (+{})",
        peak.saturating_sub(before),
        after.saturating_sub(before)
    );
    result
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(root), Some(article)) = (args.next(), args.next()) else {
        eprintln!("usage: reload_heap CONTENT_ROOT ARTICLE_ID [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let mut config = Config::load(Some(std::path::Path::new("helpportal.corpus.toml")))
        .unwrap_or_else(|e| panic!("helpportal.corpus.toml: {e}"));
    config.content = PathBuf::from(root);
    let mut library = measured("load", || Library::load(&config).expect("content root"));
    let file = config.content.join(format!("{article}.md"));
    for round in 0..rounds {
        let mut text = std::fs::read_to_string(&file).expect("article file");
        text.push_str(&format!("\nmeetwoord{round}\n"));
        std::fs::write(&file, text).expect("article file");
        let next = measured("reload", || {
            Library::reload(&config, &library).expect("reload")
        });
        library = next;
    }
}
