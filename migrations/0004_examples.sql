-- Examples taught by support staff: a customer's description (masked as
-- the descriptions report stores it) confirmed as answered by an article,
-- or by none ("Geen artikel"). The same SQL runs on SQLite and PostgreSQL.
CREATE TABLE examples (
    id TEXT PRIMARY KEY,
    -- Masked, lowercased and collapsed like query_events.query.
    description TEXT NOT NULL,
    -- NULL: no article answers it and the portal should abstain.
    article_id TEXT,
    account TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
-- One confirmation per description: confirming again replaces it.
CREATE UNIQUE INDEX examples_description ON examples (description);
CREATE INDEX examples_created ON examples (created_at);

-- Bumped in the same transaction as every change to `examples`: the cheap
-- marker every replica polls to know its examples are stale.
CREATE TABLE examples_version (
    name TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO examples_version (name, version) VALUES ('examples', 0);
