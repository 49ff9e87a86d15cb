//! Dutch verb forms. The Dutch stemmer takes `werken` to `werk` but leaves
//! `werkt` alone, and `installeert`, `gaat`, `weggegooid` and `ingesteld`
//! never meet `installeren`, `gaan`, `weggooien` and `instellen`; yet
//! customers write "hij werkt niet" or "ik heb het weggegooid" where
//! articles write "werken" and "verwijderen", and the other way round.
//! [`infinitives`] gives the possible infinitives of a present-tense `-t`
//! form or a past participle; the matcher uses the first one the corpus
//! (or the synonym list) has, so the forms share a stem. The prefixes it
//! knows are in `lexicon/particles.txt`.

use super::lexicon;

/// The shortest form considered (`gaat`).
const MIN_WORD: usize = 4;
/// The shortest verb root left after taking off prefix, `ge` and ending.
const MIN_ROOT: usize = 2;

/// Possible infinitives of a verb form ending in `t` or `d`, most likely
/// first (empty for words that cannot be one).
pub fn infinitives(word: &str) -> Vec<String> {
    if word.len() < MIN_WORD || !word.is_ascii() || !word.ends_with(['t', 'd']) {
        return Vec::new();
    }
    let mut out = Vec::new();
    // Past participles: (prefix) ge + root + t/d.
    let particles = lexicon::particles();
    let prefixes = particles.participle.iter().map(String::as_str);
    for prefix in std::iter::once("").chain(prefixes) {
        let Some(rest) = word.strip_prefix(prefix).and_then(|r| r.strip_prefix("ge")) else {
            continue;
        };
        let root = &rest[..rest.len() - 1];
        if root.len() >= MIN_ROOT {
            for infinitive in from_root(root) {
                push(&mut out, format!("{prefix}{infinitive}"));
            }
        }
    }
    // Present tense (werk|t) and participles of verbs that take no ge
    // (verwijder|d, beëindig|d). Other words ending in `d` are left alone:
    // `aanmeld` (from "ik meld me aan") already meets `aanmelding`.
    let root = &word[..word.len() - 1];
    if word.ends_with('t')
        || particles
            .inseparable
            .iter()
            .any(|p| word.starts_with(p.as_str()))
    {
        for infinitive in from_root(root) {
            push(&mut out, infinitive);
        }
    }
    if !word.ends_with('t') {
        return out;
    }
    // A verb whose own root ends in `t`: vergeet → vergeten, moet →
    // moeten. (For a noun this is its plural, which stems back to the
    // noun.)
    if let [.., a, b, _] = word.as_bytes()
        && is_vowel(*a)
        && a == b
    {
        push(&mut out, format!("{}ten", &word[..word.len() - 2]));
    }
    push(&mut out, format!("{word}en"));
    out
}

/// Infinitives of a verb root: `werk` → `werken`, `gaa` → `gaan`,
/// `installeer` → `installeren`, `stel` → `stellen`, `gooi` → `gooien`.
fn from_root(root: &str) -> Vec<String> {
    let bytes = root.as_bytes();
    let n = bytes.len();
    let mut out = Vec::new();
    match bytes {
        [.., a, b] if is_vowel(*a) && a == b => out.push(format!("{root}n")),
        [.., a, b, c] if is_vowel(*a) && a == b && !is_vowel(*c) => {
            out.push(format!("{}{}en", &root[..n - 2], *c as char));
            out.push(format!("{root}en"));
        }
        // A single (short) vowel doubles the consonant: stel → stellen;
        // `open` → `openen` is the exception.
        [.., p, v, c] if !is_vowel(*p) && is_vowel(*v) && !is_vowel(*c) => {
            out.push(format!("{root}{}en", *c as char));
            out.push(format!("{root}en"));
        }
        [.., c] if !is_vowel(*c) || *c == b'i' => out.push(format!("{root}en")),
        _ => {}
    }
    out
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn push(out: &mut Vec<String>, infinitive: String) {
    if !out.contains(&infinitive) {
        out.push(infinitive);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verb_forms_give_their_infinitive() {
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
            ("weggegooid", "weggooien"),
            ("ingesteld", "instellen"),
            ("aangemaakt", "aanmaken"),
            ("geblokkeerd", "blokkeren"),
            ("gewijzigd", "wijzigen"),
            ("opgestuurd", "opsturen"),
            ("verwijderd", "verwijderen"),
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
        // Words in `d` that are no participle keep their own stem.
        assert!(infinitives("aanmeld").is_empty());
        assert!(infinitives("voorbeeld").is_empty());
    }
}
