//! Article URLs as users and old links write them: the loose lookup of an
//! id (any case, a trailing slash, a `.md` suffix, an old id), the suffix
//! of the plain-text rendition, and whether a requested path already is
//! the canonical one. The URLs themselves are built by
//! [`crate::content::Article::url`].

use crate::content::Article;
use crate::library::Library;

/// The suffix of plain-text URLs.
pub const TEXT_SUFFIX: &str = ".txt";

/// The article for an id as users and old links write it: any case, with
/// a trailing slash or a `.md` suffix, or an old id it replaced.
pub fn find_loosely<'a>(library: &'a Library, raw: &str) -> Option<&'a Article> {
    let trimmed = raw.trim_matches('/');
    library
        .get_ignoring_case(trimmed)
        .or_else(|| {
            let lower = trimmed.to_ascii_lowercase();
            lower
                .strip_suffix(".md")
                .and_then(|id| library.get_ignoring_case(id))
        })
        .or_else(|| library.moved(trimmed))
}

/// Whether two paths name the same segments once each is percent-decoded
/// on its own: `a%2Fb` is one segment and `a/b` two, while `%7e` and `~`
/// are the same. (Comparing segment by segment, not the bytes, keeps a
/// client that encodes differently from being redirected in a loop.)
pub fn same_segments(raw: &str, canonical: &str) -> bool {
    raw.split('/')
        .map(percent_decoded)
        .eq(canonical.split('/').map(percent_decoded))
}

/// A path segment with its `%XX` escapes decoded; malformed escapes stay
/// as they are.
fn percent_decoded(segment: &str) -> Vec<u8> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| segment.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_compare_decoded_one_by_one() {
        assert!(same_segments("/nl-nl/articles/a/b", "/nl-nl/articles/a/b"));
        assert!(same_segments(
            "/nl-nl/articles/a%7eb",
            "/nl-nl/articles/a~b"
        ));
        assert!(same_segments("/x/sign%20in", "/x/sign%20in"));
        assert!(!same_segments(
            "/nl-nl/articles/a%2fb",
            "/nl-nl/articles/a/b"
        ));
        assert!(!same_segments(
            "/nl-nl/articles/a%2Fb",
            "/nl-nl/articles/a/b"
        ));
        assert!(!same_segments(
            "/nl-nl/articles/a/b/",
            "/nl-nl/articles/a/b"
        ));
        assert!(same_segments("/bad%zz%", "/bad%zz%"));
        assert!(!same_segments("/bad%zz", "/bad%7a"));
    }
}
