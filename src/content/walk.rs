//! Walking a content root: every article file (a `.md` file in a
//! collection folder, outside `includes/` and hidden folders), and a
//! problem for every Markdown file or entry that is skipped on the way.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::problem::{Problem, Severity};

/// `(absolute path, path relative to root)` of every article, sorted, and
/// a problem for every Markdown file that is skipped on the way: a
/// symbolic link whose target is not a file inside the root, a file
/// outside any collection folder, something that is not a file, and every
/// entry the walk cannot read (a folder without permission, say).
pub(super) fn article_files(root: &Path) -> (Vec<(PathBuf, String)>, Vec<Problem>) {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let walk = WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(name.starts_with('.')
                    || (e.file_type().is_dir() && name.eq_ignore_ascii_case("includes")))
        });
    for entry in walk {
        let found = match entry {
            Ok(entry) => classify(root, &canonical_root, &entry),
            Err(err) => Found::Skipped(walk_problem(root, &err)),
        };
        match found {
            Found::Article(path, rel) => files.push((path, rel)),
            Found::Skipped(problem) => skipped.push(problem),
            Found::Other => {}
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    (files, skipped)
}

/// What one entry of the content root is to the loader.
enum Found {
    /// An article: absolute path and path relative to the root.
    Article(PathBuf, String),
    /// A Markdown file (or an unreadable entry) that is not loaded.
    Skipped(Problem),
    /// Not Markdown, or a folder: nothing to load or report.
    Other,
}

fn classify(root: &Path, canonical_root: &Path, entry: &walkdir::DirEntry) -> Found {
    let is_md = entry
        .path()
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("md"));
    let rel = relative(root, entry.path());
    if entry.path_is_symlink() {
        match entry.path().canonicalize() {
            Ok(target) if target.starts_with(canonical_root) && target.is_file() => {}
            Ok(target) if target.is_dir() => {
                return Found::Skipped(skipped_file(
                    rel,
                    "symbolic link to a folder: not followed".into(),
                ));
            }
            _ if !is_md => return Found::Other,
            Ok(_) => {
                return Found::Skipped(skipped_file(
                    rel,
                    "symbolic link to a file outside the content root".into(),
                ));
            }
            Err(_) => return Found::Skipped(skipped_file(rel, "symbolic link to nothing".into())),
        }
    } else if entry.file_type().is_dir() || !is_md {
        return Found::Other;
    } else if !entry.file_type().is_file() {
        return Found::Skipped(skipped_file(rel, "not a regular file".into()));
    }
    if !is_md {
        return Found::Other;
    }
    if entry.depth() < 2 {
        return Found::Skipped(Problem {
            severity: Severity::Warning,
            ..skipped_file(
                rel,
                "not in a collection folder, so not an article (skipped)".into(),
            )
        });
    }
    Found::Article(entry.path().to_path_buf(), rel)
}

/// An entry the walk could not read, reported by its path in the root
/// and the system's reason.
fn walk_problem(root: &Path, err: &walkdir::Error) -> Problem {
    let file = err
        .path()
        .map_or_else(|| ".".to_owned(), |p| relative(root, p));
    let reason = match err.io_error() {
        Some(io) => format!("cannot be read: {io}"),
        None => format!("cannot be read: {err}"),
    };
    skipped_file(file, reason)
}

/// `path` relative to `root` with `/` separators; `.` for the root itself.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path
        .strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    if rel.is_empty() { ".".to_owned() } else { rel }
}

/// A Markdown file that is not loaded.
pub(super) fn skipped_file(file: String, reason: String) -> Problem {
    Problem {
        file,
        line: 1,
        severity: Severity::Error,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reported(problems: &[Problem]) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    #[cfg(unix)]
    #[test]
    fn entries_that_are_not_files_are_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("c/map.md")).expect("mkdir");
        std::fs::write(root.join("c/a.md"), "# A\n").expect("write");
        let _socket = std::os::unix::net::UnixListener::bind(root.join("c/socket.md"));
        let (files, problems) = article_files(root);
        let found: Vec<&str> = files.iter().map(|(_, rel)| rel.as_str()).collect();
        assert_eq!(found, ["c/a.md"]);
        assert_eq!(
            reported(&problems),
            ["c/socket.md:1: not a regular file (article skipped)"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_folders_are_reported_with_the_reason() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("c/closed")).expect("mkdir");
        std::fs::write(root.join("c/a.md"), "# A\n").expect("write");
        let closed = root.join("c/closed");
        std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        let readable = std::fs::read_dir(&closed).is_ok();
        let (files, problems) = article_files(root);
        std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        assert_eq!(files.len(), 1);
        if readable {
            // Running as root: permissions do not keep anything out.
            return;
        }
        let reported = reported(&problems);
        assert_eq!(reported.len(), 1, "{reported:?}");
        assert!(
            reported[0].starts_with("c/closed:1: cannot be read: Permission denied"),
            "{reported:?}"
        );
    }

    #[test]
    fn paths_are_reported_relative_to_the_root() {
        let root = Path::new("content");
        assert_eq!(relative(root, Path::new("content/c/a.md")), "c/a.md");
        assert_eq!(relative(root, Path::new("content")), ".");
    }
}
