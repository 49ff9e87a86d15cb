//! Signed tokens: the anti-forgery tokens of the feedback and login forms
//! and the staff session cookie, each an HMAC-SHA256 with a key from the
//! config or shared through the database, so every replica accepts what
//! another one issued. No cookie is needed for a customer's form.
//!
//! - Feedback forms sit in cached article pages, which must be the same
//!   bytes (and `ETag`) on every replica and every render: their token is
//!   bound to what the form is for (kind and article) but not to a time.
//!   Anyone can read a public form's token, so an expiry would add nothing;
//!   the same-origin check on the post is what stops other sites.
//! - The login form's token also carries the time it was issued and
//!   expires; session cookies carry their expiry.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use arc_swap::ArcSwap;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// A form token is accepted this long after it was issued (article pages
/// that carry one are re-rendered at least daily).
pub const FORM_TOKEN_SECS: i64 = 7 * 24 * 3600;
/// A token from a clock this far ahead is still accepted.
const CLOCK_SKEW_SECS: i64 = 300;
/// A staff session lasts this long.
pub const SESSION_SECS: i64 = 8 * 3600;

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// `n` random bytes from the operating system, as lowercase hex.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness: mix the clock and the address space instead.
        let mut hasher = Sha256::new();
        hasher.update(format!("{:?}{:p}", std::time::SystemTime::now(), &bytes));
        let digest = hasher.finalize();
        for (b, d) in bytes.iter_mut().zip(digest.iter().cycle()) {
            *b = *d;
        }
    }
    hex(&bytes)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The signing keys: the current one and, until the shared key is known,
/// the one this process made up at start.
pub struct Keys {
    current: ArcSwap<Vec<u8>>,
    startup: Vec<u8>,
    /// Whether the key came from the config (then it never changes).
    fixed: bool,
    /// 0 with the start-up key, 1 once the shared key is used.
    generation: AtomicU64,
}

impl Keys {
    /// Keys from a configured secret, or a random key until the shared
    /// one is loaded with [`Keys::adopt`].
    pub fn new(configured: Option<&str>) -> Keys {
        let key = match configured {
            Some(secret) => Sha256::digest(secret.as_bytes()).to_vec(),
            None => random_hex(32).into_bytes(),
        };
        Keys {
            current: ArcSwap::new(Arc::new(key.clone())),
            startup: key,
            fixed: configured.is_some(),
            generation: AtomicU64::new(0),
        }
    }

    /// Whether a shared key should be loaded from the database.
    pub fn wants_shared(&self) -> bool {
        !self.fixed
    }

    /// Uses the key every replica shares from now on; tokens signed with
    /// this process's start-up key stay valid.
    pub fn adopt(&self, shared: &str) {
        if !self.fixed {
            self.current.store(Arc::new(shared.as_bytes().to_vec()));
            self.generation.store(1, Ordering::Release);
        }
    }

    /// Changes when the signing key changes, so that pages with signed
    /// forms are rendered anew.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    fn mac(key: &[u8], parts: &[&str]) -> Option<HmacSha256> {
        let mut mac = HmacSha256::new_from_slice(key).ok()?;
        for part in parts {
            mac.update(part.as_bytes());
            mac.update(&[0]);
        }
        Some(mac)
    }

    fn sign(&self, parts: &[&str]) -> String {
        Keys::mac(&self.current.load(), parts)
            .map(|m| hex(&m.finalize().into_bytes()))
            .unwrap_or_default()
    }

    fn verify(&self, parts: &[&str], signature: &str) -> bool {
        let Some(signature) = unhex(signature) else {
            return false;
        };
        let current = self.current.load();
        [current.as_slice(), self.startup.as_slice()]
            .into_iter()
            .any(|key| Keys::mac(key, parts).is_some_and(|m| m.verify_slice(&signature).is_ok()))
    }

    /// The token of a public form for `purpose` (e.g.
    /// `feedback:article:<id>`): the same on every render and replica.
    pub fn public_form_token(&self, purpose: &str) -> String {
        self.sign(&["public-form", purpose])
    }

    /// Whether `token` is the public form token for `purpose`.
    pub fn check_public_form_token(&self, purpose: &str, token: &str) -> bool {
        self.verify(&["public-form", purpose], token.trim())
    }

    /// An expiring token for a form that posts to `purpose` (`login`).
    pub fn form_token(&self, purpose: &str) -> String {
        self.form_token_at(purpose, now())
    }

    fn form_token_at(&self, purpose: &str, issued: i64) -> String {
        let issued = issued.to_string();
        format!("{issued}.{}", self.sign(&["form", purpose, &issued]))
    }

    /// Whether `token` was issued by a replica for `purpose` and is recent.
    pub fn check_form_token(&self, purpose: &str, token: &str) -> bool {
        let Some((issued, signature)) = token.trim().split_once('.') else {
            return false;
        };
        let Ok(at) = issued.parse::<i64>() else {
            return false;
        };
        let age = now().saturating_sub(at);
        (-CLOCK_SKEW_SECS..=FORM_TOKEN_SECS).contains(&age)
            && self.verify(&["form", purpose, issued], signature)
    }

    /// The value of a staff session cookie for `account`, carrying the
    /// session's `secret` (whose digest names its database row).
    pub fn session(&self, account: &str, secret: &str) -> String {
        let expires = now().saturating_add(SESSION_SECS).to_string();
        let name = hex(account.as_bytes());
        format!(
            "{name}.{expires}.{secret}.{}",
            self.sign(&["session", &name, &expires, secret])
        )
    }

    /// What a session cookie claims, when a replica signed it and it has
    /// not expired. Whether the session still exists is the database's to
    /// say.
    pub fn session_claim(&self, value: &str) -> Option<SessionClaim> {
        let mut parts = value.split('.');
        let (name, expires, secret, signature) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || expires.parse::<i64>().ok()? < now() {
            return None;
        }
        if !self.verify(&["session", name, expires, secret], signature) {
            return None;
        }
        Some(SessionClaim {
            account: String::from_utf8(unhex(name)?).ok()?,
            id: session_id(secret),
        })
    }
}

