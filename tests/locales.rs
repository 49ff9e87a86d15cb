//! Every UI message exists in every locale, and every message id the code
//! and templates use is defined.

use std::collections::BTreeSet;
use std::path::Path;

use fluent_syntax::ast::Entry;

fn message_ids(locale: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(locale);
    let mut ids = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("locale dir").flatten() {
        let text = std::fs::read_to_string(entry.path()).expect("read ftl");
        let resource = match fluent_syntax::parser::parse(text.as_str()) {
            Ok(r) => r,
            Err((_, errors)) => panic!("{}: {errors:?}", entry.path().display()),
        };
        for e in resource.body {
            if let Entry::Message(m) = e {
                ids.insert(m.id.name.to_owned());
            }
        }
    }
    ids
}

#[test]
fn locales_define_the_same_messages() {
    let nl = message_ids("nl-NL");
    let en = message_ids("en-US");
    let only_nl: Vec<_> = nl.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&nl).collect();
    assert!(
        only_nl.is_empty() && only_en.is_empty(),
        "only in nl-NL: {only_nl:?}; only in en-US: {only_en:?}"
    );
    assert!(nl.len() > 20);
}

/// Message ids used as the first string argument of `t(`, `t_count(`,
/// `t_with(`, `t_args(` or `message_marker(` in templates and sources.
fn used_ids() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect(&root.join("templates"), &mut files);
    collect(&root.join("src"), &mut files);
    let mut ids = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        for call in [
            ".t(\"",
            ".t_count(\"",
            ".t_with(\"",
            ".t_args(\"",
            "message_marker(\"",
        ] {
            for (i, _) in text.match_indices(call) {
                let rest = &text[i + call.len()..];
                if let Some(end) = rest.find('"') {
                    let id = &rest[..end];
                    if !id.is_empty()
                        && id
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
                    {
                        ids.insert(id.to_owned());
                    }
                }
            }
        }
    }
    ids
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_used_message_id_is_defined() {
    let nl = message_ids("nl-NL");
    let used = used_ids();
    assert!(used.len() > 15, "{used:?}");
    // Keys only used in tests of the i18n module.
    let missing: Vec<_> = used.iter().filter(|id| !nl.contains(*id)).collect();
    assert!(missing.is_empty(), "used but not defined: {missing:?}");
}

/// Removes askama tags (`{{ }}`, `{% %}`, `{# #}`) and HTML tags, leaving
/// the literal text a template would show.
fn visible_literals(template: &str) -> String {
    let mut text = String::new();
    let mut rest = template;
    while let Some(start) = rest.find(['{', '<']) {
        text.push_str(&rest[..start]);
        let tail = &rest[start..];
        let close = if tail.starts_with("{{") {
            "}}"
        } else if tail.starts_with("{%") {
            "%}"
        } else if tail.starts_with("{#") {
            "#}"
        } else if tail.starts_with('<') {
            ">"
        } else {
            text.push('{');
            rest = &tail[1..];
            continue;
        };
        match tail.find(close) {
            Some(end) => rest = &tail[end + close.len()..],
            None => rest = "",
        }
    }
    text.push_str(rest);
    text
}

#[test]
fn templates_have_no_literal_words() {
    let mut files = Vec::new();
    collect(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        &mut files,
    );
    assert!(!files.is_empty());
    // Only HTML shows UI text; XML templates hold protocol values (UTF-8).
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
    {
        let template = std::fs::read_to_string(file).expect("read");
        let literal = visible_literals(&template);
        let words: Vec<&str> = literal
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().count() > 1)
            .collect();
        assert!(
            words.is_empty(),
            "{}: literal UI text {words:?}; use a Fluent message",
            file.display()
        );
    }
}

#[test]
fn literal_scan_sees_text_between_tags() {
    let seen = visible_literals("<p class=\"x\">Hallo {{ name }}{% if a %}wereld{% endif %}</p>");
    assert_eq!(seen, "Hallo wereld");
}
