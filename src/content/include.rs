//! DocFX `[!INCLUDE [name](path.md)]`: inlines a fragment that lies inside
//! the content root. An include that is missing or points outside the root
//! renders nothing, is never read, and is reported.

use std::path::{Component, Path, PathBuf};

/// Includes nested deeper than this are reported and not expanded.
const MAX_DEPTH: usize = 3;
/// Fragments larger than this are reported and not inlined.
const MAX_INCLUDE_BYTES: u64 = 512 * 1024;

/// A problem with one include, on a line of the text that contained it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncludeProblem {
    pub line: usize,
    pub reason: String,
}

/// Expands every include in `body`, which belongs to the file at `rel_path`
/// (relative to `root`). An include line that produces nothing stays as an
/// empty line so line numbers after it still match the source.
pub fn expand(root: &Path, rel_path: &str, body: &str) -> (String, Vec<IncludeProblem>) {
    let mut problems = Vec::new();
    let text = expand_at_depth(root, rel_path, body, 0, &mut problems);
    (text, problems)
}

fn expand_at_depth(
    root: &Path,
    rel_path: &str,
    body: &str,
    depth: usize,
    problems: &mut Vec<IncludeProblem>,
) -> String {
    if !body.contains("[!INCLUDE") && !body.to_ascii_uppercase().contains("[!INCLUDE") {
        return body.to_owned();
    }
    let mut out = String::with_capacity(body.len());
    for (index, line) in body.split_inclusive('\n').enumerate() {
        let Some((before, target, after)) = find_include(line) else {
            out.push_str(line);
            continue;
        };
        out.push_str(before);
        let line_no = index + 1;
        match load_fragment(root, rel_path, target, depth) {
            Ok((fragment_rel, text)) => {
                let nested = expand_at_depth(root, &fragment_rel, &text, depth + 1, problems);
                out.push_str(nested.trim_end());
            }
            Err(reason) => problems.push(IncludeProblem {
                line: line_no,
                reason,
            }),
        }
        out.push_str(after);
    }
    out
}

/// Finds `[!INCLUDE [label](target)]` in a line: (text before, target, text after).
fn find_include(line: &str) -> Option<(&str, &str, &str)> {
    let upper = line.to_ascii_uppercase();
    let start = upper.find("[!INCLUDE")?;
    let open = start + line[start..].find("](")?;
    let close = open + line[open..].find(")]")?;
    let target = line[open + 2..close].trim();
    Some((&line[..start], target, &line[close + 2..]))
}

fn load_fragment(
    root: &Path,
    rel_path: &str,
    target: &str,
    depth: usize,
) -> Result<(String, String), String> {
    if depth >= MAX_DEPTH {
        return Err(format!("include nested too deeply: {target}"));
    }
    let base = Path::new(rel_path).parent().unwrap_or(Path::new(""));
    let joined = lexical_join(base, target)
        .ok_or_else(|| format!("include points outside the content root: {target}"))?;
    let full = root.join(&joined);
    let canonical_root = root
        .canonicalize()
        .map_err(|e| format!("content root unreadable: {e}"))?;
    let canonical = full
        .canonicalize()
        .map_err(|_| format!("missing include: {target}"))?;
    if !canonical.starts_with(&canonical_root) {
        return Err(format!("include points outside the content root: {target}"));
    }
    let size = std::fs::metadata(&canonical)
        .map_err(|_| format!("missing include: {target}"))?
        .len();
    if size > MAX_INCLUDE_BYTES {
        return Err(format!("include too large ({size} bytes): {target}"));
    }
    let bytes =
        std::fs::read(&canonical).map_err(|e| format!("unreadable include {target}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("include is not UTF-8: {target}"))?;
    let text = super::normalise_text(&text);
    let body = match super::front_matter::split(&text) {
        Ok(split) => split.body.to_owned(),
        Err(_) => text.into_owned(),
    };
    Ok((joined.to_string_lossy().replace('\\', "/"), body))
}

/// Joins without touching the file system; `None` when `..` climbs above
/// the root or the target is absolute.
fn lexical_join(base: &Path, target: &str) -> Option<PathBuf> {
    let target = target.split(['#', '?']).next().unwrap_or(target);
    let mut parts: Vec<String> = Vec::new();
    for component in base.join(target).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inlines_fragments_inside_the_root_and_reports_the_rest() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("c/includes")).expect("mkdir");
        std::fs::write(root.join("c/includes/frag.md"), "Fragment **tekst**\n").expect("write");
        std::fs::write(dir.path().join("secret.md"), "GEHEIM").expect("write");
        let body = "a\n[!INCLUDE [f](includes/frag.md)]\nb\n[!INCLUDE [x](../../secret.md)]\nc\n[!include [m](includes/missing.md)]\nd\n";
        let (text, problems) = expand(&root.join(""), "c/article.md", body);
        assert!(text.contains("Fragment **tekst**"), "{text}");
        assert!(!text.contains("GEHEIM"));
        assert_eq!(text.lines().count(), body.lines().count(), "{text}");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].line, 4);
        assert!(problems[0].reason.contains("outside the content root"));
        assert_eq!(problems[1].line, 6);
        assert!(problems[1].reason.contains("missing include"));
    }
}