/// A signed, unexpired session cookie: the account it names and the id of
/// the session row it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionClaim {
    pub account: String,
    pub id: String,
}

/// The id a session is stored under: the SHA-256 of the cookie's secret,
/// so that reading the table does not yield a usable cookie.
pub fn session_id(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_tokens_are_bound_to_their_form_and_expire() {
        let keys = Keys::new(None);
        let token = keys.form_token("feedback:a/b");
        assert!(keys.check_form_token("feedback:a/b", &token));
        assert!(!keys.check_form_token("feedback:a/c", &token));
        assert!(!keys.check_form_token("feedback:a/b", "123.abcd"));
        assert!(!keys.check_form_token("feedback:a/b", ""));
        assert!(!keys.check_form_token("feedback:a/b", "x.y.z"));
        let old = keys.form_token_at("feedback:a/b", now() - FORM_TOKEN_SECS - 10);
        assert!(!keys.check_form_token("feedback:a/b", &old));
        let other = Keys::new(None);
        assert!(!other.check_form_token("feedback:a/b", &token));
    }

    #[test]
    fn public_form_tokens_are_stable_and_bound_to_their_form() {
        let keys = Keys::new(Some("k"));
        let token = keys.public_form_token("feedback:article:a/b");
        assert_eq!(token, keys.public_form_token("feedback:article:a/b"));
        assert_eq!(
            token,
            Keys::new(Some("k")).public_form_token("feedback:article:a/b")
        );
        assert!(keys.check_public_form_token("feedback:article:a/b", &token));
        assert!(!keys.check_public_form_token("feedback:article:a/c", &token));
        assert!(!keys.check_public_form_token("feedback:article:a/b", ""));
        assert!(!Keys::new(Some("other")).check_public_form_token("feedback:article:a/b", &token));
        let form = keys.form_token("feedback:article:a/b");
        assert!(!keys.check_public_form_token("feedback:article:a/b", &form));
    }

    #[test]
    fn configured_keys_agree_between_processes_and_shared_keys_are_adopted() {
        let a = Keys::new(Some("geheim"));
        let b = Keys::new(Some("geheim"));
        assert!(b.check_form_token("login", &a.form_token("login")));
        let c = Keys::new(None);
        let d = Keys::new(None);
        let before = c.form_token("login");
        assert_eq!(c.generation(), 0);
        c.adopt("gedeeld");
        assert_eq!(c.generation(), 1);
        d.adopt("gedeeld");
        assert!(d.check_form_token("login", &c.form_token("login")));
        assert!(
            c.check_form_token("login", &before),
            "own start-up key stays valid"
        );
        assert!(!d.check_form_token("login", &before));
    }

    #[test]
    fn sessions_name_their_account_and_resist_tampering() {
        let keys = Keys::new(None);
        let cookie = keys.session("alice", "0123abcd");
        let claim = keys.session_claim(&cookie).expect("valid");
        assert_eq!(claim.account, "alice");
        assert_eq!(claim.id, session_id("0123abcd"));
        assert_ne!(claim.id, "0123abcd", "the row id is not the secret");
        let forged = cookie.replacen(&hex(b"alice"), &hex(b"mallory"), 1);
        assert_eq!(keys.session_claim(&forged), None);
        let other_secret = cookie.replacen("0123abcd", "0123abce", 1);
        assert_eq!(keys.session_claim(&other_secret), None);
        assert_eq!(keys.session_claim("garbage"), None);
        assert_eq!(keys.session_claim(""), None);
        assert_eq!(keys.session_claim(&format!("{cookie}.x")), None);
    }
}
