//! What is stored of a customer's text: normalised (trimmed, lowercased,
//! whitespace collapsed, capped) and with e-mail addresses, phone numbers
//! and long digit runs replaced by placeholders, so that no personal data
//! ends up in the insights tables.

/// Replaces an e-mail address.
pub const EMAIL: &str = "<e-mail>";
/// Replaces a phone number.
pub const PHONE: &str = "<telefoon>";
/// Replaces any other run of [`LONG_DIGITS`] or more digits.
pub const NUMBER: &str = "<nummer>";

/// Digit runs this long (account, order, card numbers) are masked.
pub const LONG_DIGITS: usize = 5;
/// A phone number has at least this many digits.
const PHONE_DIGITS: usize = 9;

/// Searches and descriptions are stored with at most this many characters.
pub const MAX_QUERY_CHARS: usize = 300;
/// Feedback comments are stored with at most this many characters.
pub const MAX_COMMENT_CHARS: usize = 1000;

/// A search or description as stored: masked, lowercased, whitespace
/// collapsed, at most [`MAX_QUERY_CHARS`] characters.
pub fn normalise_query(text: &str) -> String {
    let masked = mask(text);
    let lower = masked.to_lowercase();
    cap(&collapse(&lower), MAX_QUERY_CHARS)
}

/// A comment as stored: masked, whitespace collapsed, case kept, at most
/// [`MAX_COMMENT_CHARS`] characters.
pub fn clean_comment(text: &str) -> String {
    cap(&collapse(&mask(text)), MAX_COMMENT_CHARS)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cap(text: &str, max: usize) -> String {
    text.chars()
        .take(max)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

/// Replaces e-mail addresses, phone numbers and long digit runs.
pub fn mask(text: &str) -> String {
    let words: Vec<String> = text
        .split_inclusive(char::is_whitespace)
        .map(|word| {
            // The address without punctuation around it, which stays.
            let start = word.find(char::is_alphanumeric).unwrap_or(0);
            let end = word.rfind(char::is_alphanumeric).map_or(0, |i| {
                i + word[i..].chars().next().map_or(1, char::len_utf8)
            });
            match word.get(start..end) {
                Some(core) if start < end && is_email(core) => {
                    format!("{}{EMAIL}{}", &word[..start], &word[end..])
                }
                _ => word.to_owned(),
            }
        })
        .collect();
    mask_digits(&words.concat())
}

/// `local@domain.tld`.
fn is_email(word: &str) -> bool {
    let Some((local, domain)) = word.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
}

/// Phone numbers (a `+` or a digit, then digits with spaces, dashes, dots
/// or brackets, [`PHONE_DIGITS`] digits or more) and runs of
/// [`LONG_DIGITS`] or more digits.
fn mask_digits(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit()
            || (chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        if !starts_number {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // The longest stretch of digits and phone separators from here,
        // ending on a digit.
        let mut end = i + 1;
        let mut last_digit = i + usize::from(chars[i] == '+');
        let mut digits = usize::from(chars[i].is_ascii_digit());
        while let Some(&c) = chars.get(end) {
            if c.is_ascii_digit() {
                digits += 1;
                last_digit = end;
            } else if !matches!(c, ' ' | '-' | '.' | '(' | ')' | '/') {
                break;
            }
            end += 1;
        }
        if digits >= PHONE_DIGITS {
            out.push_str(PHONE);
            i = last_digit + 1;
            continue;
        }
        // Not a phone number: copy the first digit run, masked when long.
        let run_end = (i..chars.len())
            .find(|&j| j > i && !chars[j].is_ascii_digit())
            .unwrap_or(chars.len());
        let run: String = chars[i..run_end].iter().collect();
        if run.chars().filter(char::is_ascii_digit).count() >= LONG_DIGITS {
            out.push_str(NUMBER);
        } else {
            out.push_str(&run);
        }
        i = run_end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_masked() {
        assert_eq!(
            mask("mail jan.jansen@example.nl, graag"),
            "mail <e-mail>, graag"
        );
        assert_eq!(mask("(piet@x.com)"), "(<e-mail>)");
        assert_eq!(mask("een @ teken en a@b"), "een @ teken en a@b");
    }

    #[test]
    fn phone_numbers_are_masked() {
        assert_eq!(mask("bel 06-12345678 aub"), "bel <telefoon> aub");
        assert_eq!(mask("bel +31 6 1234 5678."), "bel <telefoon>.");
        assert_eq!(mask("tel (020) 123 45 67"), "tel (<telefoon>");
        assert_eq!(mask("020-1234567"), "<telefoon>");
    }

    #[test]
    fn long_digit_runs_are_masked_and_short_numbers_kept() {
        assert_eq!(mask("factuur 123456789"), "factuur <telefoon>");
        assert_eq!(mask("order 12345 mislukt"), "order <nummer> mislukt");
        assert_eq!(mask("kaart 4111"), "kaart 4111");
        assert_eq!(mask("fout 443 op 1 mei"), "fout 443 op 1 mei");
        assert_eq!(mask("2 of 3 keer"), "2 of 3 keer");
        assert_eq!(mask("code AB12345X"), "code AB<nummer>X");
    }

    #[test]
    fn queries_are_normalised() {
        assert_eq!(
            normalise_query("  Creditcard   GEWEIGERD\n\tbij  betalen "),
            "creditcard geweigerd bij betalen"
        );
        assert_eq!(
            normalise_query("Mijn mail is Jan@Example.NL"),
            "mijn mail is <e-mail>"
        );
        assert_eq!(normalise_query(&"a ".repeat(1000)).chars().count(), 299);
        assert_eq!(normalise_query(""), "");
    }

    #[test]
    fn comments_keep_case_but_lose_personal_data() {
        assert_eq!(
            clean_comment("Werkt niet, bel 0612345678 of mail a@b.nl"),
            "Werkt niet, bel <telefoon> of mail <e-mail>"
        );
        assert!(clean_comment(&"x".repeat(5000)).chars().count() <= MAX_COMMENT_CHARS);
    }
}
