//! Asynchronous, batched recording of searches, recommendations and opened
//! results. A handler hands an event to a bounded channel and moves on; a
//! background task writes what arrived in batches (every second, or as
//! soon as a batch is full). While the database is unreachable the events
//! wait in memory, up to [`MAX_PENDING`]; beyond that the oldest are
//! dropped and counted.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use super::events::Event;
use super::store::Store;

/// Events a handler can hand over before the channel is full.
const CHANNEL: usize = 4096;
/// Events written in one transaction.
const BATCH: usize = 200;
/// Events kept while the database is unreachable.
pub const MAX_PENDING: usize = 10_000;
/// How often waiting events are written.
const FLUSH_EVERY: Duration = Duration::from_secs(1);
/// After a failed write, the next try waits this long.
const RETRY_AFTER: Duration = Duration::from_secs(5);
/// One batch write gives up after this long.
const WRITE_LIMIT: Duration = Duration::from_secs(10);

enum Command {
    Record(Event),
    /// Write everything recorded so far; answers whether that worked.
    Flush(oneshot::Sender<bool>),
}

/// The sending side; dropping it writes what is left and ends the task.
pub struct Recorder {
    tx: Option<mpsc::Sender<Command>>,
}

impl Recorder {
    /// Starts the writing task on `runtime`.
    pub fn start(store: Store, runtime: Option<&tokio::runtime::Runtime>) -> Recorder {
        let Some(runtime) = runtime else {
            return Recorder { tx: None };
        };
        let (tx, rx) = mpsc::channel(CHANNEL);
        runtime.spawn(run(store, rx));
        Recorder { tx: Some(tx) }
    }

    /// Hands `event` over without waiting; when the channel is full it is
    /// dropped and counted.
    pub fn record(&self, event: Event) {
        let sent = self
            .tx
            .as_ref()
            .is_some_and(|tx| tx.try_send(Command::Record(event)).is_ok());
        if !sent {
            crate::metrics::insights_dropped(1);
        }
    }

    /// Writes every event recorded before this call; false when the
    /// database could not take them (they stay queued).
    pub async fn flush(&self) -> bool {
        let Some(tx) = &self.tx else {
            return false;
        };
        let (ack, done) = oneshot::channel();
        if tx.send(Command::Flush(ack)).await.is_err() {
            return false;
        }
        done.await.unwrap_or(false)
    }
}

async fn run(store: Store, mut rx: mpsc::Receiver<Command>) {
    let mut pending: VecDeque<Event> = VecDeque::new();
    let mut tick = tokio::time::interval(FLUSH_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut retry_at: Option<Instant> = None;
    loop {
        tokio::select! {
            command = rx.recv() => match command {
                Some(Command::Record(event)) => {
                    if pending.len() >= MAX_PENDING {
                        pending.pop_front();
                        crate::metrics::insights_dropped(1);
                    }
                    pending.push_back(event);
                    if pending.len() >= BATCH && retry_at.is_none_or(|at| Instant::now() >= at) {
                        retry_at = write(&store, &mut pending).await;
                    }
                }
                Some(Command::Flush(ack)) => {
                    retry_at = write(&store, &mut pending).await;
                    let _ = ack.send(pending.is_empty());
                }
                None => {
                    write(&store, &mut pending).await;
                    if !pending.is_empty() {
                        crate::metrics::insights_dropped(pending.len());
                        tracing::warn!(lost = pending.len(), "insights events not written at shutdown");
                    }
                    return;
                }
            },
            _ = tick.tick() => {
                if !pending.is_empty() && retry_at.is_none_or(|at| Instant::now() >= at) {
                    retry_at = write(&store, &mut pending).await;
                }
            }
        }
    }
}

/// Writes pending events batch by batch; on failure keeps the rest and
/// says when to try again.
async fn write(store: &Store, pending: &mut VecDeque<Event>) -> Option<Instant> {
    while !pending.is_empty() {
        let batch: Vec<Event> = pending.iter().take(BATCH).cloned().collect();
        let n = batch.len();
        match store.insert_events(batch, WRITE_LIMIT).await {
            Ok(()) => {
                pending.drain(..n);
            }
            Err(err) => {
                tracing::debug!(pending = pending.len(), "insights events wait: {err}");
                return Some(Instant::now() + RETRY_AFTER);
            }
        }
    }
    None
}
