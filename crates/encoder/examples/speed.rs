//! Load time, memory, query latency and passage throughput, per kernel:
//!
//! ```text
//! cargo run --release -p helpportal-encoder --example speed [-- MODEL_FILE]
//! ```
//!
//! The model is the first argument, else `HELPPORTAL_MODEL` (the file or its
//! directory), else `models/e5-small-q4.bin`. With
//! `HELPPORTAL_ENCODER_KERNEL=portable|avx2|avxvnni|avx512vnni` only that
//! kernel is measured; otherwise every kernel this CPU runs. Single-threaded.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use helpportal_encoder::{Encoder, KERNEL_ENV, kernels};

const QUERY: &str = "Mijn betaalkaart wordt geweigerd bij het betalen van de factuur voor Azure";

const PASSAGE: &str = "Uw Azure-factuur wordt elke maand aangemaakt op de factuurdatum van uw abonnement. \
    Op de factuur ziet u per dienst hoeveel u hebt verbruikt, welke tegoeden en kortingen zijn toegepast en \
    welk bedrag u nog moet betalen. U vindt uw facturen in Azure Portal onder Kostenbeheer en facturering, bij \
    het onderdeel Facturen. Daar kunt u elke factuur als PDF downloaden en het bijbehorende gebruiksbestand als \
    CSV ophalen, zodat u de kosten per resourcegroep of per tag kunt analyseren. Betaalt u met een creditcard, \
    dan wordt het bedrag automatisch afgeschreven zodra de factuur klaar is. Betaalt u per factuur, dan maakt u \
    het bedrag binnen dertig dagen over naar het rekeningnummer dat op de factuur staat en vermeldt u het \
    factuurnummer als referentie. Klopt een bedrag niet, controleer dan eerst of er reserveringen of \
    Marketplace-aankopen op de factuur staan, want die worden apart in rekening gebracht. Ziet u kosten voor een \
    abonnement dat u niet herkent, vraag dan de beheerder van het factureringsaccount om de rollen en \
    machtigingen na te lopen. Als u het niet eens bent met een factuur, dient u een aanvraag in.";

fn model_path() -> PathBuf {
    if let Some(arg) = std::env::args().nth(1) {
        return PathBuf::from(arg);
    }
    match std::env::var_os("HELPPORTAL_MODEL").map(PathBuf::from) {
        Some(p) if p.is_dir() => p.join("e5-small-q4.bin"),
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => PathBuf::from("models/e5-small-q4.bin"),
    }
}

/// Resident set size in KiB (Linux), if known.
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let path = model_path();
    let before = rss_kib();
    let start = Instant::now();
    let encoder = match Encoder::load(&path) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("speed: {e}");
            std::process::exit(1);
        }
    };
    let load = start.elapsed();
    let after = rss_kib();
    println!("model: {}", path.display());
    println!(
        "load: {:.0} ms (read + convert), weights and tables held: {:.1} MiB, resident growth: {}",
        ms(load),
        encoder.heap_bytes() as f64 / (1024.0 * 1024.0),
        match (before, after) {
            (Some(b), Some(a)) => format!("{:.1} MiB", (a.saturating_sub(b)) as f64 / 1024.0),
            _ => "unknown".to_string(),
        }
    );
    let query_tokens = encoder.token_ids(QUERY, true).len();
    let passage_tokens = encoder.token_ids(PASSAGE, false).len();
    println!("query: {query_tokens} tokens; passage: {passage_tokens} tokens");

    let forced = std::env::var(KERNEL_ENV).is_ok_and(|v| !v.trim().is_empty());
    let kernels = if forced {
        vec![encoder.kernel()]
    } else {
        kernels::available()
    };
    let bytes = std::fs::read(&path).unwrap_or_default();
    println!("kernel        query median   query p90   passage (ms)   passages/s");
    for kernel in kernels {
        let other = if kernel == encoder.kernel() {
            None
        } else {
            match Encoder::from_bytes_with_kernel(&bytes, kernel) {
                Ok(e) => Some(e),
                Err(e) => {
                    eprintln!("speed: {kernel}: {e}");
                    continue;
                }
            }
        };
        let encoder = other.as_ref().unwrap_or(&encoder);
        for _ in 0..5 {
            std::hint::black_box(encoder.embed_query(QUERY));
        }
        let mut runs: Vec<Duration> = (0..50)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(encoder.embed_query(QUERY));
                t.elapsed()
            })
            .collect();
        let med = median(runs.clone());
        runs.sort();
        let p90 = runs[runs.len() * 9 / 10];
        let passages = if kernel == kernels::Kernel::Portable {
            3
        } else {
            10
        };
        let t = Instant::now();
        for _ in 0..passages {
            std::hint::black_box(encoder.embed_passage(PASSAGE));
        }
        let per = t.elapsed() / passages;
        println!(
            "{:<13} {:>9.2} ms {:>9.2} ms {:>12.1} {:>12.1}",
            kernel.name(),
            ms(med),
            ms(p90),
            ms(per),
            1.0 / per.as_secs_f64()
        );
    }
}
