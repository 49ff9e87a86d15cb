//! Examples as JSON lines, the format of the labelled sets:
//! `{"q": "description", "expect": ["article-id"]}`, `expect` empty for a
//! description no article answers ("Geen artikel"). Read line by line so
//! that every bad line is reported with its number and nothing of it is
//! used; written one example a line, for review in version control.

use serde::{Deserialize, Serialize};

use super::examples::StoredExample;
use super::mask;

/// One example read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleLine {
    /// 1-based line number.
    pub line: usize,
    /// The description as written (masked when stored).
    pub description: String,
    pub article: Option<String>,
}

/// A line that is not an example.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct LineError {
    pub line: usize,
    pub reason: String,
}

#[derive(Deserialize, Serialize)]
struct Line {
    q: String,
    #[serde(default)]
    expect: Vec<String>,
}

/// The examples of `text` and its bad lines; blank lines are skipped,
/// other keys on a line (`problem`, `style`) ignored.
pub fn parse(text: &str) -> (Vec<ExampleLine>, Vec<LineError>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        match parse_line(i + 1, raw) {
            Ok(example) => good.push(example),
            Err(err) => bad.push(err),
        }
    }
    (good, bad)
}

fn parse_line(line: usize, raw: &str) -> Result<ExampleLine, LineError> {
    let fail = |reason: String| LineError { line, reason };
    let parsed: Line = serde_json::from_str(raw).map_err(|e| fail(e.to_string()))?;
    if mask::normalise_query(&parsed.q).is_empty() {
        return Err(fail("the description \"q\" is empty".to_owned()));
    }
    let article = match parsed.expect.as_slice() {
        [] => None,
        [id] if !id.trim().is_empty() => Some(id.trim().to_owned()),
        [_] => return Err(fail("the article id in \"expect\" is empty".to_owned())),
        _ => {
            return Err(fail(
                "an example names one article in \"expect\" (or none)".to_owned(),
            ));
        }
    };
    Ok(ExampleLine {
        line,
        description: parsed.q,
        article,
    })
}

/// One stored example as a line (without the newline).
pub fn to_line(example: &StoredExample) -> String {
    let line = Line {
        q: example.description.clone(),
        expect: example.article.iter().cloned().collect(),
    };
    serde_json::to_string(&line).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_lines_are_reported_by_number_and_good_ones_kept() {
        let text = "{\"q\": \"outlook start niet\", \"expect\": [\"a/b\"], \"style\": \"phone\"}\n\
                    \n\
                    {not json}\n\
                    {\"q\": \"  \", \"expect\": []}\n\
                    {\"q\": \"x\", \"expect\": [\"a\", \"b\"]}\n\
                    {\"q\": \"geen antwoord\", \"expect\": []}\n\
                    {\"q\": \"y\", \"expect\": [\" \"]}\n";
        let (good, bad) = parse(text);
        assert_eq!(
            good,
            [
                ExampleLine {
                    line: 1,
                    description: "outlook start niet".into(),
                    article: Some("a/b".into())
                },
                ExampleLine {
                    line: 6,
                    description: "geen antwoord".into(),
                    article: None
                },
            ]
        );
        let lines: Vec<usize> = bad.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 7]);
    }

    #[test]
    fn a_written_line_reads_back() {
        let example = StoredExample {
            id: "1".into(),
            description: "printer \"kantoor\" offline".into(),
            article: None,
            account: "alice".into(),
            at: 0,
        };
        let (good, bad) = parse(&to_line(&example));
        assert!(bad.is_empty());
        assert_eq!(good[0].description, example.description);
        assert_eq!(good[0].article, None);
    }
}
