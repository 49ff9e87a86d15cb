//! The one error type of the crate: why a model file could not be loaded.

use std::path::PathBuf;

use crate::kernels::Kernel;

/// Why a model could not be loaded. Every message names what was wrong and
/// where, so that a corrupt or truncated download is easy to tell apart from a
/// wrong file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The model file could not be read.
    #[error("cannot read the model file {path}: {source}")]
    Io {
        /// The file that was asked for.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file ends before a header field or table is complete.
    #[error(
        "the model file is truncated: {what} needs bytes {start}..{end} but the file has only {len} bytes"
    )]
    Truncated {
        /// What was being read.
        what: String,
        /// First byte needed.
        start: u64,
        /// One past the last byte needed.
        end: u64,
        /// The file's length.
        len: u64,
    },
    /// The file does not start with `E5S1`.
    #[error("not an E5S1 model file: it starts with {found:?} instead of \"E5S1\"")]
    BadMagic {
        /// The first bytes of the file (lossy text).
        found: String,
    },
    /// The file is an E5S1 file of a version this crate does not read.
    #[error("unsupported E5S1 version {0} (this crate reads version 1)")]
    UnsupportedVersion(u32),
    /// A dimension in the header is impossible or unsupported.
    #[error("bad model dimensions: {0}")]
    BadDimensions(String),
    /// A tensor the model needs is not in the tensor directory.
    #[error("missing tensor \"{0}\"")]
    MissingTensor(String),
    /// A tensor's bytes lie (partly) outside the file.
    #[error(
        "tensor \"{name}\" occupies bytes {start}..{end}, beyond the end of the {len}-byte file (truncated or corrupt file)"
    )]
    TensorOutOfBounds {
        /// The tensor's name.
        name: String,
        /// Its first byte according to the directory.
        start: u64,
        /// One past its last byte according to the directory.
        end: u64,
        /// The file's length.
        len: u64,
    },
    /// A tensor has the wrong type or size.
    #[error("bad tensor \"{name}\": {reason}")]
    BadTensor {
        /// The tensor's name.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The tokenizer tables (pieces, scores, normalisation map) are invalid.
    #[error("bad vocabulary: {0}")]
    BadVocabulary(String),
    /// A kernel was asked for that this CPU cannot run.
    #[error("the {0} kernel is not supported by this CPU")]
    KernelUnavailable(Kernel),
}
