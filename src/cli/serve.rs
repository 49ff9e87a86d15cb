//! `helpportal serve`: load the content, then serve it until SIGTERM or
//! Ctrl-C, letting in-flight requests finish.

use std::process::ExitCode;

use actix_web::HttpServer;
use helpportal::config::Config;
use helpportal::library::LibraryHandle;
use helpportal::web::{self, AppState};

pub fn run(config: Config) -> ExitCode {
    init_logging(&config.log_format);
    let library = match super::load_library(&config) {
        Ok(library) => library,
        Err(err) => {
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
    let addr = config.addr.clone();
    let state = AppState::new(LibraryHandle::new(library), config);
    let result = actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || web::app(state.clone()))
            .shutdown_timeout(20)
            .bind(&addr)?
            .run()
            .await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("helpportal: {err}");
            ExitCode::from(1)
        }
    }
}

fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = if format.eq_ignore_ascii_case("json") {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
