//! The redirects file, `redirects.txt` at the content root: old
//! identifiers (ids of deleted or renamed articles, retired short ids) and
//! the article each one leads to now.
//!
//! One redirect per line, the old identifier and the target article id
//! separated by white space; `#` starts a comment. A line that is not of
//! this form is reported and ignored.
//!
//! ```text
//! # old id                               new article id
//! alchemy-insights/old-declined-card     alchemy-insights/declined-credit-card
//! 12345                                  azure-billing/billing-how-to-pay-by-invoice
//! ```

use std::path::Path;

use super::problem::{Problem, Severity};

/// The file name, directly under the content root.
pub const REDIRECTS_FILE: &str = "redirects.txt";

/// One line of the redirects file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The old identifier, as written.
    pub from: String,
    /// The article id it leads to, as written.
    pub to: String,
    /// The line it is on (1-based), for reports.
    pub line: usize,
}

/// Reads `root/redirects.txt`; a missing file is no redirects and no problem.
pub fn read(root: &Path) -> (Vec<Redirect>, Vec<Problem>) {
    let path = root.join(REDIRECTS_FILE);
    if !path.is_file() {
        return (Vec::new(), Vec::new());
    }
    let problem = |line: usize, reason: String| Problem {
        file: REDIRECTS_FILE.to_owned(),
        line,
        severity: Severity::Warning,
        reason,
    };
    match std::fs::read(&path).map(String::from_utf8) {
        Ok(Ok(text)) => {
            let (redirects, bad) = parse(&super::text::normalise_text(&text));
            let problems = bad.into_iter().map(|(l, r)| problem(l, r)).collect();
            (redirects, problems)
        }
        Ok(Err(_)) => (Vec::new(), vec![problem(1, "not valid UTF-8".into())]),
        Err(err) => (
            Vec::new(),
            vec![problem(1, format!("cannot read file: {err}"))],
        ),
    }
}

/// Parses the file's text into redirects and `(line, reason)` problems.
pub fn parse(text: &str) -> (Vec<Redirect>, Vec<(usize, String)>) {
    let mut redirects = Vec::new();
    let mut problems = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let content = raw.split('#').next().unwrap_or_default().trim();
        if content.is_empty() {
            continue;
        }
        let fields: Vec<&str> = content.split_whitespace().collect();
        match fields.as_slice() {
            [from, to] => redirects.push(Redirect {
                from: (*from).to_owned(),
                to: (*to).to_owned(),
                line,
            }),
            _ => problems.push((
                line,
                "redirect must be 'old-id new-article-id' on one line".to_owned(),
            )),
        }
    }
    (redirects, problems)
}

/// An identifier as compared: trimmed, without surrounding slashes or a
/// `.md` suffix, lowercased.
pub fn normalise_identifier(raw: &str) -> String {
    let trimmed = raw.trim().trim_matches('/');
    let lower = trimmed.to_lowercase();
    lower.strip_suffix(".md").unwrap_or(&lower).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_comments_and_bad_lines() {
        let (redirects, problems) =
            parse("# header\n\nold-a  c/new-a\n  1234\tc/b # why\nonly-one\na b c\n");
        assert_eq!(
            redirects,
            vec![
                Redirect {
                    from: "old-a".into(),
                    to: "c/new-a".into(),
                    line: 3
                },
                Redirect {
                    from: "1234".into(),
                    to: "c/b".into(),
                    line: 4
                },
            ]
        );
        assert_eq!(problems.iter().map(|p| p.0).collect::<Vec<_>>(), vec![5, 6]);
    }

    #[test]
    fn identifiers_compare_loosely() {
        assert_eq!(normalise_identifier(" /Alchemy/X.md/ "), "alchemy/x");
        assert_eq!(normalise_identifier("443"), "443");
    }
}
