//! The bounded pool that embeds customers' descriptions while requests
//! wait: a few threads of its own (never the HTTP workers) and a queue of
//! fixed size. When the queue is full the caller gets no vector and
//! answers with word matching alone instead of waiting without bound.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};

use helpportal_encoder::Encoder;
use tokio::sync::oneshot;

/// Descriptions that may wait for a thread.
const QUEUE: usize = 64;

struct Job {
    text: String,
    reply: oneshot::Sender<Vec<f32>>,
}

/// Threads that run [`Encoder::embed_query`].
pub struct Pool {
    tx: SyncSender<Job>,
}

impl Pool {
    /// Starts `threads` threads (at least one) over `encoder`.
    pub fn start(encoder: Arc<Encoder>, threads: usize) -> std::io::Result<Pool> {
        let (tx, rx) = sync_channel::<Job>(QUEUE);
        let rx = Arc::new(Mutex::new(rx));
        for n in 0..threads.max(1) {
            let rx = rx.clone();
            let encoder = encoder.clone();
            std::thread::Builder::new()
                .name(format!("helpportal-encoder-{n}"))
                .spawn(move || work(&encoder, &rx))?;
        }
        Ok(Pool { tx })
    }

    /// Embeds `text` as a query; `None` when the queue is full or the
    /// pool has stopped.
    pub async fn query(&self, text: &str) -> Option<Vec<f32>> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            text: text.to_owned(),
            reply,
        };
        match self.tx.try_send(job) {
            Ok(()) => answer.await.ok(),
            Err(TrySendError::Full(_)) => {
                crate::metrics::semantic_overflow();
                None
            }
            Err(TrySendError::Disconnected(_)) => None,
        }
    }
}

fn work(encoder: &Encoder, rx: &Mutex<Receiver<Job>>) {
    loop {
        let job = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        if job.reply.is_closed() {
            continue;
        }
        let _ = job.reply.send(encoder.embed_query(&job.text));
    }
}
