//! "Veelgestelde vragen": the articles customers opened most from search
//! and recommended steps in the last [`WINDOW_SECS`], from the insights
//! already recorded.
//!
//! A background task reads the counts from the database every
//! [`REFRESH_EVERY`], builds every list for the snapshot being served
//! ([`lists::Lists`]) and swaps them in; pages only read the lists that
//! are there, never the database. Until the database answers, or while it
//! has too little, the lists are filled from the editors' `[home] featured`
//! articles and then from the most recently updated ones. An article with
//! `ROBOTS: NOINDEX` is never listed.

pub mod lists;

use std::sync::{Arc, Weak};
use std::time::Duration;

use arc_swap::ArcSwap;

use crate::insights::store::{Store, StoreError};
use crate::insights::tokens;
use crate::library::{Library, LibraryHandle};

pub use lists::{CollectionLists, Lists, Opens};

/// Opened results count for this long.
pub const WINDOW_SECS: i64 = 30 * 24 * 60 * 60;
/// How often the counts are read again.
pub const REFRESH_EVERY: Duration = Duration::from_secs(30);
/// Until the database is reached, it is looked for this often.
const WAIT_FOR_DATABASE: Duration = Duration::from_secs(1);
/// One read of the counts gives up after this long.
const READ_LIMIT: Duration = Duration::from_secs(10);

/// The counts and lists of one portal process.
pub struct Popular {
    store: Store,
    library: LibraryHandle,
    featured: Vec<String>,
    opens: ArcSwap<Opens>,
    lists: ArcSwap<Lists>,
}

impl Popular {
    /// Lists from `featured` at once; the counts follow from `store` in the
    /// background (on the database runtime, when there is one).
    pub fn start(store: Store, library: LibraryHandle, featured: Vec<String>) -> Arc<Popular> {
        let opens = Opens::default();
        let lists = Lists::build(&library.current(), &opens, &featured);
        let popular = Arc::new(Popular {
            store,
            library,
            featured,
            opens: ArcSwap::from_pointee(opens),
            lists: ArcSwap::from_pointee(lists),
        });
        if let Some(runtime) = crate::insights::store::runtime() {
            runtime.spawn(refresh_forever(Arc::downgrade(&popular)));
        }
        popular
    }

    /// The lists for `library`: those built in the background, or — for a
    /// snapshot swapped in since — built once now from the same counts.
    pub fn lists(&self, library: &Arc<Library>) -> Arc<Lists> {
        let lists = self.lists.load_full();
        if lists.is_for(library) {
            return lists;
        }
        let fresh = Arc::new(Lists::build(library, &self.opens.load(), &self.featured));
        self.lists.store(fresh.clone());
        fresh
    }

    /// Reads the counts of the last [`WINDOW_SECS`] now and swaps in the
    /// lists built from them; on failure the lists stay as they were.
    pub async fn refresh(&self) -> Result<(), StoreError> {
        let since = tokens::now() - WINDOW_SECS;
        let rows = self.store.opens_since(since, READ_LIMIT).await?;
        let opens = Opens {
            counts: rows
                .into_iter()
                .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
                .collect(),
        };
        let lists = Lists::build(&self.library.current(), &opens, &self.featured);
        self.opens.store(Arc::new(opens));
        self.lists.store(Arc::new(lists));
        Ok(())
    }
}

/// Refreshes every [`REFRESH_EVERY`] until the [`Popular`] is dropped.
async fn refresh_forever(popular: Weak<Popular>) {
    loop {
        let Some(strong) = popular.upgrade() else {
            return;
        };
        let pause = if strong.store.is_connected() {
            if let Err(err) = strong.refresh().await {
                tracing::debug!("frequently asked lists not refreshed: {err}");
            }
            REFRESH_EVERY
        } else {
            WAIT_FOR_DATABASE
        };
        drop(strong);
        tokio::time::sleep(pause).await;
    }
}
