//! The on-disk cache of article vectors: one file per model, entries keyed
//! by a hash of (model file, recipe, passage text), so a restart or a
//! reload embeds only articles that are new or changed, and several
//! content roots (or test binaries) can share one cache.
//!
//! File layout: magic `HPVC1\0\0\0`, the vector size as a little-endian
//! u32, then entries of a 16-byte key followed by `dim` little-endian f32.
//! A file that does not parse is ignored (and rewritten on the next save).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

const MAGIC: &[u8; 8] = b"HPVC1\0\0\0";
/// At most this many vectors are kept (about 61 MB at 384 floats): the ones
/// in use first, then others read from the file.
const MAX_ENTRIES: usize = 40_000;

/// A cache key.
pub type Key = [u8; 16];

/// The revision of the engine's arithmetic: raise it whenever a change to
/// the encoder moves any vector, so that vectors cached by an earlier build
/// are made again instead of being served beside new ones (a cache made
/// before this key existed differed by cosine down to 0.9989 and moved a
/// search result).
const ENGINE_REVISION: &str = "int8-engine-2";

/// The key of `text` embedded by the model with hash `model` and `recipe`
/// on this revision of the engine.
pub fn key(model: &str, recipe: &str, text: &str) -> Key {
    let mut hasher = Sha256::new();
    for part in [ENGINE_REVISION, model, recipe, text] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// Vectors by key, read from and written to one file.
#[derive(Debug)]
pub struct VectorCache {
    path: PathBuf,
    dim: usize,
    entries: HashMap<Key, Box<[f32]>>,
}

impl VectorCache {
    /// Reads the cache at `path` (missing or unreadable: empty).
    pub fn open(path: &Path, dim: usize) -> VectorCache {
        let entries = std::fs::read(path)
            .ok()
            .and_then(|bytes| parse(&bytes, dim))
            .unwrap_or_default();
        VectorCache {
            path: path.to_path_buf(),
            dim,
            entries,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, key: &Key) -> Option<&[f32]> {
        self.entries.get(key).map(|v| &v[..])
    }

    pub fn insert(&mut self, key: Key, vector: &[f32]) {
        if vector.len() == self.dim {
            self.entries.insert(key, vector.into());
        }
    }

    /// Writes the cache atomically (temporary file, then rename), keeping
    /// the entries of `in_use` first.
    pub fn save(&mut self, in_use: &[Key]) -> std::io::Result<()> {
        if self.entries.len() > MAX_ENTRIES {
            let keep: std::collections::HashSet<&Key> = in_use.iter().collect();
            let mut others: Vec<Key> = self
                .entries
                .keys()
                .filter(|k| !keep.contains(k))
                .copied()
                .collect();
            others.sort_unstable();
            let room = MAX_ENTRIES.saturating_sub(keep.len());
            for key in others.into_iter().skip(room) {
                self.entries.remove(&key);
            }
        }
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut bytes = Vec::with_capacity(12 + self.entries.len() * (16 + 4 * self.dim));
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&u32::try_from(self.dim).unwrap_or(0).to_le_bytes());
        let mut keys: Vec<&Key> = self.entries.keys().collect();
        keys.sort_unstable();
        for key in keys {
            bytes.extend_from_slice(key);
            for x in self.entries.get(key).into_iter().flat_map(|v| v.iter()) {
                bytes.extend_from_slice(&x.to_le_bytes());
            }
        }
        let tmp = self
            .path
            .with_extension(format!("tmp{}", std::process::id()));
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, &self.path)
    }
}

fn parse(bytes: &[u8], dim: usize) -> Option<HashMap<Key, Box<[f32]>>> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (head, rest) = rest.split_at_checked(4)?;
    let stored = u32::from_le_bytes(head.try_into().ok()?) as usize;
    if stored != dim || dim == 0 {
        return None;
    }
    let entry = 16 + 4 * dim;
    if rest.len() % entry != 0 {
        return None;
    }
    let mut entries = HashMap::with_capacity(rest.len() / entry);
    for chunk in rest.chunks_exact(entry) {
        let (key, floats) = chunk.split_at(16);
        let key: Key = key.try_into().ok()?;
        let vector: Box<[f32]> = floats
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        entries.insert(key, vector);
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_entries_read_back_and_bad_files_are_ignored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub").join("vectors.bin");
        let mut cache = VectorCache::open(&path, 3);
        assert!(cache.is_empty());
        let a = key("m", "r", "hallo");
        let b = key("m", "r2", "hallo");
        assert_ne!(a, b);
        cache.insert(a, &[1.0, 2.0, 3.0]);
        cache.insert(b, &[1.0]); // wrong size: not kept
        cache.save(&[a]).expect("save");
        let again = VectorCache::open(&path, 3);
        assert_eq!(again.get(&a), Some(&[1.0, 2.0, 3.0][..]));
        assert_eq!(again.len(), 1);
        // Another size, truncation and garbage all read as empty.
        assert!(VectorCache::open(&path, 4).is_empty());
        let bytes = std::fs::read(&path).expect("read");
        std::fs::write(&path, &bytes[..bytes.len() - 1]).expect("write");
        assert!(VectorCache::open(&path, 3).is_empty());
        std::fs::write(&path, b"garbage").expect("write");
        assert!(VectorCache::open(&path, 3).is_empty());
    }
}
