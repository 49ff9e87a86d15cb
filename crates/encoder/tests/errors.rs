//! Broken model files give clear errors, never panics: the real model's bytes
//! cut short at many points, with a wrong magic number, and with corrupted
//! header fields, counts, offsets and tensor entries.

mod common;

use common::{Rng, model_bytes};
use helpportal_encoder::{Encoder, ModelError};

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

/// Where the sections of the real file start.
struct Layout {
    scores: usize,
    blob: usize,
    norm: usize,
    dir: usize,
    /// (entry start, name length, name) of every directory entry.
    entries: Vec<(usize, usize, String)>,
    dir_end: usize,
    first_tensor: usize,
}

fn layout(b: &[u8]) -> Layout {
    let pieces = u32_at(b, 44) as usize;
    let blob_len = u64_at(b, 64) as usize;
    let scores = 72 + (pieces + 1) * 4;
    let blob = scores + pieces * 4;
    let norm = blob + blob_len;
    let dir = norm + 8 + u32_at(b, norm + 4) as usize;
    let count = u32_at(b, dir) as usize;
    let mut at = dir + 4;
    let mut entries = Vec::new();
    let mut first_tensor = usize::MAX;
    for _ in 0..count {
        let name_len = u16::from_le_bytes([b[at], b[at + 1]]) as usize;
        let name = String::from_utf8_lossy(&b[at + 2..at + 2 + name_len]).into_owned();
        first_tensor = first_tensor.min(u64_at(b, at + 7 + name_len) as usize);
        entries.push((at, name_len, name));
        at += 23 + name_len;
    }
    Layout {
        scores,
        blob,
        norm,
        dir,
        entries,
        dir_end: at,
        first_tensor,
    }
}

fn load(bytes: &[u8]) -> Result<Encoder, ModelError> {
    std::panic::catch_unwind(|| Encoder::from_bytes(bytes)).expect("from_bytes must not panic")
}

fn expect_err(bytes: &[u8], what: &str) -> ModelError {
    match load(bytes) {
        Ok(_) => panic!("{what}: loaded"),
        Err(err) => {
            let message = err.to_string();
            assert!(message.len() > 20, "{what}: vague message {message:?}");
            println!("{what}: {message}");
            err
        }
    }
}

#[test]
fn the_real_file_has_the_expected_layout() {
    let b = model_bytes();
    let l = layout(b);
    assert_eq!(&b[..4], b"E5S1");
    assert_eq!(l.entries.len(), 197);
    assert_eq!(l.entries[0].2, "emb.word");
    assert!(l.dir_end <= l.first_tensor && l.first_tensor < b.len());
}

#[test]
fn truncated_files_are_errors() {
    let b = model_bytes();
    let l = layout(b);
    let mid_dir = l.entries[l.entries.len() / 2].0;
    let cuts = [
        0,
        3,
        4,
        7,
        8,
        30,
        43,
        44,
        70,
        72 + 1000,
        l.scores + 10,
        l.blob + 1000,
        l.norm + 2,
        l.norm + 6,
        l.norm + 1000,
        l.dir + 2,
        l.dir + 40,
        mid_dir + 5,
        l.dir_end - 1,
        l.dir_end,
        l.first_tensor + 1,
        b.len() / 2,
        b.len() - 1,
    ];
    for cut in cuts {
        let err = expect_err(&b[..cut], &format!("cut at {cut}"));
        assert!(
            matches!(
                err,
                ModelError::Truncated { .. } | ModelError::TensorOutOfBounds { .. }
            ),
            "cut at {cut}: {err:?}"
        );
        assert!(err.to_string().contains("truncated"), "cut at {cut}: {err}");
    }
}

#[test]
fn a_wrong_magic_number_is_an_error() {
    let mut b = model_bytes().to_vec();
    b[..4].copy_from_slice(b"GGUF");
    let err = expect_err(&b, "magic GGUF");
    assert!(matches!(err, ModelError::BadMagic { .. }) && err.to_string().contains("E5S1"));
    b[..4].copy_from_slice(b"E5S1");
    b[4] = 2;
    assert!(matches!(
        expect_err(&b, "version 2"),
        ModelError::UnsupportedVersion(_)
    ));
}

