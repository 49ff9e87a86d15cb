//! Words that customers use to frame a problem rather than to name it
//! ("ik heb een probleem met", "hoe kan ik", "werkt opeens niet meer").
//! They are dropped from descriptions on top of the Snowball stop list; the
//! list is general Dutch, not taken from any particular description.

/// Folded (lowercase ASCII) filler words.
const FILLER: &[&str] = &[
    // framing a question or request
    "hoe",
    "wat",
    "waarom",
    "waar",
    "wanneer",
    "welke",
    "wie",
    "kan",
    "kun",
    "kunt",
    "kunnen",
    "wil",
    "wilt",
    "willen",
    "zou",
    "zouden",
    "moet",
    "moeten",
    "mag",
    "mogen",
    "graag",
    "help",
    "hulp",
    "vraag",
    "vragen",
    "probleem",
    "problemen",
    "issue",
    "please",
    "iemand",
    "weet",
    "weten",
    "denk",
    "volgens",
    "lukt",
    "gaat",
    "doen",
    "doe",
    "krijg",
    "krijgen",
    "gebeurt",
    // people and possessives
    "ik",
    "mij",
    "mijn",
    "me",
    "we",
    "wij",
    "ons",
    "onze",
    "jij",
    "je",
    "jou",
    "jouw",
    "u",
    "uw",
    "hij",
    "zij",
    "ze",
    "zijn",
    "haar",
    "hem",
    "hun",
    "collega",
    "collegas",
    // time and degree
    "nu",
    "net",
    "al",
    "nog",
    "steeds",
    "opeens",
    "ineens",
    "plotseling",
    "gisteren",
    "vandaag",
    "morgen",
    "soms",
    "altijd",
    "vaak",
    "even",
    "gewoon",
    "echt",
    "heel",
    "erg",
    "veel",
    "beetje",
    "helemaal",
    "eigenlijk",
    "alleen",
    "ook",
    "weer",
    "meer",
    "daar",
    "hier",
    "dan",
    "toch",
    // filler verbs and nouns
    "heb",
    "hebt",
    "heeft",
    "hebben",
    "had",
    "ben",
    "bent",
    "is",
    "was",
    "word",
    "wordt",
    "worden",
    "staat",
    "staan",
    "zit",
    "zitten",
    "iets",
    "niks",
    "ding",
    "dingen",
    "manier",
    // linking words and asides
    "wel",
    "via",
    "sinds",
    "terwijl",
    "zodat",
    "vanaf",
    "ervoor",
    "eens",
    "trouwens",
    "zorg",
    "zorgen",
    "zegt",
    "zeggen",
];

/// Whether a folded word only frames the problem.
pub fn is_filler(folded: &str) -> bool {
    FILLER.contains(&folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_words_are_filler_and_content_words_are_not() {
        for word in ["ik", "probleem", "hoe", "opeens"] {
            assert!(is_filler(word), "{word}");
        }
        for word in ["wachtwoord", "teams", "factuur", "niet"] {
            assert!(!is_filler(word), "{word}");
        }
    }
}
