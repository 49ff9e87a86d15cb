//! Log set-up for `serve`: text or JSON lines on standard error, filtered
//! by `RUST_LOG` (default `info`).
//!
//! Clients must not be able to write ERROR lines. actix-http logs every
//! malformed request (`stream error: request parse error: …`) at ERROR from
//! its HTTP/1 dispatcher, which the application never sees; [`ClientErrors`]
//! keeps those events out of the log and has them written again at WARN
//! under `helpportal::http` by a background thread (at most
//! [`RELAY_QUEUE`] waiting; more are dropped, so a fuzzer cannot grow
//! memory).

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;

use crate::config::LogFormat;

/// Client errors waiting to be written at WARN.
pub const RELAY_QUEUE: usize = 256;

/// Where actix-http's HTTP/1 dispatcher logs.
const DISPATCHER: &str = "actix_http::h1::dispatcher";

/// Installs the global subscriber, writing lines in `format`.
pub fn init(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let (client_errors, relayed) = ClientErrors::new();
    let fmt = tracing_subscriber::fmt::layer()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let registry = tracing_subscriber::registry()
        .with(filter)
        .with(client_errors);
    let installed = match format {
        LogFormat::Json => registry
            .with(fmt.json().with_current_span(true).with_span_list(false))
            .try_init(),
        LogFormat::Text => registry.with(fmt).try_init(),
    };
    if installed.is_ok() {
        let _ = std::thread::Builder::new()
            .name("helpportal-log-relay".into())
            .spawn(move || relay(&relayed));
    }
}

/// Writes the relayed client errors at WARN, until the sender is gone.
pub fn relay(relayed: &Receiver<String>) {
    while let Ok(message) = relayed.recv() {
        warn(&message);
    }
}

fn warn(message: &str) {
    tracing::warn!(target: "helpportal::http", "malformed request refused: {message}");
}

/// The layer that holds back client errors logged at ERROR by actix-http
/// and hands them to [`relay`].
pub struct ClientErrors {
    relay: SyncSender<String>,
}

impl ClientErrors {
    pub fn new() -> (ClientErrors, Receiver<String>) {
        let (relay, relayed) = sync_channel(RELAY_QUEUE);
        (ClientErrors { relay }, relayed)
    }
}

impl<S: Subscriber> Layer<S> for ClientErrors {
    fn event_enabled(&self, event: &Event<'_>, _ctx: Context<'_, S>) -> bool {
        let meta = event.metadata();
        if *meta.level() != Level::ERROR || !meta.target().starts_with(DISPATCHER) {
            return true;
        }
        let mut message = Message(String::new());
        event.record(&mut message);
        if !message.0.starts_with("stream error") {
            return true;
        }
        // Full queue: the line is dropped, never written at ERROR.
        let _ = self.relay.try_send(message.0);
        false
    }
}

/// The `message` field of an event.
struct Message(String);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            if let Ok(mut all) = self.0.lock() {
                all.extend_from_slice(bytes);
            }
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn malformed_request_errors_are_written_at_warn_and_others_stay() {
        let captured = Captured::default();
        let writer = captured.clone();
        let (client_errors, relayed) = ClientErrors::new();
        let subscriber = tracing_subscriber::registry().with(client_errors).with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(move || writer.clone()),
        );
        tracing::subscriber::with_default(subscriber, || {
            for _ in 0..3 {
                tracing::error!(target: "actix_http::h1::dispatcher", "stream error: request parse error: invalid Header provided");
            }
            tracing::error!(target: "actix_http::h1::dispatcher", "write zero; closing");
            tracing::error!(target: "helpportal", "stream error of our own");
            while let Ok(message) = relayed.try_recv() {
                warn(&message);
            }
        });
        let text = String::from_utf8(captured.0.lock().map(|v| v.clone()).unwrap_or_default())
            .unwrap_or_default();
        let errors: Vec<&str> = text.lines().filter(|l| l.contains("ERROR")).collect();
        assert_eq!(errors.len(), 2, "{text}");
        assert!(errors.iter().all(|l| !l.contains("parse error")), "{text}");
        let warnings = text
            .lines()
            .filter(|l| l.contains("WARN") && l.contains("request parse error"))
            .count();
        assert_eq!(warnings, 3, "{text}");
    }

    #[test]
    fn a_flood_waits_in_a_bounded_queue() {
        let (client_errors, relayed) = ClientErrors::new();
        let subscriber = tracing_subscriber::registry().with(client_errors);
        tracing::subscriber::with_default(subscriber, || {
            for _ in 0..RELAY_QUEUE * 2 {
                tracing::error!(target: "actix_http::h1::dispatcher", "stream error: x");
            }
        });
        assert_eq!(relayed.try_iter().count(), RELAY_QUEUE);
    }
}
