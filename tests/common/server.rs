//! A real portal (the server `serve` runs, on `127.0.0.1:0`) running in a
//! background thread, for tests that need a TCP socket: the HTTP parser's
//! own limits, and browsers. It stops when dropped.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use helpportal::config::Config;
use helpportal::library::Library;
use helpportal::web::server;

pub struct RunningServer {
    pub addr: SocketAddr,
    handle: ServerHandle,
    thread: Option<JoinHandle<()>>,
}

impl RunningServer {
    /// Serves `library` with `config` on a free loopback port.
    pub fn start(library: Arc<Library>, config: Config) -> RunningServer {
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let state = super::state(library, config);
            actix_web::rt::System::new().block_on(async move {
                let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a port");
                let addr = listener.local_addr().expect("address");
                let options = server::Options {
                    workers: Some(2),
                    shutdown_secs: 1,
                    blocking_threads_per_worker: None,
                };
                let running = server::start(state, server::Socket::Listener(listener), &options)
                    .expect("server starts");
                tx.send((addr, running.handle())).expect("report address");
                running.await.expect("server runs");
            });
        });
        let (addr, handle) = rx.recv().expect("server started");
        RunningServer {
            addr,
            handle,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:port`
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Writes `request` (which should ask to close the connection) as is
    /// and returns the whole answer, head and body.
    pub fn raw_answer(&self, request: &[u8]) -> String {
        let mut stream = TcpStream::connect(self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let _ = stream.write_all(request);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    }

    /// Writes `request` as is and returns the status code of the answer
    /// (0 when the connection closed without one).
    pub fn raw_status(&self, request: &[u8]) -> u16 {
        let mut stream = TcpStream::connect(self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        stream
            .set_write_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        // The server may answer and close before it has read everything.
        let _ = stream.write_all(request);
        let mut answer = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = stream.read(&mut buf) {
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&buf[..n]);
            if answer.windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
        let text = String::from_utf8_lossy(&answer);
        text.strip_prefix("HTTP/1.1 ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse().ok())
            .unwrap_or(0)
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        // Sends the stop command at once; the thread ends when it is done.
        drop(self.handle.stop(false));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// An HTTP client for test servers that shows redirects instead of
/// following them.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}
