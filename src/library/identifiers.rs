//! Every short identifier that leads to an article, for `/go/{id}` links
//! in emails: the article id and slug, each `ms.custom` value,
//! `ms.assetid`, `ms.locfileid`, the old ids in `redirect_from` and the
//! lines of the redirects file. Old ids (`redirect_from`, redirects file)
//! also keep the article URLs of deleted and renamed articles working.

use std::collections::HashMap;

use crate::content::redirects::{Redirect, normalise_identifier};
use crate::content::{Article, Problem, Severity};

/// Identifier → article indices, compared with [`normalise_identifier`].
#[derive(Debug, Default)]
pub struct Identifiers {
    go: HashMap<String, Vec<usize>>,
    /// Old article ids → the article that replaced them (unambiguous only).
    moved: HashMap<String, usize>,
}

impl Identifiers {
    /// Collects every identifier; a redirect whose target is not loaded
    /// becomes a problem on its line of the redirects file.
    pub fn build(
        articles: &[Article],
        by_id: &HashMap<String, usize>,
        redirects: &[Redirect],
        problems: &mut Vec<Problem>,
    ) -> Identifiers {
        let mut go: HashMap<String, Vec<usize>> = HashMap::new();
        let mut old: HashMap<String, Vec<usize>> = HashMap::new();
        let add = |map: &mut HashMap<String, Vec<usize>>, raw: &str, index: usize| {
            let key = normalise_identifier(raw);
            if key.is_empty() {
                return;
            }
            let list = map.entry(key).or_default();
            if !list.contains(&index) {
                list.push(index);
            }
        };
        for (i, article) in articles.iter().enumerate() {
            let meta = &article.meta;
            let own = [article.id.as_str(), article.slug()];
            let custom = meta.ms_custom.iter().map(String::as_str);
            let ids = [meta.ms_assetid.as_deref(), meta.ms_locfileid.as_deref()];
            for raw in own
                .into_iter()
                .chain(custom)
                .chain(ids.into_iter().flatten())
            {
                add(&mut go, raw, i);
            }
            for raw in &meta.redirect_from {
                add(&mut go, raw, i);
                add(&mut old, raw, i);
            }
        }
        for redirect in redirects {
            match by_id.get(&normalise_identifier(&redirect.to)) {
                Some(&i) => {
                    add(&mut go, &redirect.from, i);
                    add(&mut old, &redirect.from, i);
                }
                None => problems.push(Problem {
                    file: crate::content::redirects::REDIRECTS_FILE.to_owned(),
                    line: redirect.line,
                    severity: Severity::Warning,
                    reason: format!("redirect target is not a loaded article: {}", redirect.to),
                }),
            }
        }
        let titles = super::graph::lowercase_titles(articles);
        for list in go.values_mut() {
            list.sort_by(|&a, &b| (&titles[a], a).cmp(&(&titles[b], b)));
        }
        let moved = old
            .into_iter()
            .filter_map(|(key, list)| match list.as_slice() {
                [only] => Some((key, *only)),
                _ => None,
            })
            .collect();
        Identifiers { go, moved }
    }

    /// The articles an identifier leads to: none, one, or several to
    /// choose from.
    pub fn lookup(&self, raw: &str) -> &[usize] {
        self.go
            .get(&normalise_identifier(raw))
            .map_or(&[], Vec::as_slice)
    }

    /// The article that replaced the old article id `raw`, if exactly one did.
    pub fn moved(&self, raw: &str) -> Option<usize> {
        self.moved.get(&normalise_identifier(raw)).copied()
    }
}
