//! What recommended steps know about the corpus's words: each word's stem,
//! the infinitive stems of verb forms, compound pieces, typo repair and
//! synonyms, all from the language layer ([`crate::nl`]) applied to this
//! corpus. The query builder asks it how to read a description's word.

// Keys are the corpus's words (from content authors, not requests), so a
// fast hasher without flood protection is fine here.
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::nl::analysis;
use crate::nl::compound::Splitter;
use crate::nl::spelling::Spelling;
use crate::nl::synonyms::Synonyms;
use crate::nl::verbs;

use super::index::Index;
use super::rules::Rules;

/// The corpus's words as the matcher reads them; never changes once built
/// (an update makes new ones, see [`Words::updated`]).
pub struct Words {
    /// Folded word → stem, for every word of the corpus.
    stems: HashMap<String, String>,
    /// Verb forms of the corpus → their infinitive's stem (`werkt` → `werk`).
    verbs: HashMap<String, String>,
    splitter: Splitter,
    /// The search index's typo dictionary, for repairing descriptions.
    spelling: Arc<Spelling>,
    /// The synonym groups: customers' words → the articles' words.
    synonyms: Synonyms,
    /// Which word rules take part.
    rules: Rules,
}

impl Words {
    /// Everything known: the corpus's stems, its compound splitter, the
    /// synonyms and the rules in use. Verb forms take the stem of their
    /// infinitive when the `conjugation` rule is on. The typo dictionary
    /// is the search index's, given once it is made
    /// ([`Words::set_spelling`]); until then nothing is repaired.
    pub fn new(
        stems: HashMap<String, String>,
        splitter: Splitter,
        synonyms: Synonyms,
        rules: Rules,
    ) -> Words {
        let verbs = if rules.conjugation {
            verb_stems(&stems, &synonyms)
        } else {
            HashMap::default()
        };
        Words {
            stems,
            verbs,
            splitter,
            spelling: Arc::default(),
            synonyms,
            rules,
        }
    }

    /// These words with the stems of `added` words and without `removed`
    /// ones, the verb forms worked out again, and the synonyms given (the
    /// typo dictionary kept until another is set); `None` when a word kept
    /// would take another infinitive's stem (articles not updated would be
    /// indexed wrongly).
    pub fn updated(
        &self,
        added: &[String],
        removed: &[String],
        synonyms: Synonyms,
    ) -> Option<Words> {
        let mut stems = self.stems.clone();
        for word in removed {
            stems.remove(word);
        }
        for word in added {
            stems.insert(word.clone(), analysis::stem(word));
        }
        let verbs = if added.is_empty() && removed.is_empty() {
            self.verbs.clone()
        } else if self.rules.conjugation {
            verb_stems(&stems, &synonyms)
        } else {
            HashMap::default()
        };
        let kept =
            |a: &HashMap<String, String>, b: &HashMap<String, String>, in_b: &HashMap<_, _>| {
                a.iter()
                    .all(|(word, stem)| !in_b.contains_key(word) || b.get(word) == Some(stem))
            };
        if !kept(&verbs, &self.verbs, &self.stems) || !kept(&self.verbs, &verbs, &stems) {
            return None;
        }
        Some(Words {
            stems,
            verbs,
            splitter: self.splitter.clone(),
            spelling: Arc::clone(&self.spelling),
            synonyms,
            rules: self.rules,
        })
    }

    /// How many distinct words the corpus has.
    pub fn len(&self) -> usize {
        self.stems.len()
    }

    /// The word rules in use.
    pub fn rules(&self) -> Rules {
        self.rules
    }

    /// The synonym groups.
    pub fn synonyms(&self) -> &Synonyms {
        &self.synonyms
    }

    /// The term a word of the corpus is indexed under: its infinitive's
    /// stem for a verb form, else its stem (`None` for a stop word).
    pub fn indexed(&self, folded: &str) -> Option<&String> {
        let stem = self.stems.get(folded)?;
        Some(self.verbs.get(folded).unwrap_or(stem))
    }

    /// The plain stem of a word of the corpus (the baseline's term).
    pub fn corpus_stem(&self, folded: &str) -> Option<&String> {
        self.stems.get(folded)
    }

    /// The pieces of a compound word (nothing when it is not one).
    pub fn pieces(&self, folded: &str) -> Vec<String> {
        self.splitter.pieces(folded)
    }

    /// Repairs descriptions with `spelling` from now on.
    pub fn set_spelling(&mut self, spelling: Arc<Spelling>) {
        self.spelling = spelling;
    }

    /// A common word close to a word nothing else made known (when the
    /// `typos` rule is on).
    pub fn repair(&self, folded: &str) -> Option<String> {
        if !self.rules.typos {
            return None;
        }
        self.spelling.closest(folded, |_| false)
    }

    /// The stem a description's word is matched by in `index` (the full
    /// index): its infinitive's for a verb form.
    pub fn stem_of(&self, index: &Index, folded: &str) -> String {
        if let Some(stem) = self.verbs.get(folded).or_else(|| self.stems.get(folded)) {
            return stem.clone();
        }
        // A form the corpus lacks: its own stem when other forms of it are
        // known (`geweigerd` from `geweigerde`), else its infinitive's.
        let own = analysis::stem(folded);
        if !self.rules.conjugation || index.term(&own).is_some() || self.synonyms.knows(&own) {
            return own;
        }
        verbs::infinitives(folded)
            .into_iter()
            .find_map(|inf| self.stems.get(&inf).cloned())
            .unwrap_or(own)
    }

    /// The plain Snowball stem, for the baseline.
    pub fn plain_stem_of(&self, folded: &str) -> String {
        self.stems
            .get(folded)
            .cloned()
            .unwrap_or_else(|| analysis::stem(folded))
    }
}

/// A verb form takes the stem of its infinitive when the corpus or the
/// synonym list has that (`werkt` and `werken` → `werk`); not when the
/// form's own stem is in the synonym list (its group would lose it).
fn verb_stems(stems: &HashMap<String, String>, synonyms: &Synonyms) -> HashMap<String, String> {
    stems
        .par_iter()
        .filter(|(_, stem)| !synonyms.knows(stem))
        .filter_map(|(word, _)| {
            let stem = verbs::infinitives(word).into_iter().find_map(|inf| {
                stems.get(&inf).cloned().or_else(|| {
                    let stem = analysis::stem(&inf);
                    synonyms.knows(&stem).then_some(stem)
                })
            })?;
            Some((word.clone(), stem))
        })
        .collect()
}
