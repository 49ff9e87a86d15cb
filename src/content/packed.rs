//! [`Packed`]: an article rendition kept LZ4-compressed in memory and
//! unpacked when a page uses it. Pages are made once per locale and then
//! cached, so unpacking a few kilobytes costs little; keeping every body
//! and plain-text rendition whole cost half the articles' memory at ten
//! times the corpus (BENCHMARKS.md, "Memory per article").

use std::fmt;

use lz4_flex::block;

/// Text kept compressed; [`Packed::text`] gives it back exactly.
#[derive(Clone, Default)]
pub struct Packed {
    /// The text's length in bytes.
    len: u32,
    /// LZ4 block of the text, or the text itself when that is no longer
    /// (`len` bytes then).
    bytes: Box<[u8]>,
}

impl Packed {
    /// Packs `text`. Texts of 4 GiB or more (never an article: files are
    /// at most a few MB) are kept whole.
    pub fn new(text: &str) -> Packed {
        let whole = || Packed {
            len: u32::try_from(text.len()).unwrap_or(u32::MAX),
            bytes: text.as_bytes().into(),
        };
        let Ok(len) = u32::try_from(text.len()) else {
            return whole();
        };
        let mut out = vec![0; block::get_maximum_output_size(text.len())];
        match block::compress_into(text.as_bytes(), &mut out) {
            Ok(size) if size < text.len() => {
                out.truncate(size);
                Packed {
                    len,
                    bytes: out.into_boxed_slice(),
                }
            }
            _ => whole(),
        }
    }

    /// The text as it was packed.
    pub fn text(&self) -> String {
        if self.bytes.len() == self.len as usize {
            return String::from_utf8_lossy(&self.bytes).into_owned();
        }
        let mut out = vec![0; self.len as usize];
        let unpacked = block::decompress_into(&self.bytes, &mut out).ok();
        if unpacked != Some(out.len()) {
            return String::new();
        }
        String::from_utf8(out).unwrap_or_default()
    }

    /// The text's length in bytes.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bytes kept.
    pub fn packed_len(&self) -> usize {
        self.bytes.len()
    }
}

impl fmt::Debug for Packed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Packed")
            .field("len", &self.len)
            .field("packed", &self.bytes.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_back_the_text_exactly() {
        let html = "<p>Een <a href=\"\u{E000}locale\u{E001}/articles/a\">link</a></p>\n".repeat(40);
        let packed = Packed::new(&html);
        assert!(packed.packed_len() < html.len() / 4, "{packed:?}");
        assert_eq!(packed.text(), html);
        assert_eq!(packed.len(), html.len());
    }

    #[test]
    fn short_and_empty_texts_are_kept_whole() {
        for text in ["", "a", "één"] {
            let packed = Packed::new(text);
            assert_eq!(packed.packed_len(), text.len());
            assert_eq!(packed.text(), text);
        }
        assert!(Packed::new("").is_empty());
    }
}
