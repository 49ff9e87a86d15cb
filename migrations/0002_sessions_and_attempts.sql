-- Staff sign-in attempts counted atomically and revocable staff sessions.
-- The same SQL runs on SQLite and PostgreSQL.

-- One row per account name: the attempts in the current lock-out window,
-- reserved by one atomic upsert before a password is checked.
CREATE TABLE login_attempts (
    account TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    attempts BIGINT NOT NULL
);

-- The failures of the old rule are not carried over.
DROP TABLE login_failures;

-- A staff session lives as long as its row: signing out, signing out
-- everywhere and a changed password end it on every replica at once.
CREATE TABLE staff_sessions (
    -- SHA-256 (hex) of the session secret in the cookie, never the secret.
    id TEXT PRIMARY KEY,
    account TEXT NOT NULL,
    -- Fingerprint of the password hash the session was opened with.
    credential TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX staff_sessions_account ON staff_sessions (account);
