//! YAML front matter of Microsoft-Learn style articles: splitting it off the
//! Markdown, parsing it into [`FrontMatter`] and reporting errors with the
//! line they are on.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

/// The front matter of one article. Keys the portal does not know are kept
/// in [`FrontMatter::extra`], never rejected.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FrontMatter {
    #[serde(default, deserialize_with = "scalar")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "scalar")]
    pub description: Option<String>,
    /// `ms.date`, MM/DD/YYYY as written (see [`FrontMatter::date`]).
    #[serde(rename = "ms.date", default, deserialize_with = "scalar")]
    pub ms_date: Option<String>,
    #[serde(default, deserialize_with = "scalar")]
    pub author: Option<String>,
    #[serde(rename = "ms.author", default, deserialize_with = "scalar")]
    pub ms_author: Option<String>,
    /// `ms.custom`: a string, a list or `''` in the source; here always a list.
    #[serde(rename = "ms.custom", default, deserialize_with = "scalar_list")]
    pub ms_custom: Vec<String>,
    #[serde(rename = "ms.assetid", default, deserialize_with = "scalar")]
    pub ms_assetid: Option<String>,
    #[serde(rename = "ms.locfileid", default, deserialize_with = "scalar")]
    pub ms_locfileid: Option<String>,
    #[serde(rename = "ms.service", default, deserialize_with = "scalar")]
    pub ms_service: Option<String>,
    #[serde(rename = "ms.collection", default, deserialize_with = "scalar_list")]
    pub ms_collection: Vec<String>,
    #[serde(rename = "ms.topic", default, deserialize_with = "scalar")]
    pub ms_topic: Option<String>,
    #[serde(rename = "ROBOTS", default, deserialize_with = "scalar")]
    pub robots: Option<String>,
    #[serde(rename = "ms.contentlocale", default, deserialize_with = "scalar")]
    pub ms_contentlocale: Option<String>,
    #[serde(rename = "ms.translationtype", default, deserialize_with = "scalar")]
    pub ms_translationtype: Option<String>,
    /// Old ids of this article that must keep working.
    #[serde(default, deserialize_with = "scalar_list")]
    pub redirect_from: Vec<String>,
    /// Every other key, as written.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Why front matter could not be read; `line` is the file's line number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct FrontMatterError {
    pub line: usize,
    pub reason: String,
}

/// An article split into its front matter and Markdown body.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub body: &'a str,
    /// The file line on which the body starts (1-based).
    pub body_line: usize,
}

/// Splits `---` front matter off `text` (BOM and CRLF already normalised).
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
        .ok_or_else(|| FrontMatterError {
            line: 1,
            reason: "no front matter: the file must start with a '---' line".into(),
        })?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.lines().count() + 1;
            return Ok(Split {
                yaml,
                body,
                body_line,
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError {
        line: 1,
        reason: "front matter is not closed by a '---' line".into(),
    })
}

/// Parses the YAML between the `---` lines; errors carry file line numbers.
pub fn parse(yaml: &str) -> Result<FrontMatter, FrontMatterError> {
    if yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    serde_saphyr::from_str::<FrontMatter>(yaml).map_err(|err| {
        let yaml_line = err
            .location()
            .map(|loc| usize::try_from(loc.line()).unwrap_or(1))
            .unwrap_or(1)
            .max(1);
        let message = err.to_string();
        let first = message.lines().next().unwrap_or("invalid YAML").trim();
        let first = first.strip_prefix("error:").unwrap_or(first).trim();
        // Drop the parser's own YAML-relative position; ours is the file line.
        let first = match first.strip_prefix("line ").and_then(|r| r.split_once(": ")) {
            Some((position, rest)) if position.contains("column") => rest,
            _ => first,
        };
        FrontMatterError {
            // The YAML starts on the file's second line.
            line: yaml_line + 1,
            reason: format!("invalid front matter: {first}"),
        }
    })
}

