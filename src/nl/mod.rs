//! The Dutch language layer: everything about how Dutch words are read and
//! compared, shared by search and recommended steps. To change how Dutch
//! words are matched, change it here.
//!
//! * [`analysis`]: text → words (with spans), folding, stop words and the
//!   Dutch stemmer; the analyzers registered on the search index.
//! * [`compound`]: compound splitting against the corpus vocabulary, with
//!   the length limits each user passes.
//! * [`verbs`]: verb forms → infinitives (`werkt` → `werken`).
//! * [`forms`]: singular and plural spellings the stemmer leaves apart
//!   (`probleem` / `problemen`).
//! * [`separable`]: separable verbs joined (`zet … uit` → `uitzet`).
//! * [`synonyms`]: synonym groups (`lexicon/synonyms.txt`).
//! * [`spelling`]: repairing typos with the closest common word.
//! * [`word_list`]: many words in one buffer, for the index builds.
//! * [`lexicon`]: the word lists that steer matching (filler, products,
//!   platforms, particles), as data files in `lexicon/`.
//!
//! This layer knows Dutch and nothing of the portal: it imports neither
//! search, recommended steps, the web layer nor the library.
//!
//! How recommended steps read a description is [`STEPS`], in order.

pub mod analysis;
pub mod compound;
pub mod forms;
pub mod lexicon;
pub mod separable;
pub mod spelling;
pub mod synonyms;
pub mod verbs;
pub mod word_list;

/// One step of reading a customer's description (recommended steps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The description is cut at a fixed length ([`truncate`]).
    Truncate,
    /// Text → words with their spans, lowercased and accent-folded
    /// ([`analysis::words`]).
    Words,
    /// Snowball stop words are dropped ([`analysis::is_stop_word`]).
    StopWords,
    /// Filler words (`lexicon/filler.txt`, [`lexicon::is_filler`]) and
    /// single letters are dropped.
    Filler,
    /// Each word → its stem; a verb form → its infinitive's stem when the
    /// corpus or the synonym list has that ([`analysis::stem`],
    /// [`verbs::infinitives`]).
    Stem,
    /// A compound word adds its pieces ([`compound::Splitter::pieces`]).
    Compounds,
    /// The stem adds the other members of its synonym groups
    /// ([`synonyms::Synonyms::whole_alternatives`]).
    Synonyms,
    /// A word that nothing above made known is read as the closest common
    /// word ([`spelling::Spelling::closest`]), which goes through
    /// [`Step::Stem`] to [`Step::Synonyms`] again.
    Spelling,
    /// Particles are joined to the verbs before them and kept when known
    /// ([`separable::joined_verbs`]).
    SeparableVerbs,
    /// Phrases of the synonym list in the words add their group's other
    /// members ([`synonyms::Synonyms::phrases_in`]).
    Phrases,
}

/// The steps of reading a description, in the order they are taken
/// (`recommend::query` takes them in this order; the plain baseline takes
/// only the first three and [`Step::Stem`] without verb forms).
pub const STEPS: [Step; 10] = [
    Step::Truncate,
    Step::Words,
    Step::StopWords,
    Step::Filler,
    Step::Stem,
    Step::Compounds,
    Step::Synonyms,
    Step::Spelling,
    Step::SeparableVerbs,
    Step::Phrases,
];

/// Cuts `text` to at most `max` bytes on a character boundary.
pub fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
