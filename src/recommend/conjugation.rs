//! Dutch present-tense verb forms. The Dutch stemmer takes `werken` to
//! `werk` but leaves `werkt` alone, and `installeert`, `downloadt`, `gaat`
//! and `verstuurt` never meet `installeren`, `downloaden`, `gaan` and
//! `versturen`; yet customers write "hij werkt niet" where articles write
//! "werken" and the other way round. [`infinitives`] gives the possible
//! infinitives of a `-t` form; the matcher uses the first one the corpus
//! has, so the two forms share a stem.

/// The shortest `-t` form considered (`gaat`).
const MIN_WORD: usize = 4;

/// Possible infinitives of a present-tense form ending in `t`, most likely
/// first (empty for words that cannot be one).
pub fn infinitives(word: &str) -> Vec<String> {
    let Some(root) = word.strip_suffix('t') else {
        return Vec::new();
    };
    if word.len() < MIN_WORD || !word.is_ascii() {
        return Vec::new();
    }
    let bytes = root.as_bytes();
    let n = bytes.len();
    let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u');
    let mut out = Vec::new();
    match bytes {
        // gaat → gaan, staat → staan
        [.., a, b] if vowel(*a) && a == b => out.push(format!("{root}n")),
        // laad(t) → laden, installeer(t) → installeren, verstuur(t) → versturen
        [.., a, b, c] if vowel(*a) && a == b && !vowel(*c) && *c != b'i' => {
            out.push(format!("{}{}en", &root[..n - 2], *c as char));
            out.push(format!("{root}en"));
        }
        // werk(t) → werken, open(t) → openen, download(t) → downloaden
        [.., c] if !vowel(*c) => out.push(format!("{root}en")),
        _ => {}
    }
    // A verb whose own root ends in `t`: vergeet → vergeten, moet → moeten.
    // (For a noun this is its plural, which stems back to the noun.)
    let whole = word.as_bytes();
    if let [.., a, b, b't'] = whole
        && vowel(*a)
        && a == b
    {
        out.push(format!("{}ten", &word[..word.len() - 2]));
    }
    out.push(format!("{word}en"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_forms_give_their_infinitive() {
        for (form, infinitive) in [
            ("werkt", "werken"),
            ("opent", "openen"),
            ("downloadt", "downloaden"),
            ("laadt", "laden"),
            ("installeert", "installeren"),
            ("verstuurt", "versturen"),
            ("gaat", "gaan"),
            ("weggaat", "weggaan"),
            ("vergeet", "vergeten"),
            ("moet", "moeten"),
        ] {
            assert!(
                infinitives(form).iter().any(|i| i == infinitive),
                "{form}: {:?}",
                infinitives(form)
            );
        }
    }

    #[test]
    fn other_words_give_nothing() {
        assert!(infinitives("werken").is_empty());
        assert!(infinitives("zit").is_empty());
        assert!(infinitives("café").is_empty());
    }
}
