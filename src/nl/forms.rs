//! Singular and plural forms of Dutch nouns that the stemmer leaves apart
//! (`probleem` / `problemen`, `wachtwoord` / `wachtwoorden`, `account` /
//! `accounts`, `mogelijkheid` / `mogelijkheden`): [`number_forms`] gives
//! the spellings a folded word may have in the other number, by the
//! regular spelling rules (vowel doubling, consonant doubling, `f`/`v`
//! and `s`/`z`, `-heid`/`-heden`, `-s` and `-'s`). Not every form given is
//! a word; callers keep the ones their vocabulary knows.

const VOWELS: &[char] = &['a', 'e', 'i', 'o', 'u'];

fn is_vowel(c: char) -> bool {
    VOWELS.contains(&c)
}

/// The other-number spellings of a folded word (lowercase, no accents),
/// without the word itself; empty for words under three letters.
pub fn number_forms(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    if let Some(stem) = word.strip_suffix("'s") {
        // foto's → foto: a plural with an apostrophe has one singular.
        let plain = stem.len() >= 3 && stem.chars().all(|c| c.is_ascii_lowercase());
        return if plain {
            vec![stem.to_owned()]
        } else {
            Vec::new()
        };
    }
    if chars.len() < 3 || !chars.iter().all(|c| c.is_ascii_lowercase()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    plurals(word, &chars, &mut out);
    singulars(word, &mut out);
    out.retain(|form| form != word && form.len() >= 3);
    out.dedup();
    out
}

/// Plurals of a singular: `-en` with the spelling rules, `-s`, `-heden`.
fn plurals(word: &str, chars: &[char], out: &mut Vec<String>) {
    if let Some(stem) = word.strip_suffix("heid") {
        out.push(format!("{stem}heden"));
        return;
    }
    out.push(format!("{word}s"));
    if word.ends_with(|c: char| is_vowel(c)) && !word.ends_with('e') {
        out.push(format!("{word}'s"));
        return;
    }
    let n = chars.len();
    let last = chars[n - 1];
    let (before, two_before) = (chars[n - 2], chars[n - 3]);
    let voiced = match last {
        'f' => 'v',
        's' => 'z',
        other => other,
    };
    if is_vowel(last) {
        return;
    }
    if is_vowel(before) && before == two_before {
        // probleem → problemen, factuur → facturen
        let open: String = chars[..n - 2].iter().collect();
        out.push(format!("{open}{voiced}en"));
    } else if is_vowel(before) && !is_vowel(two_before) {
        // map → mappen, bus → bussen
        out.push(format!("{word}{last}en"));
    }
    let stem: String = chars[..n - 1].iter().collect();
    out.push(format!("{stem}{voiced}en"));
}

/// Singulars of a plural: `-en` undone with the spelling rules, `-s`,
/// `-heden` (`-'s` is handled by [`number_forms`]).
fn singulars(word: &str, out: &mut Vec<String>) {
    if let Some(stem) = word.strip_suffix("heden") {
        out.push(format!("{stem}heid"));
        return;
    }
    if let Some(stem) = word.strip_suffix('s')
        && !stem.ends_with('s')
    {
        out.push(stem.to_owned());
    }
    let Some(stem) = word.strip_suffix("en") else {
        return;
    };
    let chars: Vec<char> = stem.chars().collect();
    let n = chars.len();
    if n < 2 {
        return;
    }
    let last = chars[n - 1];
    let before = chars[n - 2];
    let devoiced = match last {
        'v' => 'f',
        'z' => 's',
        other => other,
    };
    let head: String = chars[..n - 1].iter().collect();
    out.push(format!("{head}{devoiced}"));
    if is_vowel(before) && !is_vowel(last) && (n < 3 || !is_vowel(chars[n - 3])) {
        // problemen → probleem
        let open: String = chars[..n - 1].iter().collect();
        out.push(format!("{open}{before}{devoiced}"));
    }
    if n >= 3 && last == before && !is_vowel(last) {
        // mappen → map
        out.push(head);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(word: &str, form: &str) -> bool {
        number_forms(word).iter().any(|f| f == form)
    }

    #[test]
    fn singular_and_plural_meet_both_ways() {
        for (one, many) in [
            ("probleem", "problemen"),
            ("factuur", "facturen"),
            ("wachtwoord", "wachtwoorden"),
            ("account", "accounts"),
            ("gebruiker", "gebruikers"),
            ("licentie", "licenties"),
            ("map", "mappen"),
            ("bestand", "bestanden"),
            ("mogelijkheid", "mogelijkheden"),
            ("brief", "brieven"),
            ("huis", "huizen"),
            ("foto", "foto's"),
            ("instelling", "instellingen"),
        ] {
            assert!(has(one, many), "{one} → {many}: {:?}", number_forms(one));
            assert!(has(many, one), "{many} → {one}: {:?}", number_forms(many));
        }
    }

    #[test]
    fn short_and_foreign_words_give_nothing() {
        assert!(number_forms("pc").is_empty());
        assert!(number_forms("").is_empty());
        assert!(number_forms("0x80070005").is_empty());
        assert!(!number_forms("probleem").contains(&"probleem".to_owned()));
    }
}
