//! Real `helpportal serve` processes on free loopback ports, stopped when
//! dropped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running portal process.
pub struct Portal {
    pub child: Child,
    pub port: u16,
}

impl Portal {
    /// Spawns `command` (from [`command`]) and waits until it listens.
    pub fn spawn(mut command: Command, port: u16) -> Portal {
        let child = command.spawn().expect("spawn helpportal");
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Portal { child, port }
    }

    /// `http://127.0.0.1:port`
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// `helpportal --config <config> --addr 127.0.0.1:<free port>
/// --database-url <database_url>`, output discarded, and its port. The
/// encoder's weights are the repository's (`HELPPORTAL_MODEL`), so no test
/// server ever installs them; `--model` overrides that.
pub fn command(config: &Path, database_url: &str) -> (Command, u16) {
    let port = free_port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_helpportal"));
    command
        .arg("--config")
        .arg(config)
        .args(["--addr", &format!("127.0.0.1:{port}")])
        .args(["--database-url", database_url])
        .env("HELPPORTAL_MODEL", super::model_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    (command, port)
}

/// `GET path` on 127.0.0.1:`port` with `Connection: close`: the whole
/// response, head and body.
pub fn http_get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
}
