//! One value kept for the library snapshot being served (and the generation
//! of the key that signs its forms), made again when either changes: the
//! shared mechanism of the page caches.

use std::ops::Deref;
use std::sync::{Arc, Weak};

use arc_swap::ArcSwapOption;

use crate::library::Library;

/// A value and the snapshot and key generation it was made for.
pub struct Tagged<T> {
    library: Weak<Library>,
    keys: u64,
    value: T,
}

impl<T> Tagged<T> {
    fn is_for(&self, library: &Arc<Library>, keys: u64) -> bool {
        std::ptr::eq(self.library.as_ptr(), Arc::as_ptr(library)) && self.keys == keys
    }
}

impl<T> Deref for Tagged<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// The value for the current snapshot; the old one is dropped when a new
/// snapshot (or key generation) asks for its own.
pub struct PerSnapshot<T> {
    current: ArcSwapOption<Tagged<T>>,
}

impl<T> Default for PerSnapshot<T> {
    fn default() -> Self {
        PerSnapshot {
            current: ArcSwapOption::empty(),
        }
    }
}

impl<T> PerSnapshot<T> {
    /// The value made for `library` and `keys`, if there is one.
    pub fn get(&self, library: &Arc<Library>, keys: u64) -> Option<Arc<Tagged<T>>> {
        self.current
            .load_full()
            .filter(|tagged| tagged.is_for(library, keys))
    }

    /// The value for `library` and `keys`, made by `make` when there is none.
    pub fn get_or_make(
        &self,
        library: &Arc<Library>,
        keys: u64,
        make: impl FnOnce() -> T,
    ) -> Arc<Tagged<T>> {
        if let Some(tagged) = self.get(library, keys) {
            return tagged;
        }
        let fresh = Arc::new(Tagged {
            library: Arc::downgrade(library),
            keys,
            value: make(),
        });
        self.current.store(Some(fresh.clone()));
        fresh
    }

    /// The value made last, whatever snapshot it is for.
    pub fn latest(&self) -> Option<Arc<Tagged<T>>> {
        self.current.load_full()
    }
}
