//! Live content updates: a debounced watcher on the content root and
//! SIGHUP both ask for a reload; one background worker builds a complete
//! new [`Library`] off the request path and swaps it in atomically. A reload
//! that fails keeps the old snapshot; a broken article keeps its last good
//! version (see [`Library::reload`]). A watcher's reload reads the files it
//! reported and those whose stamp changed; a signal's reads every file
//! (see [`crate::content::stamp`]).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::config::Config;
use crate::content::Problem;
use crate::content::stamp::ChangedFiles;
use crate::library::{Library, LibraryError, LibraryHandle};
use crate::metrics;
use crate::semantic::Semantic;

/// How long file events must settle before a reload starts (the
/// debouncer checks every quarter of it, so a reload starts 100–125 ms
/// after the last event). One save by an editor (write and rename, or
/// truncate, write and sync) and a `git checkout` of a folder gave events
/// at most 16 ms apart (BENCHMARKS.md, "The watcher's debounce"); a burst
/// cut in two gives two reloads, each of the files as they are then.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// Why a reload was asked for (for the log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    FilesChanged,
    Signal,
}

impl Trigger {
    /// The files a reload for this trigger reads whatever their stamp
    /// says, besides `reported`: every file for a signal (a manual reload
    /// makes sure), only the reported ones for the watcher.
    fn changed(self, reported: ChangedFiles) -> ChangedFiles {
        match self {
            Trigger::FilesChanged => reported,
            Trigger::Signal => ChangedFiles::everything(),
        }
    }
}

/// One request for a reload: why, and which files were reported changed.
type Request = (Trigger, ChangedFiles);

/// Requests reloads; cheap to clone.
#[derive(Clone)]
pub struct Reloader {
    tx: Sender<Request>,
}

/// Keeps the file watcher alive; dropping it stops watching.
pub struct Watch {
    _debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
}

impl Reloader {
    /// Starts the reload worker for `handle`.
    pub fn start(config: Arc<Config>, handle: LibraryHandle) -> Reloader {
        Reloader::start_with(config, handle, None)
    }

    /// Like [`Reloader::start`], telling `semantic` about every new
    /// snapshot so that it gets its article vectors.
    pub fn start_with(
        config: Arc<Config>,
        handle: LibraryHandle,
        semantic: Option<Arc<Semantic>>,
    ) -> Reloader {
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("helpportal-reload".into())
            .spawn(move || worker(&config, &handle, &rx, semantic.as_deref()))
            .map_err(|e| tracing::error!("cannot start the reload worker: {e}"))
            .ok();
        Reloader { tx }
    }

    /// Asks for a reload; requests that arrive during one are merged.
    pub fn request(&self, trigger: Trigger) {
        let _ = self
            .tx
            .send((trigger, trigger.changed(ChangedFiles::none())));
    }

    /// Watches `root` recursively (editors save by rename, so the folder is
    /// watched, not the files) and requests a reload when files settle,
    /// naming the files the events were about. Events the watcher lost
    /// (an overflow, an error) make the reload read every file.
    pub fn watch(&self, root: &Path) -> Result<Watch, notify::Error> {
        let tx = self.tx.clone();
        let watched = root.to_path_buf();
        let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            if let Some(changed) = reported(&watched, result) {
                let _ = tx.send((Trigger::FilesChanged, changed));
            }
        })?;
        debouncer.watch(root, RecursiveMode::Recursive)?;
        Ok(Watch {
            _debouncer: debouncer,
        })
    }

    /// Requests a reload on every SIGHUP.
    #[cfg(unix)]
    pub fn reload_on_sighup(&self) -> std::io::Result<()> {
        let mut signals = signal_hook::iterator::Signals::new([signal_hook::consts::SIGHUP])?;
        let tx = self.tx.clone();
        std::thread::Builder::new()
            .name("helpportal-sighup".into())
            .spawn(move || {
                for _ in signals.forever() {
                    if tx
                        .send((Trigger::Signal, ChangedFiles::everything()))
                        .is_err()
                    {
                        break;
                    }
                }
            })?;
        Ok(())
    }
}

/// The files a batch of watcher events names, or `None` when it asks for
/// no reload (only reads, or only hidden files such as an editor's swap
/// file). Lost events (an overflow, an error) make every file be read.
fn reported(root: &Path, result: DebounceEventResult) -> Option<ChangedFiles> {
    let Ok(events) = result else {
        return Some(ChangedFiles::everything());
    };
    let hidden = |p: &PathBuf| ChangedFiles::is_hidden(root, p);
    let events: Vec<_> = (events.into_iter())
        .filter(|e| !e.kind.is_access())
        .filter(|e| e.need_rescan() || !e.paths.iter().all(hidden))
        .collect();
    if events.is_empty() {
        return None;
    }
    let lost = events.iter().any(|e| e.need_rescan());
    let mut changed = ChangedFiles::reported(root, events.into_iter().flat_map(|e| e.event.paths));
    if lost {
        changed.merge(ChangedFiles::everything());
    }
    Some(changed)
}

fn worker(
    config: &Config,
    handle: &LibraryHandle,
    rx: &Receiver<Request>,
    semantic: Option<&Semantic>,
) {
    while let Ok((trigger, mut changed)) = rx.recv() {
        // Merge everything that queued up meanwhile into this one reload.
        while let Ok((_, more)) = rx.try_recv() {
            changed.merge(more);
        }
        if reload_changed(config, handle, trigger, &changed).is_ok()
            && let Some(semantic) = semantic
        {
            semantic.snapshot_changed();
        }
    }
}

/// Builds a new snapshot from `config` and swaps it in; on failure the
/// current snapshot stays. A signal reads every file, the watcher's
/// trigger only those whose stamp changed.
pub fn reload_once(
    config: &Config,
    handle: &LibraryHandle,
    trigger: Trigger,
) -> Result<(), LibraryError> {
    reload_changed(
        config,
        handle,
        trigger,
        &trigger.changed(ChangedFiles::none()),
    )
}

/// Like [`reload_once`], also reading the files in `changed` whatever
/// their stamp says.
pub fn reload_changed(
    config: &Config,
    handle: &LibraryHandle,
    trigger: Trigger,
    changed: &ChangedFiles,
) -> Result<(), LibraryError> {
    let started = Instant::now();
    let previous = handle.current();
    match Library::reload_changed(config, &previous, changed) {
        Ok(library) => {
            let articles = library.articles().len();
            let problems = library.problems().len();
            let library_read = library.files_read();
            handle.replace(library);
            let elapsed_ms = started.elapsed().as_millis() as u64;
            metrics::reload(true);
            metrics::articles_loaded(articles);
            // New problems are logged once the snapshot is served.
            let known: HashSet<&Problem> = previous.problems().iter().collect();
            for problem in handle.current().problems() {
                if !known.contains(problem) {
                    tracing::warn!(target: "helpportal::content", "{problem}");
                }
            }
            tracing::info!(
                ?trigger,
                articles,
                problems,
                files_read = library_read,
                elapsed_ms,
                "content reloaded"
            );
            Ok(())
        }
        Err(err) => {
            metrics::reload(false);
            tracing::error!(
                ?trigger,
                "reload failed, still serving the previous content: {err}"
            );
            Err(err)
        }
    }
}
