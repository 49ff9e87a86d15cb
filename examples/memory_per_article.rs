//! Where a snapshot's memory goes, per article: resident memory (VmRSS)
//! after each stage of a load built one after another (articles, search
//! index, recommender), with the portal's allocator, and the bytes of each
//! article field:
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

/// Resident memory of this process in KiB.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Field name and its bytes in one article.
fn fields(a: &Article) -> Vec<(&'static str, usize)> {
    let strings = |v: &[String]| v.iter().map(|s| s.len() + 24).sum::<usize>();
    vec![
        ("body_html nl-NL", a.body_html(UiLocale::ALL[0]).len()),
        (
            "body_html en-US",
            UiLocale::ALL
                .get(1)
                .map_or(0, |locale| a.body_html(*locale).len()),
        ),
        ("plain (markers)", a.plain.len()),
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

fn main() {
    let config = Config::load(Some(std::path::Path::new("helpportal.corpus.toml")))
        .unwrap_or_else(|e| panic!("helpportal.corpus.toml: {e}"));
    let root = std::env::args()
        .nth(1)
        .map_or(config.content.clone(), PathBuf::from);
    let start = rss_kib();
    let loaded = content::load(&root, &config.collections, |_, _| {}).expect("content root");
    let articles = &loaded.articles;
    let n = articles.len().max(1) as u64;
    let after_articles = rss_kib();
    let synonyms = Synonyms::load(config.synonyms.as_deref()).expect("synonyms");
    let search = SearchIndex::build(articles, synonyms.clone()).expect("search index");
    let after_search = rss_kib();
    let recommender = Recommender::build(articles, synonyms, search.spelling());
    let after_recommender = rss_kib();

    println!("{} articles from {}", articles.len(), root.display());
    println!("| stage | RSS added (MiB) | per article (KB) |");
    println!("|---|---|---|");
    for (stage, kib) in [
        (
            "articles (read, rendered, both locales)",
            after_articles - start,
        ),
        ("search index", after_search - after_articles),
        (
            "recommender (indexes, latent space)",
            after_recommender - after_search,
        ),
        ("all three", after_recommender - start),
    ] {
        println!(
            "| {stage} | {} | {:.1} |",
            kib / 1024,
            kib as f64 * 1.024 / n as f64
        );
    }
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
                .all(|l| a.body_html(*l) == a.body_html(UiLocale::ALL[0]))
        })
        .count();
    println!(
        "\n{same} of {} articles have the same body in every locale",
        articles.len()
    );
    drop((search, recommender));
}
