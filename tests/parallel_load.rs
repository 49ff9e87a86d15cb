//! A load on many threads gives exactly the snapshot a load on one thread
//! gives: the same articles in the same order, the same problems in the
//! same order, the same collections and links, and the same search and
//! recommended-steps answers (ties included).

mod common;

use common::snapshot::{described, sample_root};
use common::*;
use helpportal::config::Config;
use helpportal::library::Library;

fn load_on(threads: usize, config: &Config) -> Library {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool")
        .install(|| Library::load(config))
        .expect("load")
}

#[test]
fn a_parallel_load_gives_the_serial_snapshot() {
    let dir = tempfile::tempdir().expect("tempdir");
    sample_root(dir.path(), 6);
    let mut config = corpus_config();
    config.content = dir.path().to_path_buf();
    let serial = load_on(1, &config);
    let parallel = load_on(4, &config);
    assert!(serial.articles().len() > 400, "{}", serial.articles().len());
    assert!(serial.error_count() >= 4, "{:?}", serial.problems());
    let (serial, parallel) = (described(&serial), described(&parallel));
    assert_eq!(serial.len(), parallel.len());
    for (s, p) in serial.iter().zip(&parallel) {
        assert_eq!(s, p);
    }
}
