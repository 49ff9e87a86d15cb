//! Dutch diminutives, which customers use all the time and help articles
//! almost never: `mailtje`, `berichtje`, `filmpje`, `lijstje`, `mapjes`,
//! `balletje`. The Dutch stemmer leaves them alone, so without this they
//! match nothing. [`bases`] gives the possible base words, most likely
//! first; the matcher takes the first one the articles know.

/// Diminutive endings, longest first, with what replaces them.
const ENDINGS: &[&str] = &["etjes", "etje", "tjes", "pjes", "tje", "pje", "jes", "je"];

/// The shortest base worth trying (`app` from `appje`).
const MIN_BASE: usize = 3;

/// Possible base words of a diminutive (empty for other words). For
/// `etje` the doubled consonant is undone too (`balletje` → `bal`).
pub fn bases(word: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for ending in ENDINGS {
        let Some(base) = word.strip_suffix(ending) else {
            continue;
        };
        if base.chars().count() < MIN_BASE {
            continue;
        }
        if ending.starts_with("etje") {
            let mut chars = base.chars().rev();
            if let (Some(a), Some(b)) = (chars.next(), chars.next())
                && a == b
            {
                push(&mut out, &base[..base.len() - a.len_utf8()]);
            }
        }
        push(&mut out, base);
    }
    out
}

fn push(out: &mut Vec<String>, base: &str) {
    if base.chars().count() >= MIN_BASE && !out.iter().any(|b| b == base) {
        out.push(base.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_of_diminutives_include_the_word() {
        for (word, base) in [
            ("mailtje", "mail"),
            ("berichtje", "bericht"),
            ("filmpje", "film"),
            ("lijstje", "lijst"),
            ("mapjes", "map"),
            ("vinkjes", "vink"),
            ("icoontje", "icoon"),
            ("balletje", "bal"),
        ] {
            assert!(
                bases(word).iter().any(|b| b == base),
                "{word}: {:?}",
                bases(word)
            );
        }
    }

    #[test]
    fn other_words_have_no_bases() {
        assert!(bases("wachtwoord").is_empty());
        assert!(bases("je").is_empty());
        assert!(bases("tje").is_empty());
    }
}
