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
/// empty line so line numbers after it still match the source. A problem
/// inside an included fragment is reported once, on the line of `body`
/// that includes it; an include of a file already being expanded (a file
/// including itself, or a loop) is reported and not expanded.
pub fn expand(root: &Path, rel_path: &str, body: &str) -> (String, Vec<IncludeProblem>) {
    let mut problems = Vec::new();
    let mut open = vec![rel_path.to_owned()];
    let text = expand_at_depth(root, body, &mut open, None, &mut problems);
    let mut seen = std::collections::HashSet::new();
    problems.retain(|p| seen.insert((p.line, p.reason.clone())));
    (text, problems)
}

/// Expands `body`, the text of the last file in `open` (the chain of
/// files being expanded). `outer_line`: the line of the article that
/// included it, where its problems are reported (`None` for the article
/// itself).
fn expand_at_depth(
    root: &Path,
    body: &str,
    open: &mut Vec<String>,
    outer_line: Option<usize>,
    problems: &mut Vec<IncludeProblem>,
) -> String {
    if !body.contains("[!INCLUDE") && !body.to_ascii_uppercase().contains("[!INCLUDE") {
        return body.to_owned();
    }
    let rel_path = open.last().cloned().unwrap_or_default();
    let mut out = String::with_capacity(body.len());
    for (index, line) in body.split_inclusive('\n').enumerate() {
        let Some((before, target, after)) = find_include(line) else {
            out.push_str(line);
            continue;
        };
        out.push_str(before);
        let line_no = outer_line.unwrap_or(index + 1);
        let within = |reason: String| match outer_line {
            Some(_) => format!("{reason} (in {rel_path})"),
            None => reason,
        };
        match load_fragment(root, &rel_path, target, open.len() - 1) {
            Ok((fragment_rel, _)) if open.contains(&fragment_rel) => {
                problems.push(IncludeProblem {
                    line: line_no,
                    reason: within(format!("include loop: {target} is already being included")),
                });
            }
            Ok((fragment_rel, text)) => {
                open.push(fragment_rel);
                let nested = expand_at_depth(root, &text, open, Some(line_no), problems);
                open.pop();
                out.push_str(nested.trim_end());
            }
            Err(reason) => problems.push(IncludeProblem {
                line: line_no,
                reason: within(reason),
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
    let text = super::text::normalise_text(&text);
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

    #[test]
    fn loops_are_reported_once_on_the_including_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("c/includes")).expect("mkdir");
        let article = "---\ntitle: t\n---\nintro\n\n[!INCLUDE [me](self.md)]\n\n[!INCLUDE [a](includes/a.md)]\n";
        std::fs::write(root.join("c/self.md"), article).expect("write");
        std::fs::write(
            root.join("c/includes/a.md"),
            "A\n\n[!INCLUDE [b](b.md)]\n\n[!INCLUDE [m](missing.md)]\n",
        )
        .expect("write");
        std::fs::write(root.join("c/includes/b.md"), "B\n[!INCLUDE [a](a.md)]\n").expect("write");
        let body = "intro\n\n[!INCLUDE [me](self.md)]\n\n[!INCLUDE [a](includes/a.md)]\n";
        let (text, problems) = expand(root, "c/self.md", body);
        let found: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.line, p.reason))
            .collect();
        assert_eq!(
            found,
            [
                "3: include loop: self.md is already being included",
                "5: include loop: a.md is already being included (in c/includes/b.md)",
                "5: missing include: missing.md (in c/includes/a.md)",
            ],
            "{text}"
        );
        assert!(text.contains('A') && text.contains('B'), "{text}");
    }
}
