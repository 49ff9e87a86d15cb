//! Shared by the integration tests: finding and loading the real model file,
//! and a tiny deterministic PRNG.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use helpportal_encoder::{Encoder, Kernel};

const FILE: &str = "e5-small-q4.bin";

/// The model file: `HELPPORTAL_MODEL` (the file, or the directory holding
/// it; relative paths may be relative to the workspace root) or else
/// `<workspace root>/models/e5-small-q4.bin`. A missing file fails the test:
/// these tests never skip.
pub fn model_path() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let path = match std::env::var_os("HELPPORTAL_MODEL").filter(|v| !v.is_empty()) {
        Some(value) => {
            let given = PathBuf::from(value);
            let path = if given.is_relative() && !given.exists() {
                root.join(given)
            } else {
                given
            };
            if path.is_dir() { path.join(FILE) } else { path }
        }
        None => root.join("models").join(FILE),
    };
    assert!(
        path.is_file(),
        "the model file {} is missing: run `bash scripts/install-model.sh` from the repository root \
         (or set HELPPORTAL_MODEL to the file)",
        path.display()
    );
    path
}

/// The model file's bytes, read once per test binary.
pub fn model_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let path = model_path();
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    })
}

/// The encoder with the best kernel, loaded once per test binary.
pub fn encoder() -> &'static Encoder {
    static ENCODER: OnceLock<Encoder> = OnceLock::new();
    ENCODER.get_or_init(|| Encoder::from_bytes(model_bytes()).expect("the model loads"))
}

/// An encoder running `kernel`.
pub fn encoder_with(kernel: Kernel) -> Encoder {
    Encoder::from_bytes_with_kernel(model_bytes(), kernel).expect("the model loads")
}

pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (na * nb)
}

/// SplitMix64: deterministic test data without a dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }

    /// Uniform in [-1, 1).
    pub fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }
}
