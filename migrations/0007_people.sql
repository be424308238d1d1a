-- Schema v7: the people who use casetool, their API tokens, and a security log.
--
-- Until v6 the actor on an event was whatever name the command line gave. A team server needs
-- to know who is asking: a person has a name, one role (what the role allows is declared once, in
-- CaseStore's `Role`), a bcrypt password hash for signing in, and any number of API tokens. A
-- token is shown once when created; only its SHA-256 is kept, so a copy of the file does not let
-- anyone act as its people. People are disabled, never deleted: the events they wrote name them.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 64),
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'moderator', 'lead', 'admin')),
    -- bcrypt's modular crypt format ($2b$12$…, 60 characters); NULL for someone who signs in by token only.
    password_hash TEXT CHECK (password_hash IS NULL OR (length(password_hash) = 60 AND substr(password_hash, 1, 2) = '$2')),
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    disabled_at   TEXT
) STRICT;

CREATE TRIGGER users_no_delete
BEFORE DELETE ON users
BEGIN
    SELECT RAISE(ABORT, 'users are disabled, not deleted: their events name them');
END;

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    token_hash   BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    label        TEXT,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT,
    last_used_at TEXT
) STRICT;

CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Who signed in, who failed to, which token was used, what was refused to whom, and every change
-- to people and tokens: append-only, like the case history. `person` is the name given (a failed
-- sign-in may name nobody known); `channel` is how the request came: 'local' or 'server'.
CREATE TABLE security_log (
    id          INTEGER PRIMARY KEY,
    occurred_at TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN (
                    'sign_in', 'sign_in_failed', 'token_used', 'token_refused', 'permission_refused',
                    'user_added', 'user_disabled', 'user_enabled', 'role_changed', 'password_changed',
                    'token_created', 'token_revoked')),
    person      TEXT,
    actor       TEXT NOT NULL CHECK (length(actor) >= 1),
    channel     TEXT NOT NULL CHECK (channel IN ('local', 'server')),
    detail      TEXT
) STRICT;

CREATE INDEX security_log_occurred_at ON security_log (occurred_at);

CREATE TRIGGER security_log_no_update
BEFORE UPDATE ON security_log
BEGIN
    SELECT RAISE(ABORT, 'security_log is append-only: entries cannot be changed');
END;

CREATE TRIGGER security_log_no_delete
BEFORE DELETE ON security_log
BEGIN
    SELECT RAISE(ABORT, 'security_log is append-only: entries cannot be deleted');
END;
