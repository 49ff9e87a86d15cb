//! [`Problem`]s found in the content, reported as `file:line: reason`.

use std::fmt;

/// How bad a problem is: errors skip the file, warnings only report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem in the content, reported as `file:line: reason`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Problem {
    /// The file, relative to the content root.
    pub file: String,
    pub line: usize,
    pub severity: Severity,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)?;
        if self.severity == Severity::Error {
            f.write_str(" (article skipped)")?;
        }
        Ok(())
    }
}
