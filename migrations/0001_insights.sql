-- Feedback and search insights. The same SQL runs on SQLite and
-- PostgreSQL: integers are BIGINT, times are Unix seconds, booleans 0/1.

CREATE TABLE feedback (
    public_id TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    locale TEXT NOT NULL,
    article_id TEXT NOT NULL,
    helpful BIGINT NOT NULL,
    comment TEXT,
    description TEXT
);
CREATE INDEX feedback_article ON feedback (article_id);
CREATE INDEX feedback_created ON feedback (created_at);

-- One row per search or recommendation.
CREATE TABLE query_events (
    created_at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    query TEXT NOT NULL,
    result_count BIGINT NOT NULL,
    first_result TEXT,
    confident BIGINT NOT NULL
);
CREATE INDEX query_events_kind_query ON query_events (kind, query, created_at);

-- One row per result opened from a search or recommendation page.
CREATE TABLE result_opens (
    created_at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    query TEXT NOT NULL,
    article_id TEXT NOT NULL
);
CREATE INDEX result_opens_kind_query ON result_opens (kind, query);

CREATE TABLE login_failures (
    account TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);
CREATE INDEX login_failures_account ON login_failures (account, failed_at);

-- The shared signing key ('secret').
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
