-- Schema v1: policies, accounts, cases and their append-only event history.
-- Times are UTC ISO 8601 text, 'YYYY-MM-DDTHH:MM:SSZ', so they sort as text.
-- Enumerations are checked here too, so a row written by anything but casetool
-- still cannot hold a value casetool does not understand.

CREATE TABLE policies (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(code) BETWEEN 1 AND 64),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE accounts (
    id             INTEGER PRIMARY KEY,
    platform       TEXT NOT NULL COLLATE NOCASE CHECK (length(platform) BETWEEN 1 AND 100),
    handle         TEXT NOT NULL COLLATE NOCASE CHECK (length(handle) BETWEEN 1 AND 200),
    display_name   TEXT,
    account_type   TEXT NOT NULL DEFAULT 'unknown' CHECK (account_type IN
                   ('individual', 'public_figure', 'government', 'organization', 'media', 'business', 'unknown')),
    follower_count INTEGER CHECK (follower_count IS NULL OR follower_count >= 0),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (platform, handle)
) STRICT;

CREATE TABLE cases (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES accounts (id),
    -- Copied from the account so lists and reports by platform need no join;
    -- the trigger below keeps the two equal.
    platform       TEXT NOT NULL COLLATE NOCASE,
    policy_id      INTEGER NOT NULL REFERENCES policies (id),
    action         TEXT NOT NULL CHECK (action IN
                   ('remove_content', 'restrict_visibility', 'label', 'geoblock', 'suspend', 'disable_account')),
    action_ends_at TEXT,
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN
                   ('open', 'escalated', 'actioned', 'dismissed', 'appealed', 'upheld', 'reversed')),
    source         TEXT NOT NULL CHECK (source IN
                   ('user_report', 'trusted_flagger', 'proactive_human', 'automated', 'legal_order', 'undisclosed')),
    rationale      TEXT NOT NULL CHECK (length(rationale) >= 1),
    external_id    TEXT,
    -- The account's follower count when the case was logged: reach at the time of the action.
    follower_count INTEGER CHECK (follower_count IS NULL OR follower_count >= 0),
    occurred_at    TEXT,
    opened_at      TEXT NOT NULL,
    actioned_at    TEXT,
    appeal_count   INTEGER NOT NULL DEFAULT 0 CHECK (appeal_count >= 0),
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    -- A suspension is temporary by definition: it, and only it, has an end.
    CHECK ((action = 'suspend') = (action_ends_at IS NOT NULL))
) STRICT;

CREATE UNIQUE INDEX cases_external_id ON cases (platform, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX cases_account ON cases (account_id, opened_at);
CREATE INDEX cases_policy ON cases (policy_id, opened_at);
CREATE INDEX cases_status ON cases (status, opened_at);
CREATE INDEX cases_platform ON cases (platform, opened_at);
-- Covers every column reports read, so a report scans this narrow index instead of whole case rows
-- (rationales make those large); opened_at first serves --since/--until.
CREATE INDEX cases_report ON cases
    (opened_at, policy_id, platform, action, source, status, actioned_at, appeal_count, account_id, follower_count);

CREATE TRIGGER cases_platform_matches_account_on_insert
BEFORE INSERT ON cases
WHEN NEW.platform IS NOT (SELECT platform FROM accounts WHERE id = NEW.account_id)
BEGIN
    SELECT RAISE(ABORT, 'cases.platform must equal the platform of its account');
END;

CREATE TRIGGER cases_platform_matches_account_on_update
BEFORE UPDATE OF platform, account_id ON cases
WHEN NEW.platform IS NOT (SELECT platform FROM accounts WHERE id = NEW.account_id)
BEGIN
    SELECT RAISE(ABORT, 'cases.platform must equal the platform of its account');
END;

-- A case is a record of what was done; it is closed through the workflow, never deleted.
CREATE TRIGGER cases_no_delete
BEFORE DELETE ON cases
BEGIN
    SELECT RAISE(ABORT, 'cases cannot be deleted: the enforcement record is permanent');
END;

CREATE TABLE case_evidence (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    reference  TEXT NOT NULL CHECK (length(reference) >= 1),
    added_by   TEXT NOT NULL,
    added_at   TEXT NOT NULL
) STRICT;

CREATE INDEX case_evidence_case ON case_evidence (case_id);

-- Every change to a case is one event. occurred_at is when it happened (it may be
-- back-dated for cases logged after the fact); recorded_at is when casetool wrote it.
-- Events form one hash chain across the database, in id order: hash = SHA-256 over
-- prev_hash and the event's content, so any edit, deletion, insertion or reordering
-- breaks the chain ('casetool audit verify').
CREATE TABLE case_events (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    kind        TEXT NOT NULL CHECK (kind IN ('created', 'transition', 'note', 'evidence')),
    from_status TEXT,
    to_status   TEXT,
    actor       TEXT NOT NULL CHECK (length(actor) >= 1),
    reason      TEXT,
    payload     TEXT,
    occurred_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    prev_hash   TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash        TEXT NOT NULL CHECK (length(hash) = 64),
    UNIQUE (case_id, seq),
    CHECK ((kind = 'transition') = (from_status IS NOT NULL AND to_status IS NOT NULL))
) STRICT;

CREATE INDEX case_events_actor ON case_events (actor, occurred_at);
CREATE INDEX case_events_occurred_at ON case_events (occurred_at);

CREATE TRIGGER case_events_no_update
BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only: events cannot be changed');
END;

CREATE TRIGGER case_events_no_delete
BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only: events cannot be deleted');
END;