#[test]
fn missing_files_name_the_path() {
    let err =
        Encoder::load(std::path::Path::new("no/such/dir/e5-small-q4.bin")).expect_err("no file");
    assert!(matches!(err, ModelError::Io { .. }));
    assert!(
        err.to_string().contains("no/such/dir/e5-small-q4.bin"),
        "{err}"
    );
}

fn patched(at: usize, bytes: &[u8]) -> Vec<u8> {
    let mut b = model_bytes().to_vec();
    b[at..at + bytes.len()].copy_from_slice(bytes);
    b
}

/// (what, byte offset, bytes written there, the expected kind of error).
type Case = (&'static str, usize, Vec<u8>, fn(&ModelError) -> bool);

#[test]
fn corrupted_headers_are_errors() {
    let b = model_bytes();
    let l = layout(b);
    let i32s = |v: i32| v.to_le_bytes().to_vec();
    let entry = |name: &str| {
        l.entries
            .iter()
            .find(|e| e.2 == name)
            .map(|e| (e.0, e.1))
            .expect("entry exists")
    };
    let (pos_at, pos_len) = entry("emb.pos");
    let (qw_at, qw_len) = entry("l5.q.w");
    let cases: Vec<Case> = vec![
        ("hidden 0", 8, i32s(0), |e| {
            matches!(e, ModelError::BadDimensions(_))
        }),
        ("hidden -1", 8, i32s(-1), |e| {
            matches!(e, ModelError::BadDimensions(_))
        }),
        ("hidden 2^30", 8, i32s(1 << 30), |e| {
            matches!(e, ModelError::BadDimensions(_))
        }),
        ("hidden 385", 8, i32s(385), |e| {
            matches!(e, ModelError::BadDimensions(_))
        }),
        ("hidden 768", 8, i32s(768), |e| {
            matches!(e, ModelError::BadTensor { .. })
        }),
        ("layers 1000", 12, i32s(1000), |e| {
            matches!(e, ModelError::BadDimensions(_))
        }),
        (
            "layers 13",
            12,
            i32s(13),
            |e| matches!(e, ModelError::MissingTensor(n) if n == "l12.q.w"),
        ),
        ("heads 7", 16, i32s(7), |e| {
            matches!(e, ModelError::BadDimensions(_))
        }),
        ("heads 0", 16, i32s(0), |e| {
            matches!(e, ModelError::BadDimensions(_))
        }),
        ("ff i32::MAX", 20, i32s(i32::MAX), |e| {
            matches!(e, ModelError::BadDimensions(_))
        }),
        ("ff 3072", 20, i32s(3072), |e| {
            matches!(e, ModelError::BadTensor { .. })
        }),
        ("vocab rows 1000", 24, i32s(1000), |e| {
            matches!(e, ModelError::BadVocabulary(_))
        }),
        ("positions 2^20", 28, i32s(1 << 20), |e| {
            matches!(e, ModelError::BadDimensions(_))
        }),
        ("eps NaN", 36, f32::NAN.to_le_bytes().to_vec(), |e| {
            matches!(e, ModelError::BadDimensions(_))
        }),
        ("block 64", 40, i32s(64), |e| {
            matches!(e, ModelError::BadDimensions(_))
        }),
        ("pieces i32::MAX", 44, i32s(i32::MAX), |e| {
            matches!(e, ModelError::BadVocabulary(_))
        }),
        ("pieces -5", 44, i32s(-5), |e| {
            matches!(e, ModelError::BadVocabulary(_))
        }),
        ("unk 10^9", 60, i32s(1_000_000_000), |e| {
            matches!(e, ModelError::BadVocabulary(_))
        }),
        (
            "blob length u64::MAX",
            64,
            u64::MAX.to_le_bytes().to_vec(),
            |e| matches!(e, ModelError::Truncated { .. }),
        ),
        ("blob length 1", 64, 1u64.to_le_bytes().to_vec(), |e| {
            matches!(e, ModelError::BadVocabulary(_))
        }),
        ("piece offset decreasing", 72 + 4 * 10, i32s(5), |e| {
            matches!(e, ModelError::BadVocabulary(_))
        }),
        (
            "piece score NaN",
            l.scores + 40,
            f32::NAN.to_le_bytes().to_vec(),
            |e| matches!(e, ModelError::BadVocabulary(_)),
        ),
        ("norm entries i32::MAX", l.norm, i32s(i32::MAX), |e| {
            matches!(e, ModelError::BadVocabulary(_))
        }),
        (
            "norm entries +1",
            l.norm,
            i32s(u32_at(b, l.norm) as i32 + 1),
            |e| matches!(e, ModelError::BadVocabulary(_)),
        ),
        (
            "norm bytes u32::MAX",
            l.norm + 4,
            u32::MAX.to_le_bytes().to_vec(),
            |e| matches!(e, ModelError::Truncated { .. }),
        ),
        (
            "norm code point surrogate",
            l.norm + 8,
            0xD800u32.to_le_bytes().to_vec(),
            |e| matches!(e, ModelError::BadVocabulary(_)),
        ),
        ("tensor count i32::MAX", l.dir, i32s(i32::MAX), |e| {
            matches!(e, ModelError::BadDimensions(_))
        }),
        ("tensor count 100000", l.dir, i32s(100_000), |e| {
            matches!(e, ModelError::Truncated { .. })
        }),
        ("tensor count -1", l.dir, i32s(-1), |e| {
            matches!(e, ModelError::BadDimensions(_))
        }),
        ("tensor count 3", l.dir, i32s(3), |e| {
            matches!(e, ModelError::MissingTensor(_))
        }),
        (
            "tensor name",
            pos_at + 2,
            b"emb.xyz".to_vec(),
            |e| matches!(e, ModelError::MissingTensor(n) if n == "emb.pos"),
        ),
        (
            "tensor name length",
            pos_at,
            60000u16.to_le_bytes().to_vec(),
            |e| {
                matches!(
                    e,
                    ModelError::Truncated { .. } | ModelError::MissingTensor(_)
                )
            },
        ),
        ("tensor dtype", qw_at + 2 + qw_len, vec![0], |e| {
            matches!(e, ModelError::BadTensor { .. })
        }),
        ("tensor dtype 9", qw_at + 2 + qw_len, vec![9], |e| {
            matches!(e, ModelError::BadTensor { .. })
        }),
        (
            "tensor elements",
            qw_at + 3 + qw_len,
            12u32.to_le_bytes().to_vec(),
            |e| matches!(e, ModelError::BadTensor { .. }),
        ),
        (
            "tensor offset u64::MAX",
            pos_at + 7 + pos_len,
            (u64::MAX - 3).to_le_bytes().to_vec(),
            |e| matches!(e, ModelError::TensorOutOfBounds { .. }),
        ),
        (
            "tensor offset past the end",
            qw_at + 7 + qw_len,
            (b.len() as u64 - 100).to_le_bytes().to_vec(),
            |e| matches!(e, ModelError::TensorOutOfBounds { .. }),
        ),
        (
            "tensor bytes",
            qw_at + 15 + qw_len,
            1u64.to_le_bytes().to_vec(),
            |e| matches!(e, ModelError::BadTensor { .. }),
        ),
    ];
    for (what, at, bytes, check) in cases {
        let err = expect_err(&patched(at, &bytes), what);
        assert!(check(&err), "{what}: unexpected {err:?}");
    }
}

#[test]
fn random_corruption_of_the_tables_never_panics() {
    let b = model_bytes();
    let l = layout(b);
    let mut rng = Rng(7);
    let regions = [(0, 72), (l.norm, l.norm + 64), (l.dir, l.dir_end)];
    let mut loaded = 0;
    for round in 0..48 {
        let mut bytes = b.to_vec();
        let (lo, hi) = regions[round % regions.len()];
        for _ in 0..1 + round % 3 {
            let at = rng.range(lo as i64, hi as i64 - 1) as usize;
            bytes[at] = rng.next() as u8;
        }
        if let Ok(encoder) = load(&bytes) {
            loaded += 1;
            let v = encoder.embed_query("Mijn betaalkaart wordt geweigerd");
            assert_eq!(v.len(), encoder.dim());
        }
    }
    println!("{loaded} of 48 corrupted files still loaded (harmless bytes) and embedded");
}
