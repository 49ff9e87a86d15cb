//! Every match of a parsed query, in the order shown: identifier matches,
//! strict matches reordered by their titles, then looser matches when the
//! strict ones are fewer than a page (the order itself is [`super::rank`]'s).

use std::collections::{HashMap, HashSet};

use tantivy::collector::DocSetCollector;
use tantivy::query::Query;

use super::SearchIndex;
use super::clauses;
use super::query::{self, Matching};
use super::rank::{FILL_TO, Ranked, by_title};

impl SearchIndex {
    /// Every match of a parsed query in the order shown (see the module
    /// documentation).
    pub(super) fn ranked(
        &self,
        parsed: &query::ParsedQuery,
        corrections: &HashMap<String, String>,
        matching: Matching,
    ) -> Ranked {
        let ctx = query::Context {
            fields: &self.fields,
            synonyms: &self.synonyms,
            compounds: &self.compounds,
            corrections,
            vocabulary: &self.vocabulary,
        };
        let mut order: Vec<usize> = self.by_identifier(&parsed.identifiers);
        let by_id = order.len();
        let Some(built) = clauses::build(parsed, &ctx, matching) else {
            return Ranked {
                strict: by_id,
                by_id,
                order,
                ..Ranked::default()
            };
        };
        let words = &built.title_terms;
        let mut seen: HashSet<usize> = order.iter().copied().collect();
        let strict = by_title(&self.title_terms, self.run(&*built.strict), words);
        let strict = strict.into_iter().filter(|(o, _)| seen.insert(*o));
        let mut lead = None;
        for (o, score) in strict {
            lead.get_or_insert(score);
            order.push(o);
        }
        let strict = order.len();
        let mut relaxed = Vec::new();
        if strict - by_id < FILL_TO {
            // Any word at all only when no article has every word.
            let any = (strict == by_id).then_some(&built.loose);
            let looser = [Some(&built.most), any].into_iter().flatten().flatten();
            for query in looser {
                let found: Vec<(usize, f32)> = self
                    .run(&**query)
                    .into_iter()
                    .filter(|(o, _)| !seen.contains(o))
                    .collect();
                if found.is_empty() {
                    continue;
                }
                let more: Vec<usize> = (by_title(&self.title_terms, found, words).into_iter())
                    .map(|(o, _)| o)
                    .collect();
                relaxed = self.left_out(&built.slots, &more);
                order.extend(more.into_iter().filter(|o| seen.insert(*o)));
                break;
            }
        }
        Ranked {
            order,
            by_id,
            strict,
            lead: lead.unwrap_or(0.0),
            relaxed,
            highlight: built.highlight,
        }
    }

    /// The words (slot labels) that at least one of `looser` (the first
    /// page's worth) does not match.
    fn left_out(&self, slots: &[(String, Box<dyn Query>)], looser: &[usize]) -> Vec<String> {
        let shown: Vec<usize> = looser.iter().copied().take(FILL_TO).collect();
        slots
            .iter()
            .filter(|(_, q)| {
                let matched = self.matching_set(&**q);
                shown.iter().any(|o| !matched.contains(o))
            })
            .map(|(label, _)| label.clone())
            .collect()
    }

    /// Every article `query` matches.
    fn matching_set(&self, query: &dyn Query) -> HashSet<usize> {
        match self.searcher.search(query, &DocSetCollector) {
            Ok(found) => found.into_iter().filter_map(|a| self.ord(a)).collect(),
            Err(error) => {
                tracing::warn!(%error, "search failed");
                HashSet::new()
            }
        }
    }
}
