//! Splits a description into plain and matched pieces, so a page can mark
//! the words that made an article match. The pieces are plain text: the
//! template escapes each one.

/// One piece of the description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    /// Whether this piece is a word that matched.
    pub hit: bool,
}

/// `text` cut at `spans` (byte ranges, sorted or not, possibly invalid).
/// Spans that overlap, fall outside the text or not on character
/// boundaries are ignored.
pub fn pieces(text: &str, spans: &[(usize, usize)]) -> Vec<Piece> {
    let mut sorted: Vec<(usize, usize)> = spans
        .iter()
        .copied()
        .filter(|&(s, e)| {
            s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
        })
        .collect();
    sorted.sort_unstable();
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end) in sorted {
        if start < at {
            continue;
        }
        if start > at {
            out.push(Piece {
                text: text[at..start].to_owned(),
                hit: false,
            });
        }
        out.push(Piece {
            text: text[start..end].to_owned(),
            hit: true,
        });
        at = end;
    }
    if at < text.len() {
        out.push(Piece {
            text: text[at..].to_owned(),
            hit: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_spans_and_keeps_the_rest() {
        let text = "mijn <b>kaart</b> is geweigerd";
        let kaart = text.find("kaart").unwrap();
        let geweigerd = text.find("geweigerd").unwrap();
        let got = pieces(text, &[(geweigerd, text.len()), (kaart, kaart + 5)]);
        let joined: String = got.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, text);
        let hits: Vec<&str> = got
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(hits, ["kaart", "geweigerd"]);
    }

    #[test]
    fn bad_spans_are_ignored() {
        let text = "één";
        let got = pieces(text, &[(1, 2), (0, 99), (2, 1)]);
        assert_eq!(
            got,
            [Piece {
                text: text.to_owned(),
                hit: false
            }]
        );
    }
}
