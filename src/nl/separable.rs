//! Dutch separable verbs: customers write "hoe zet ik Yammer uit" or "we
//! stappen over", while articles say "uitzetten"/"uitschakelen" and
//! "overstappen". A particle (`uit`, `over`, `op`, …) that follows a verb in
//! the same clause is joined to it (`uit` + `zet` → `uitzet`), and the
//! caller keeps the joined word only when the corpus or the synonym list
//! knows it. The particles are the `[separable]` section of
//! `lexicon/particles.txt`.

use super::analysis::Word;
use super::lexicon;

/// How many words before a particle its verb may stand.
const REACH: usize = 8;

/// A verb and its particle joined into one word, with both words' spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    pub folded: String,
    pub spans: [(usize, usize); 2],
}

/// Every particle + earlier word of the same clause, joined. `text` is the
/// text the words' spans point into.
pub fn joined_verbs(text: &str, words: &[Word]) -> Vec<Joined> {
    let particles = &lexicon::particles().separable;
    let is_particle = |folded: &str| particles.iter().any(|p| p == folded);
    let mut out = Vec::new();
    for (i, particle) in words.iter().enumerate() {
        if !is_particle(&particle.folded) {
            continue;
        }
        for verb in words[i.saturating_sub(REACH)..i].iter().rev() {
            let between = text.get(verb.end..particle.start).unwrap_or(".");
            if between.contains(['.', ',', '?', '!', ';', ':', '\n']) {
                break;
            }
            if verb.folded.len() < 2 || is_particle(&verb.folded) {
                continue;
            }
            out.push(Joined {
                folded: format!("{}{}", particle.folded, verb.folded),
                spans: [(verb.start, verb.end), (particle.start, particle.end)],
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nl::analysis::words;

    fn joined(text: &str) -> Vec<String> {
        let words = words(text);
        joined_verbs(text, &words)
            .into_iter()
            .map(|j| j.folded)
            .collect()
    }

    #[test]
    fn particle_joins_the_verbs_before_it() {
        let all = joined("Hoe zet ik Yammer uit");
        assert!(all.contains(&"uitzet".to_owned()));
        assert!(all.contains(&"uityammer".to_owned()));
    }

    #[test]
    fn clauses_are_not_crossed() {
        assert!(!joined("Ik zet hem neer. Uit").iter().any(|w| w == "uitzet"));
        assert!(joined("geen particles hier").is_empty());
    }

    #[test]
    fn spans_point_at_both_words() {
        let text = "stappen we over";
        let words = words(text);
        let j = joined_verbs(text, &words);
        let first = j
            .iter()
            .find(|j| j.folded == "overstappen")
            .expect("joined");
        assert_eq!(&text[first.spans[0].0..first.spans[0].1], "stappen");
        assert_eq!(&text[first.spans[1].0..first.spans[1].1], "over");
    }
}
