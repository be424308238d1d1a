-- Schema v6: the audit chain stored once, in binary.
--
-- Until v5 every event stored its own hash and its predecessor's as 64-character hex text: the
-- previous hash is the hash of the event before it, so each was stored twice, and as text twice
-- the size of the digest. Events now keep only their own SHA-256, as 32 bytes; the chain is the
-- same chain (each hash still covers the one before it, read from the previous row), and
-- `audit verify` finds a removed or reordered event as before: the next event's hash no longer
-- matches, and its id no longer follows.
--
-- `format` says which encoding an event's hash covers (see EventChain): 1 for events written
-- before v6, whose hash covers the previous hash as hex text and numbers as decimal text; 2 for
-- later ones, a fixed-width binary encoding that is hashed straight from the stored bytes.
-- Existing events keep their hashes exactly: nothing already published as a head changes.
-- (unhex() is SQLite's since 3.41; casetool provides the same function on older libraries.)

-- The views name case_events: made again below, unchanged.
DROP VIEW cases_current;
DROP VIEW case_history;

CREATE TABLE case_events_v6 (
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
    format      INTEGER NOT NULL CHECK (format IN (1, 2)),
    hash        BLOB NOT NULL CHECK (length(hash) = 32),
    UNIQUE (case_id, seq),
    CHECK ((kind = 'transition') = (from_status IS NOT NULL AND to_status IS NOT NULL))
) STRICT;

-- Every row, in id order; a hash that is not 64 hex digits fails the CHECK above (unhex gives
-- NULL), so a damaged event stops the migration instead of being silently rewritten.
INSERT INTO case_events_v6 (id, case_id, seq, kind, from_status, to_status, actor, reason, payload,
                            occurred_at, recorded_at, format, hash)
SELECT id, case_id, seq, kind, from_status, to_status, actor, reason, payload, occurred_at, recorded_at, 1,
       unhex(hash)
FROM case_events ORDER BY id;

DROP TABLE case_events;
ALTER TABLE case_events_v6 RENAME TO case_events;

CREATE INDEX case_events_actor ON case_events (actor, occurred_at);
CREATE INDEX case_events_occurred_at ON case_events (occurred_at);
CREATE INDEX case_events_appeals ON case_events (case_id, seq, from_status, to_status, occurred_at)
    WHERE kind = 'transition' AND (to_status = 'appealed' OR from_status = 'appealed');

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

CREATE VIEW cases_current AS
SELECT c.id AS case_id, c.platform, a.handle, a.display_name, a.account_type, a.unnamed AS account_unnamed,
       c.follower_count, p.code AS policy, p.name AS policy_name, p.dsa_category,
       c.most_severe, c.decisions, c.item_type, c.item_id, c.item_posted_at, c.status, c.source,
       c.automated_detection, c.automated_decision,
       c.external_id, c.occurred_at, c.opened_at, c.actioned_at, c.appeal_count,
       last.occurred_at AS status_changed_at, last.actor AS status_changed_by, last.reason AS last_reason,
       c.rationale, c.created_by
FROM cases c
JOIN accounts a ON a.id = c.account_id
JOIN policies p ON p.id = c.policy_id
LEFT JOIN case_events last ON last.id = (
    SELECT e.id FROM case_events e WHERE e.case_id = c.id AND e.kind = 'transition' ORDER BY e.seq DESC LIMIT 1);

-- Every event with the case it belongs to, named: the audit trail as people search it. The hash
-- reads as the hex digits `casetool audit head` prints.
CREATE VIEW case_history AS
SELECT e.case_id, e.seq, e.occurred_at, e.kind, e.from_status, e.to_status, e.actor, e.reason,
       c.platform, a.handle, p.code AS policy, e.recorded_at, lower(hex(e.hash)) AS hash
FROM case_events e
JOIN cases c ON c.id = e.case_id
JOIN accounts a ON a.id = c.account_id
JOIN policies p ON p.id = c.policy_id;
