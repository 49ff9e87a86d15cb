//! `helpportal serve`: load the content, watch it for changes (and reload
//! on SIGHUP), and serve it until SIGTERM or Ctrl-C, letting in-flight
//! requests finish.

use std::process::ExitCode;
use std::sync::Arc;

use helpportal::config::Config;
use helpportal::insights::store::Backend;
use helpportal::library::LibraryHandle;
use helpportal::reload::Reloader;
use helpportal::semantic::Semantic;
use helpportal::web::{AppState, server};

/// Threads per worker for blocking work (reading media files, hashing
/// staff passwords). Each thread that allocates gets a malloc arena of its own:
/// with actix's default (hundreds) a one-minute mixed load grew memory by a
/// third; with one per worker it grows by an eighth once and then stays
/// flat, and serves a little faster (BENCHMARKS.md).
const BLOCKING_THREADS_PER_WORKER: usize = 1;
/// Seconds in-flight requests get to finish after SIGTERM.
const SHUTDOWN_GRACE_SECS: u64 = 20;
/// Seconds recorded searches get to reach the database at shutdown.
const FLUSH_GRACE_SECS: u64 = 5;

pub fn run(config: Config) -> ExitCode {
    helpportal::logging::init(config.log_format);
    if let Err(err) = Backend::of(&config.database_url) {
        eprintln!("helpportal: {err}");
        return ExitCode::from(2);
    }
    let library = match super::load_library(&config) {
        Ok(library) => library,
        Err(err) => {
            tracing::error!("{err}");
            eprintln!("helpportal: {err}");
            return ExitCode::from(2);
        }
    };
    for problem in library.problems() {
        tracing::warn!(target: "helpportal::content", "{problem}");
    }
    tracing::info!(
        articles = library.articles().len(),
        problems = library.problems().len(),
        addr = %config.addr,
        "content loaded; serving"
    );
    let config = Arc::new(config);
    let handle = LibraryHandle::new(library);
    let semantic = Semantic::start(&config, handle.clone());
    let reloader = Reloader::start_with(config.clone(), handle.clone(), Some(semantic.clone()));
    let _watch = match reloader.watch(&config.content) {
        Ok(watch) => Some(watch),
        Err(err) => {
            tracing::warn!("not watching the content folder ({err}); reload with SIGHUP");
            None
        }
    };
    #[cfg(unix)]
    if let Err(err) = reloader.reload_on_sighup() {
        tracing::warn!("SIGHUP reloads unavailable: {err}");
    }
    let addr = config.addr.clone();
    let workers = config.workers.filter(|&n| n > 0);
    let state = AppState::with_semantic(handle, config, semantic);
    let for_shutdown = state.clone();
    let options = server::Options {
        workers,
        shutdown_secs: SHUTDOWN_GRACE_SECS,
        blocking_threads_per_worker: Some(BLOCKING_THREADS_PER_WORKER),
    };
    let result = actix_web::rt::System::new().block_on(async move {
        let addr = std::net::ToSocketAddrs::to_socket_addrs(&addr)?
            .next()
            .ok_or_else(|| std::io::Error::other(format!("{addr} names no address")))?;
        let served = server::start(state, server::Socket::Bind(addr), &options)?.await;
        // Write the searches still waiting, if the database takes them.
        let flushed = actix_web::rt::time::timeout(
            std::time::Duration::from_secs(FLUSH_GRACE_SECS),
            for_shutdown.insights.flush(),
        )
        .await;
        if !matches!(flushed, Ok(true)) {
            tracing::warn!("some search insights were not written before stopping");
        }
        served
    });
    match result {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(err) => {
            tracing::error!("{err}");
            eprintln!("helpportal: {err}");
            ExitCode::from(1)
        }
    }
}
