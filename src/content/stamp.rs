//! What tells a reload that a file is unchanged without reading it: its
//! [`FileStamp`] (size, modification time to the nanosecond and, on Unix,
//! the inode, device and status-change time), and the files it must read
//! whatever their stamp says ([`ChangedFiles`]: what the file watcher
//! reported, or everything).
//!
//! The rule: a reload reads a file when the watcher reported it (or a
//! folder above it), when its stamp differs from the one the previous load
//! read, when the previous load could not take it over (it was refused,
//! includes other files, or is new), or when the set of article ids
//! changed (links may resolve differently). Every other file keeps the
//! previous load's article without being opened. A rewrite that keeps the
//! size and lands in the same clock tick keeps the stamp too (file times
//! are coarse on Linux): the watcher's report is what catches it.

use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The version of a file as `stat` tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Inode, device and status-change time (seconds, nanoseconds): any
    /// write, rename onto the path or change of permissions moves these,
    /// even when the modification time is set back.
    #[cfg(unix)]
    node: (u64, u64, i64, i64),
}

impl FileStamp {
    /// The stamp of a file's metadata (symbolic links followed).
    pub fn of(meta: &Metadata) -> FileStamp {
        #[cfg(unix)]
        let node = {
            use std::os::unix::fs::MetadataExt;
            (meta.ino(), meta.dev(), meta.ctime(), meta.ctime_nsec())
        };
        FileStamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            node,
        }
    }
}

/// The files a reload reads even when their stamp is unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangedFiles {
    /// Every file (a signal, a watcher that lost events, a path outside
    /// the root).
    all: bool,
    /// Paths relative to the content root, `/`-separated: files, or
    /// folders whose files are all read.
    paths: Vec<String>,
}

impl ChangedFiles {
    /// Nothing reported: the stamps decide.
    pub fn none() -> ChangedFiles {
        ChangedFiles::default()
    }

    /// Every file is read (the rendered form of unchanged text is still
    /// taken over).
    pub fn everything() -> ChangedFiles {
        ChangedFiles {
            all: true,
            paths: Vec::new(),
        }
    }

    /// The paths a watcher reported under `root`; a path that is not
    /// under `root` makes every file be read.
    pub fn reported(root: &Path, paths: impl IntoIterator<Item = PathBuf>) -> ChangedFiles {
        let mut changed = ChangedFiles::none();
        let canonical_root = root.canonicalize().ok();
        for path in paths {
            let inside = path.strip_prefix(root).ok().or_else(|| {
                let canonical_root = canonical_root.as_deref()?;
                path.strip_prefix(canonical_root).ok()
            });
            match inside.map(|p| p.to_string_lossy().replace('\\', "/")) {
                Some(rel) if !rel.is_empty() => changed.paths.push(rel),
                _ => changed.all = true,
            }
        }
        changed.paths.sort();
        changed.paths.dedup();
        changed
    }

    /// Whether `path` (under `root`) is hidden: it or a folder above it
    /// below the root starts with `.`. The loader never reads such files
    /// (an editor's swap and backup files), so a change to them asks for
    /// no reload.
    pub fn is_hidden(root: &Path, path: &Path) -> bool {
        path.strip_prefix(root).is_ok_and(|inside| {
            inside
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
    }

    /// Both sets of files.
    pub fn merge(&mut self, other: ChangedFiles) {
        self.all |= other.all;
        self.paths.extend(other.paths);
        self.paths.sort();
        self.paths.dedup();
    }

    /// Whether the file at `source` (relative to the root) must be read.
    pub fn includes(&self, source: &str) -> bool {
        self.all
            || self.paths.iter().any(|p| {
                source
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
    }

    /// Whether every file must be read.
    pub fn is_everything(&self) -> bool {
        self.all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reported_paths_and_folders_are_read_and_others_are_not() {
        let root = Path::new("/srv/content");
        let changed = ChangedFiles::reported(
            root,
            [
                PathBuf::from("/srv/content/c/a.md"),
                PathBuf::from("/srv/content/d"),
            ],
        );
        assert!(changed.includes("c/a.md"));
        assert!(changed.includes("d/x.md") && changed.includes("d/e/y.md"));
        assert!(!changed.includes("c/ab.md") && !changed.includes("dd/x.md"));
        assert!(!changed.is_everything());
        let outside = ChangedFiles::reported(root, [PathBuf::from("/elsewhere/a.md")]);
        assert!(outside.is_everything() && outside.includes("c/b.md"));
        let mut merged = ChangedFiles::none();
        merged.merge(changed);
        assert!(merged.includes("c/a.md") && !merged.includes("c/b.md"));
        merged.merge(ChangedFiles::everything());
        assert!(merged.includes("c/b.md"));
        let hidden = |p: &str| ChangedFiles::is_hidden(root, Path::new(p));
        assert!(hidden("/srv/content/c/.a.md.swp") && hidden("/srv/content/.git/index"));
        assert!(!hidden("/srv/content/c/a.md") && !hidden("/srv/.content/c/a.md"));
    }

    #[test]
    fn a_rewrite_changes_the_stamp() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("a.md");
        std::fs::write(&file, "eerste").expect("write");
        let meta = std::fs::metadata(&file).expect("stat");
        let first = FileStamp::of(&meta);
        assert_eq!(first, FileStamp::of(&meta));
        std::fs::write(&file, "tweede versie").expect("write");
        let second = FileStamp::of(&std::fs::metadata(&file).expect("stat"));
        assert_ne!(first, second, "another size");
    }
}
