//! Word matches fused with the nearest articles by meaning (reciprocal
//! rank fusion). The caller embeds the query and gives the nearest
//! articles with their closeness; search never sees the encoder.
//!
//! The rule:
//! * identifier matches stay first and untouched; a query with an
//!   identifier or a quoted phrase is answered by its words alone (an
//!   exact match must not be pushed down by a paraphrase);
//! * every strict word match and every article at least
//!   [`MEANING_FLOOR`] close form the main tier, ordered by
//!   `1/(K + word rank) + w/(K + meaning rank)`, where the meaning weight
//!   `w` is chosen per query ([`meaning_weight`]): high when the nearest
//!   article is very close, low when the best word match's title holds
//!   the query's words; an article
//!   found by meaning alone must be [`ALONE_FLOOR`] close to be shown,
//!   and has only the meaning part (it used to be scored as if ranked
//!   just past the last word match, which after a few strict matches put
//!   it level with the best of them);
//! * the looser word matches not lifted by meaning follow, in the same
//!   fused order among themselves.

use std::collections::{HashMap, HashSet};

use super::rank::Ranked;

/// The least closeness (mean cosine of passage and title) for an article
/// to join the results by meaning (BENCHMARKS.md, "Search: words and
/// meaning").
pub const MEANING_FLOOR: f32 = 0.80;
/// The least closeness for an article that no word of the query finds:
/// shown by meaning alone, it must be clearly about the query. At 0.80 a
/// query no article is about (`pinpas afrekenen`) filled the page with
/// unrelated articles; 0.84 keeps every staff-set figure (BENCHMARKS.md).
pub const ALONE_FLOOR: f32 = 0.84;
/// How many of the nearest articles by meaning a caller should give.
pub const MEANING_CANDIDATES: usize = 50;
/// Rank fusion constant: how flat the reciprocal-rank curve is.
const K: f32 = 5.0;
/// Weight of the meaning rank against the word rank, unless one of the
/// two is clearly sure (the four settings below were chosen together by
/// cross-validation on the staff set; BENCHMARKS.md, "Search relevance").
const MEANING_WEIGHT: f32 = 1.25;
/// From this closeness of the nearest article on, meaning is trusted more.
const SURE_CLOSENESS: f32 = 0.90;
/// The meaning weight then.
const SURE_MEANING_WEIGHT: f32 = 4.0;
/// From this score of the best strict word match on (its word score
/// scaled to the best plus its title signals: every query word in its
/// title gives 1.3 of the at most 1.9), words are trusted more…
const TITLE_ANSWERS: f32 = 2.0;
/// …and the meaning weight is at most this, however close the nearest.
const TITLE_MEANING_WEIGHT: f32 = 0.5;

/// How much the meaning rank counts against the word rank for this
/// query: the signals are how close the nearest article is and how well
/// the best word match's title answers the query.
fn meaning_weight(ranked: &Ranked, meaning: &[(usize, f32)]) -> f32 {
    let nearest = meaning.first().map_or(0.0, |(_, close)| *close);
    let weight = if nearest >= SURE_CLOSENESS {
        SURE_MEANING_WEIGHT
    } else {
        MEANING_WEIGHT
    };
    if ranked.strict > ranked.by_id && ranked.lead >= TITLE_ANSWERS {
        weight.min(TITLE_MEANING_WEIGHT)
    } else {
        weight
    }
}

/// The fused order.
#[derive(Debug, Default, PartialEq)]
pub struct Fused {
    /// Articles, best first.
    pub order: Vec<usize>,
    /// From this index on, the looser word matches.
    pub relaxed_from: usize,
    /// Articles found by meaning alone.
    pub by_meaning: HashSet<usize>,
}

/// Orders word matches (`docs`, in word order) and articles found by
/// meaning alone (`alone`, with no word score: no word found them) by
/// fused reciprocal rank, `meaning` giving the meaning ranks and `weight`
/// the meaning part's weight.
fn by_fused_rank(
    docs: Vec<usize>,
    alone: &[usize],
    meaning: &HashMap<usize, usize>,
    weight: f32,
) -> Vec<usize> {
    let mut scored: Vec<(usize, f32)> = docs
        .into_iter()
        .enumerate()
        .map(|(i, d)| (Some(i), d))
        .chain(alone.iter().map(|&d| (None, d)))
        .map(|(i, d)| {
            let words = i.map_or(0.0, |i| 1.0 / (K + i as f32 + 1.0));
            let close = meaning
                .get(&d)
                .map_or(0.0, |&r| weight / (K + r as f32 + 1.0));
            (d, words + close)
        })
        .collect();
    // Stable: equal scores keep word order.
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.into_iter().map(|(d, _)| d).collect()
}

