//! Related articles: a more-like-this query from an article's title and
//! body, then a filter that keeps one of each group of near-identical
//! articles (the corpus holds many copies under different file names).

use std::collections::HashSet;

use tantivy::query::MoreLikeThisQuery;
use tantivy::schema::OwnedValue;

use super::index::Fields;
use crate::content::Article;
use crate::nl::analysis::folded_words;

/// Word-set overlap (Jaccard) from which two articles count as copies.
const NEAR_IDENTICAL: f64 = 0.8;
/// At most this many of the article's most telling terms are used.
const MAX_TERMS: usize = 30;
/// Only the start of long articles is read for terms.
const SOURCE_BYTES: usize = 20_000;

fn prefix(text: &str, bytes: usize) -> &str {
    let mut end = text.len().min(bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The more-like-this query for an article in an index of `docs` articles.
pub fn query(fields: &Fields, article: &Article, docs: usize) -> MoreLikeThisQuery {
    let max_doc_frequency = u64::try_from(docs / 10).unwrap_or(u64::MAX).max(2);
    MoreLikeThisQuery::builder()
        .with_min_doc_frequency(2)
        .with_max_doc_frequency(max_doc_frequency)
        .with_min_term_frequency(1)
        .with_min_word_length(3)
        .with_max_query_terms(MAX_TERMS)
        .with_document_fields(vec![
            (
                fields.title,
                vec![OwnedValue::Str(article.source_title.clone())],
            ),
            (
                fields.body,
                vec![OwnedValue::Str(
                    prefix(&article.text, SOURCE_BYTES).to_owned(),
                )],
            ),
        ])
}

fn fingerprint(article: &Article) -> HashSet<String> {
    let mut words = folded_words(&article.source_title);
    words.extend(folded_words(prefix(&article.text, SOURCE_BYTES)));
    words.into_iter().collect()
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// Up to `n` candidates (best first) that are neither near-identical to the
/// article `ord` nor to a candidate already picked.
pub fn pick_distinct(
    articles: &[Article],
    ord: usize,
    candidates: Vec<usize>,
    n: usize,
) -> Vec<usize> {
    let Some(own) = articles.get(ord) else {
        return Vec::new();
    };
    let mut kept: Vec<HashSet<String>> = vec![fingerprint(own)];
    let mut titles: Vec<String> = vec![own.source_title.to_lowercase()];
    let mut out = Vec::new();
    for candidate in candidates {
        if out.len() == n {
            break;
        }
        let Some(article) = articles.get(candidate) else {
            continue;
        };
        if candidate == ord {
            continue;
        }
        let title = article.source_title.to_lowercase();
        let print = fingerprint(article);
        let copy = titles.contains(&title)
            && kept
                .iter()
                .any(|k| jaccard(k, &print) >= NEAR_IDENTICAL / 2.0)
            || kept.iter().any(|k| jaccard(k, &print) >= NEAR_IDENTICAL);
        if copy {
            continue;
        }
        titles.push(title);
        kept.push(print);
        out.push(candidate);
    }
    out
}
