//! The HTTP server around [`super::app()`]: actix-server and actix-http's
//! HTTP/1 service, as `HttpServer` builds them, with the request-line
//! guard ([`super::request_line`]) between each TCP connection and the
//! parser. `serve` and the tests that need a real socket both start it
//! here, so they run the same stack.

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_http::{HttpService, KeepAlive};
use actix_service::{IntoServiceFactory, ServiceFactoryExt, fn_service, map_config};
use actix_web::dev::{AppConfig, Server};
use actix_web::rt::net::TcpStream;
use actix_web::web;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::app::app;
use super::request_line::Guard;
use super::state::AppState;

/// A slow client gets this long to send its request head (actix's
/// default, kept).
const REQUEST_HEAD_SECS: u64 = 5;
/// Reads one poll may drop before it lets other connections run.
const DROPPED_READS_PER_POLL: usize = 16;

/// How the server runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Worker threads (`None`: one per physical core).
    pub workers: Option<usize>,
    /// Seconds in-flight requests get to finish at shutdown.
    pub shutdown_secs: u64,
    /// Threads per worker for blocking work.
    pub blocking_threads_per_worker: Option<usize>,
}

/// Where the server listens.
pub enum Socket {
    /// Binds this address (with `SO_REUSEADDR`, as `HttpServer` does).
    Bind(SocketAddr),
    /// Uses a listener bound already (tests: port 0).
    Listener(TcpListener),
}

/// The server for `state` on `socket`; run it by awaiting it.
pub fn start(state: web::Data<AppState>, socket: Socket, options: &Options) -> io::Result<Server> {
    let addr = match &socket {
        Socket::Bind(addr) => *addr,
        Socket::Listener(listener) => listener.local_addr()?,
    };
    let make = move || {
        let app = app(state.clone())
            .into_factory()
            .map_err(|err| err.error_response());
        let http = HttpService::build()
            .keep_alive(KeepAlive::default())
            .client_request_timeout(Duration::from_secs(REQUEST_HEAD_SECS))
            .client_disconnect_timeout(Duration::from_secs(1))
            .local_addr(addr)
            // The default names `localhost:8080` as the host of requests
            // without a `Host` header (HTTP/1.0); HTTP/1.1 requires one.
            .h1(map_config(app, |_| AppConfig::default()));
        fn_service(|io: TcpStream| {
            let peer = io.peer_addr().ok();
            std::future::ready(Ok((Guarded::new(io), peer)))
        })
        .and_then(http)
    };
    let mut builder = Server::build().shutdown_timeout(options.shutdown_secs);
    if let Some(workers) = options.workers {
        builder = builder.workers(workers);
    }
    if let Some(threads) = options.blocking_threads_per_worker {
        builder = builder.worker_max_blocking_threads(threads);
    }
    let builder = match socket {
        Socket::Bind(addr) => builder.bind("helpportal", addr, make)?,
        Socket::Listener(listener) => builder.listen("helpportal", listener, make)?,
    };
    Ok(builder.run())
}

/// A connection whose incoming bytes pass the request-line guard.
pub struct Guarded<S> {
    inner: S,
    guard: Guard,
    /// Guarded bytes not handed to the parser yet; empty (and without an
    /// allocation) except right after a split or over-long request line.
    pending: Vec<u8>,
}

impl<S> Guarded<S> {
    pub fn new(inner: S) -> Guarded<S> {
        Guarded {
            inner,
            guard: Guard::default(),
            pending: Vec::new(),
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Guarded<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        for _ in 0..DROPPED_READS_PER_POLL {
            if !this.pending.is_empty() {
                let n = this.pending.len().min(buf.remaining());
                buf.put_slice(&this.pending[..n]);
                this.pending.drain(..n);
                if this.pending.is_empty() {
                    this.pending = Vec::new();
                }
                return Poll::Ready(Ok(()));
            }
            let before = buf.filled().len();
            match Pin::new(&mut this.inner).poll_read(cx, buf) {
                Poll::Ready(Ok(())) => {}
                other => return other,
            }
            let read = &buf.filled()[before..];
            if read.is_empty() || this.guard.passes(read) {
                return Poll::Ready(Ok(()));
            }
            let input = read.to_vec();
            buf.set_filled(before);
            this.guard.feed(&input, &mut this.pending);
        }
        // Everything read so far was held or dropped: let others run.
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Guarded<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}
