//! Where a reload's time goes: loads a content root, appends a word to one
//! article and times `Library::reload`, then each stage of a full build on
//! its own (reading and rendering, search index, recommender):
//!
//! ```sh
//! cargo run --release --example reload_timing -- CONTENT_ROOT ARTICLE_ID
//! ```
//!
//! The article's file is edited in place (use a copy of the content root).
//! The reload's own log gives the time of its indexes.

use std::path::PathBuf;
use std::time::Instant;

use helpportal::config::Config;
use helpportal::content;
use helpportal::library::Library;
use helpportal::nl::synonyms::Synonyms;
use helpportal::recommend::Recommender;
use helpportal::search::SearchIndex;

#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter("helpportal=debug")
        .init();
    let mut args = std::env::args().skip(1);
    let (Some(root), Some(article)) = (args.next(), args.next()) else {
        eprintln!("usage: reload_timing CONTENT_ROOT ARTICLE_ID");
        std::process::exit(2);
    };
    let mut config = Config::load(Some(std::path::Path::new("helpportal.corpus.toml")))
        .unwrap_or_else(|e| panic!("helpportal.corpus.toml: {e}"));
    config.content = PathBuf::from(root);
    let t = Instant::now();
    let mut library = Library::load(&config).expect("content root");
    println!("full load: {} ms", t.elapsed().as_millis());
    let file = config.content.join(format!("{article}.md"));
    for round in 0..3 {
        let mut text = std::fs::read_to_string(&file).expect("article file");
        text.push_str(&format!("\nmeetwoord{round}\n"));
        std::fs::write(&file, text).expect("article file");
        let t = Instant::now();
        library = Library::reload(&config, &library).expect("reload");
        println!(
            "reload after a one-file edit: {} ms",
            t.elapsed().as_millis()
        );
    }
    let t = Instant::now();
    let loaded = content::load(&config.content, &config.collections, |_, _| {}).expect("load");
    println!("read + render: {} ms", t.elapsed().as_millis());
    let t = Instant::now();
    let search = SearchIndex::build(&loaded.articles, Synonyms::load(None).expect("synonyms"))
        .expect("index");
    println!("search index: {} ms", t.elapsed().as_millis());
    let t = Instant::now();
    let recommender = Recommender::build(&loaded.articles, Synonyms::load(None).expect("synonyms"));
    println!("recommender: {} ms", t.elapsed().as_millis());
    drop((search, recommender));
}