impl FrontMatter {
    /// `ms.date` parsed as MM/DD/YYYY (`08/12/2019` is 12 August 2019).
    pub fn date(&self) -> Option<jiff::civil::Date> {
        let raw = self.ms_date.as_deref()?.trim();
        jiff::civil::Date::strptime("%m/%d/%Y", raw).ok()
    }

    /// True when `ROBOTS` asks search engines not to index the article.
    pub fn noindex(&self) -> bool {
        self.robots
            .as_deref()
            .is_some_and(|r| r.to_ascii_uppercase().contains("NOINDEX"))
    }

    /// True when `ms.translationtype` says the text was machine-translated.
    pub fn machine_translated(&self) -> bool {
        self.ms_translationtype
            .as_deref()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("MT"))
    }

    /// The author, from `ms.author` or `author`.
    pub fn author(&self) -> Option<&str> {
        self.ms_author.as_deref().or(self.author.as_deref())
    }
}

/// A YAML scalar of any type (string, number, bool) as a string; null or an
/// empty string become `None`.
fn scalar<'de, D: Deserializer<'de>>(de: D) -> Result<Option<String>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(de)?;
    Ok(value.and_then(|v| scalar_string(&v)))
}

/// A string, a list of scalars or `''`, as a list without empty entries.
fn scalar_list<'de, D: Deserializer<'de>>(de: D) -> Result<Vec<String>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(de)?;
    Ok(match value {
        Some(serde_json::Value::Array(items)) => items.iter().filter_map(scalar_string).collect(),
        Some(other) => scalar_string(&other).into_iter().collect(),
        None => Vec::new(),
    })
}

fn scalar_string(value: &serde_json::Value) -> Option<String> {
    let text = match value {
        serde_json::Value::String(s) => s.trim().to_owned(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "---\ntitle: Geweigerde creditcard\nms.date: 04/21/2020\nROBOTS: NOINDEX, NOFOLLOW\nms.custom:\n- \"443\"\n- 1500018\nms.assetid: 4e6d34b3-e3e5-4fcd-a52e-34b54746feeb\nms.translationtype: MT\nlocalization_priority: Normal\n---\n# Titel\n";

    #[test]
    fn parses_typed_fields_and_keeps_unknown_keys() {
        let split = split(SEED).expect("split");
        assert_eq!(split.body, "# Titel\n");
        assert_eq!(split.body_line, 12);
        let fm = parse(split.yaml).expect("parse");
        assert_eq!(fm.title.as_deref(), Some("Geweigerde creditcard"));
        assert_eq!(fm.ms_custom, vec!["443", "1500018"]);
        assert_eq!(fm.date(), Some(jiff::civil::date(2020, 4, 21)));
        assert!(fm.noindex());
        assert!(fm.machine_translated());
        assert_eq!(
            fm.extra.get("localization_priority"),
            Some(&serde_json::Value::String("Normal".into()))
        );
    }

    #[test]
    fn ms_custom_may_be_a_string_or_empty() {
        let fm = parse("ms.custom: '9000'").expect("string");
        assert_eq!(fm.ms_custom, vec!["9000"]);
        let fm = parse("ms.custom: ''").expect("empty");
        assert!(fm.ms_custom.is_empty());
    }

    #[test]
    fn month_comes_first_in_ms_date() {
        let fm = parse("ms.date: 08/12/2019").expect("parse");
        assert_eq!(fm.date(), Some(jiff::civil::date(2019, 8, 12)));
        let fm = parse("ms.date: 31/12/2019").expect("parse");
        assert_eq!(fm.date(), None);
    }

    #[test]
    fn invalid_yaml_reports_the_file_line() {
        let text = "---\ntitle: ok\ndescription: ok\nms.custom: [unclosed\n---\nbody";
        let split = split(text).expect("split");
        let err = parse(split.yaml).expect_err("must fail");
        assert!(err.line >= 4, "line {} for {}", err.line, err.reason);
        assert!(err.reason.starts_with("invalid front matter"));
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_an_error() {
        assert_eq!(split("# Title only").expect_err("none").line, 1);
        assert!(split("---\ntitle: x\n").is_err());
    }
}
