//! Where a snapshot's memory goes, per article: live heap bytes (jemalloc's
//! `stats.allocated`, which does not swing with when freed pages are
//! returned) and resident memory (VmRSS) after each stage of a load built
//! one after another (articles, search index, recommender), with the
//! portal's allocator, the peak resident memory (VmHWM) over the whole run,
//! and the bytes of each article field:
//!
//! ```sh
//! cargo run --release --example memory_per_article -- [CONTENT_ROOT]
//! ```
//!
//! Without an argument it reads `helpportal.corpus.toml`'s content root.
//! The figures go into BENCHMARKS.md by hand.

use std::path::PathBuf;

use helpportal::config::Config;
use helpportal::content::{self, Article};
use helpportal::i18n::UiLocale;
use helpportal::nl::synonyms::Synonyms;
use helpportal::recommend::Recommender;
use helpportal::search::SearchIndex;

#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// A `/proc/self/status` figure of this process in KiB (`VmRSS`, `VmHWM`).
fn status_kib(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Live heap bytes and resident memory (KiB each), once freed pages have
/// had the allocator's decay time to go back.
fn sample() -> (u64, u64) {
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let _ = tikv_jemalloc_ctl::epoch::advance();
    let live = tikv_jemalloc_ctl::stats::allocated::read().unwrap_or(0) as u64;
    (live / 1024, status_kib("VmRSS"))
}

/// Field name and its bytes in one article.
fn fields(a: &Article) -> Vec<(&'static str, usize)> {
    let strings = |v: &[String]| v.iter().map(|s| s.len() + 24).sum::<usize>();
    vec![
        ("body_html nl-NL", a.body(UiLocale::ALL[0]).len()),
        (
            "body_html en-US",
            UiLocale::ALL
                .get(1)
                .map_or(0, |locale| a.body(*locale).len()),
        ),
        (
            "body HTML kept (one, with markers, packed)",
            a.body_kept_bytes(),
        ),
        ("plain (markers)", a.plain.len()),
        ("plain (markers), packed", a.plain.packed_len()),
        ("text", a.text.len()),
        (
            "toc",
            a.toc.iter().map(|t| t.title.len() + t.id.len() + 56).sum(),
        ),
        (
            "headings + anchors",
            strings(&a.headings) + strings(&a.anchors),
        ),
        ("links_to", strings(&a.links_to)),
        (
            "ids, titles, description",
            a.id.len()
                + a.collection.len()
                + a.source.len()
                + a.title.len()
                + a.source_title.len()
                + a.description.len(),
        ),
    ]
}

/// What a stage added: live heap and RSS, in KiB (RSS may go down).
fn added(after: (u64, u64), before: (u64, u64)) -> (i64, i64) {
    (
        after.0 as i64 - before.0 as i64,
        after.1 as i64 - before.1 as i64,
    )
}

fn main() {
    let config = Config::load(Some(std::path::Path::new("helpportal.corpus.toml")))
        .unwrap_or_else(|e| panic!("helpportal.corpus.toml: {e}"));
    let root = std::env::args()
        .nth(1)
        .map_or(config.content.clone(), PathBuf::from);
    let start = sample();
    let loaded = content::load(&root, &config.collections, |_, _| {}).expect("content root");
    let articles = &loaded.articles;
    let n = articles.len().max(1) as u64;
    let after_articles = sample();
    let synonyms = Synonyms::load(config.synonyms.as_deref()).expect("synonyms");
    let search = SearchIndex::build(articles, synonyms.clone()).expect("search index");
    let after_search = sample();
    let recommender = Recommender::build(articles, synonyms).with_spelling(search.spelling());
    let after_recommender = sample();

    println!("{} articles from {}", articles.len(), root.display());
    println!("| stage | live heap added (MiB) | per article (KB) | RSS added (MiB) |");
    println!("|---|---|---|---|");
    for (stage, (live, rss)) in [
        (
            "articles (read, rendered, both locales)",
            added(after_articles, start),
        ),
        ("search index", added(after_search, after_articles)),
        (
            "recommender (indexes, latent space)",
            added(after_recommender, after_search),
        ),
        ("all three", added(after_recommender, start)),
    ] {
        println!(
            "| {stage} | {} | {:.1} | {} |",
            live / 1024,
            live as f64 * 1.024 / n as f64,
            rss / 1024
        );
    }
    println!(
        "\npeak RSS (VmHWM) over the run: {} MiB",
        status_kib("VmHWM") / 1024
    );
    let mut totals: Vec<(&str, usize)> =
        fields(&articles[0]).iter().map(|(f, _)| (*f, 0)).collect();
    for article in articles {
        for (total, (_, bytes)) in totals.iter_mut().zip(fields(article)) {
            total.1 += bytes;
        }
    }
    println!("\n| article field | total (MiB) | per article (KB) |");
    println!("|---|---|---|");
    for (field, bytes) in totals {
        println!(
            "| {field} | {:.1} | {:.2} |",
            bytes as f64 / 1_048_576.0,
            bytes as f64 / 1000.0 / n as f64
        );
    }
    let same = articles
        .iter()
        .filter(|a| {
            UiLocale::ALL
                .iter()
                .all(|l| a.body(*l) == a.body(UiLocale::ALL[0]))
        })
        .count();
    println!(
        "\n{same} of {} articles have the same body in every locale",
        articles.len()
    );
    drop((search, recommender));
}
