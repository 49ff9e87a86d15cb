//! `helpportal hash-password`: reads a password from standard input (the
//! first line) and prints its argon2id hash for `[staff.accounts]`.

use std::io::BufRead;
use std::process::ExitCode;

use helpportal::insights::auth::hash_password;

pub fn run() -> ExitCode {
    let mut line = String::new();
    if let Err(err) = std::io::stdin().lock().read_line(&mut line) {
        eprintln!("helpportal: cannot read the password: {err}");
        return ExitCode::from(2);
    }
    let password = line.trim_end_matches(['\n', '\r']);
    match hash_password(password) {
        Ok(hash) => {
            println!("{hash}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("helpportal: {err}");
            ExitCode::from(2)
        }
    }
}
