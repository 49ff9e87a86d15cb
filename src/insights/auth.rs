//! Staff passwords: argon2id hashes in the config (made by
//! `helpportal hash-password`), checked in constant work whether or not the
//! account exists, and the lock-out rule after repeated failures.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Sign-in attempts for one account within [`LOCKOUT_WINDOW_SECS`] (a
/// success starts again at zero) whose passwords are checked; further
/// attempts are refused unchecked until the window has passed.
pub const MAX_FAILURES: i64 = 5;
/// The window failed logins are counted in, in seconds.
pub const LOCKOUT_WINDOW_SECS: i64 = 15 * 60;
/// Longer account names are not looked up (and not stored).
pub const MAX_ACCOUNT_CHARS: usize = 64;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("the password is empty")]
    EmptyPassword,
    #[error("cannot hash the password: {0}")]
    Hash(String),
}

/// An argon2id hash (PHC string) of `password` with a random salt.
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    if password.is_empty() {
        return Err(AuthError::EmptyPassword);
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AuthError::Hash(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| AuthError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

/// A hash nobody's password matches, verified for unknown accounts so
/// that a wrong name takes as long as a wrong password.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password(&crate::insights::tokens::random_hex(16)).unwrap_or_default());

/// Whether `password` matches the configured `hash` of an account (`None`
/// for an unknown account). A malformed hash never matches.
pub fn verify_password(hash: Option<&str>, password: &str) -> bool {
    let known = hash.is_some();
    let hash = hash.unwrap_or(DUMMY_HASH.as_str());
    let matches = PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    });
    known && matches
}

/// A short fingerprint of an account's configured hash, stored with each
/// session: when the password (and so the hash) changes, sessions opened
/// with the old one no longer match.
pub fn credential_fingerprint(hash: &str) -> String {
    use sha2::{Digest, Sha256};
    super::tokens::hex(&Sha256::digest(hash.as_bytes())[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_only_their_password() {
        let hash = hash_password("correct horse").expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(Some(&hash), "correct horse"));
        assert!(!verify_password(Some(&hash), "Correct horse"));
        assert!(!verify_password(None, "correct horse"));
        assert!(!verify_password(Some("not a hash"), "x"));
        assert!(matches!(hash_password(""), Err(AuthError::EmptyPassword)));
        assert_ne!(
            hash,
            hash_password("correct horse").expect("hash"),
            "salted"
        );
        assert_eq!(credential_fingerprint(&hash).len(), 16);
        assert_ne!(credential_fingerprint(&hash), credential_fingerprint("x"));
    }
}
