//! Search benchmark over the shared corpus (`../shared/corpus`), release
//! build. Not a test: it prints figures for BENCHMARKS.md.
//!
//! ```sh
//! cargo bench --bench search
//! ```
//!
//! Measures the index build (median of 5 builds over the loaded articles)
//! and engine-level query latency (median and p99 over every query of the
//! list, 40 rounds each), once bypassing the result cache and once through
//! it, with the median per query. HTTP throughput is measured by
//! `benches/search_http.sh` with wrk.

use std::path::Path;
use std::time::{Duration, Instant};

use helpportal::config::Config;
use helpportal::library::Library;
use helpportal::nl::synonyms::Synonyms;
use helpportal::search::{SearchIndex, SearchRequest};

const QUERIES: &[&str] = &[
    "443",
    "creditcard geweigerd",
    "geweigerde creditcard",
    "wachtwoort wijzigen",
    "abonement opzeggen",
    "factuuur betalen azure",
    "betaalmethode wijzigen",
    "creditcardgegevens bijwerken",
    "rekening downloaden",
    "\"toegang geweigerd\" sharepoint",
    "wachtwoord -outlook",
    "kaart",
    "factuur",
    "4e6d34b3-e3e5-4fcd-a52e-34b54746feeb",
    "hoe kan ik mijn abonnement van microsoft 365 opzeggen en krijg ik mijn geld terug",
];

/// Rounds over the query list.
const ROUNDS: usize = 40;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn main() {
    let config_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("helpportal.corpus.toml");
    let config = Config::load(Some(&config_path)).expect("corpus config");
    let started = Instant::now();
    let library = Library::load(&config).expect("corpus loads");
    let load = started.elapsed();
    let articles = library.articles();
    println!("articles: {}", articles.len());
    println!(
        "library load incl. index: {:.0} ms",
        load.as_secs_f64() * 1e3
    );

    let mut builds: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let index = SearchIndex::build(articles, Synonyms::builtin()).expect("index");
            let elapsed = t.elapsed();
            assert_eq!(index.len(), articles.len());
            elapsed
        })
        .collect();
    builds.sort();
    println!(
        "index build: median {:.0} ms, min {:.0} ms, max {:.0} ms",
        percentile(&builds, 0.5).as_secs_f64() * 1e3,
        builds[0].as_secs_f64() * 1e3,
        builds[builds.len() - 1].as_secs_f64() * 1e3
    );

    let search = library.search();
    for (what, cached) in [
        ("engine, result cache bypassed", false),
        ("result cache", true),
    ] {
        let mut times = Vec::new();
        let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); QUERIES.len()];
        for _ in 0..ROUNDS {
            for (i, q) in QUERIES.iter().enumerate() {
                let request = SearchRequest::new(q);
                let t = Instant::now();
                if cached {
                    std::hint::black_box(search.search(articles, &request));
                } else {
                    std::hint::black_box(search.search_uncached(articles, &request));
                }
                let elapsed = t.elapsed();
                times.push(elapsed);
                per_query[i].push(elapsed);
            }
        }
        times.sort();
        println!(
            "query latency, {what} ({} searches): median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            times.len(),
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3
        );
        if !cached {
            for (q, mut t) in QUERIES.iter().zip(per_query) {
                t.sort();
                println!(
                    "  median {:.3} ms  {q}",
                    percentile(&t, 0.5).as_secs_f64() * 1e3
                );
            }
        }
    }

    let mut related = Vec::new();
    for ord in (0..articles.len()).step_by(articles.len().max(200) / 200) {
        let t = Instant::now();
        std::hint::black_box(search.related(articles, helpportal::content::ArticleIx::new(ord), 5));
        related.push(t.elapsed());
    }
    related.sort();
    println!(
        "related articles ({} articles): median {:.2} ms, p99 {:.2} ms",
        related.len(),
        percentile(&related, 0.5).as_secs_f64() * 1e3,
        percentile(&related, 0.99).as_secs_f64() * 1e3
    );
}
