//! Why the sentence encoder is not available.

use std::path::PathBuf;

/// Why the encoder is not available.
#[derive(Debug, thiserror::Error)]
pub enum SemanticError {
    #[error("the sentence encoder's weights are missing ({path}: {source})")]
    Missing {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the sentence encoder's weights at {path} have sha256 {found}, not the pinned one")]
    Checksum { path: PathBuf, found: String },
    #[error("installing the sentence encoder's weights failed: {0}")]
    Install(String),
    #[error("the sentence encoder's weights do not load: {0}")]
    Model(#[from] helpportal_encoder::ModelError),
    #[error("semantic matching is switched off")]
    Off,
}