/// Fuses the word order with `meaning` (nearest articles, closest first,
/// with their closeness). `exact`: the query holds an identifier or a
/// quoted phrase.
pub fn fuse(ranked: &Ranked, meaning: &[(usize, f32)], exact: bool) -> Fused {
    let order = &ranked.order;
    if meaning.is_empty() || exact {
        return Fused {
            order: order.clone(),
            relaxed_from: ranked.strict,
            by_meaning: HashSet::new(),
        };
    }
    let pinned: HashSet<usize> = order[..ranked.by_id].iter().copied().collect();
    let ranks: HashMap<usize, usize> = meaning
        .iter()
        .enumerate()
        .map(|(r, (d, _))| (*d, r))
        .collect();
    let words: HashSet<usize> = order.iter().copied().collect();
    let lifted: Vec<usize> = meaning
        .iter()
        .filter(|(d, close)| *close >= MEANING_FLOOR && !pinned.contains(d))
        .map(|(d, _)| *d)
        .collect();
    let lifted_set: HashSet<usize> = lifted.iter().copied().collect();
    let mut main: Vec<usize> = order[ranked.by_id..ranked.strict].to_vec();
    // Lifted looser matches keep their word rank behind the strict ones;
    // articles found by meaning alone have none.
    main.extend(
        order[ranked.strict..]
            .iter()
            .filter(|d| lifted_set.contains(d)),
    );
    let in_main: HashSet<usize> = main.iter().copied().collect();
    let alone: Vec<usize> = meaning
        .iter()
        .filter(|(d, close)| *close >= ALONE_FLOOR && !pinned.contains(d))
        .map(|(d, _)| *d)
        .filter(|d| !in_main.contains(d) && !words.contains(d))
        .collect();
    let mut fused = order[..ranked.by_id].to_vec();
    let weight = meaning_weight(ranked, meaning);
    fused.extend(by_fused_rank(main, &alone, &ranks, weight));
    let relaxed_from = fused.len();
    let rest: Vec<usize> = order[ranked.strict..]
        .iter()
        .copied()
        .filter(|d| !lifted_set.contains(d))
        .collect();
    fused.extend(by_fused_rank(rest, &[], &ranks, weight));
    Fused {
        order: fused,
        relaxed_from,
        by_meaning: alone.into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranked(order: &[usize], by_id: usize, strict: usize) -> Ranked {
        Ranked {
            order: order.to_vec(),
            by_id,
            strict,
            ..Ranked::default()
        }
    }

    #[test]
    fn without_meaning_or_with_an_exact_query_words_decide() {
        let r = ranked(&[1, 2, 3], 0, 2);
        let plain = fuse(&r, &[], false);
        assert_eq!(plain.order, [1, 2, 3]);
        assert_eq!(plain.relaxed_from, 2);
        let exact = fuse(&r, &[(3, 0.99), (9, 0.99)], true);
        assert_eq!(exact.order, [1, 2, 3]);
    }

    #[test]
    fn meaning_lifts_agreeing_matches_and_adds_close_articles() {
        // Word order 1, 2, 3 (3 looser); meaning prefers 2, then 9, then 3.
        let r = ranked(&[5, 1, 2, 3, 4], 1, 3);
        let meaning = [(2, 0.9), (9, 0.87), (8, 0.83), (3, 0.82), (7, 0.5)];
        let fused = fuse(&r, &meaning, false);
        assert_eq!(fused.order[0], 5, "identifier match stays first");
        assert_eq!(fused.order[1], 2, "agreed by both");
        assert!(fused.order.contains(&9), "close enough by meaning alone");
        assert!(!fused.order.contains(&7), "too far by meaning alone");
        assert!(
            !fused.order.contains(&8),
            "close, but not enough to stand alone"
        );
        assert_eq!(fused.by_meaning, HashSet::from([9]));
        // 3 was lifted by meaning; 4 stays a looser match at the end.
        assert_eq!(fused.order.last(), Some(&4));
        assert_eq!(fused.relaxed_from, fused.order.len() - 1);
    }

    #[test]
    fn an_article_no_word_finds_has_no_word_score() {
        // 9 is closer than 1 by meaning, but only 1 has the words.
        let r = ranked(&[1, 2], 0, 2);
        let meaning = [(2, 0.9), (9, 0.86), (1, 0.85)];
        assert_eq!(fuse(&r, &meaning, false).order, [2, 1, 9]);
    }

    #[test]
    fn the_meaning_weight_follows_which_signal_is_sure() {
        let mut r = ranked(&[1, 2], 0, 2);
        r.lead = 1.5;
        assert_eq!(meaning_weight(&r, &[(2, 0.88)]), MEANING_WEIGHT);
        assert_eq!(meaning_weight(&r, &[(2, 0.95)]), SURE_MEANING_WEIGHT);
        assert_eq!(meaning_weight(&r, &[]), MEANING_WEIGHT);
        r.lead = 2.5;
        assert_eq!(meaning_weight(&r, &[(2, 0.95)]), TITLE_MEANING_WEIGHT);
        // Without a strict match the lead's score does not count.
        let mut looser = ranked(&[1, 2], 0, 0);
        looser.lead = 2.5;
        assert_eq!(meaning_weight(&looser, &[(2, 0.95)]), SURE_MEANING_WEIGHT);
    }

    #[test]
    fn a_title_that_holds_the_query_keeps_its_match_first() {
        // Meaning prefers 2 and is sure of it (0.95 close).
        let meaning = [(2, 0.95), (1, 0.85)];
        let mut r = ranked(&[1, 2], 0, 2);
        r.lead = 1.5;
        assert_eq!(fuse(&r, &meaning, false).order, [2, 1]);
        // 1's title holds every word of the query: words decide.
        r.lead = 2.5;
        assert_eq!(fuse(&r, &meaning, false).order, [1, 2]);
    }
}
