-- Schema v9: through which channel each event came, and claims on the review queue.
--
-- A team server writes events for people it has authenticated; the local command line writes them
-- for whoever holds the file. Each event now records which (`channel`: 'local' or 'server'), and
-- events of format 3 (see EventChain) cover it in their hash, so an event written through the
-- server cannot later be passed off as a local one or the reverse. Events written before v9 came
-- from the command line (no server existed): they say 'local' and keep their hashes exactly, and
-- only format 3 may say anything else.
--
-- Three kinds of event join the history: `claimed` (someone takes a case from the queue to work
-- on it), `released` (gives it back) and `assigned` (a lead gives it to someone). `case_claims`
-- holds each case's current claim, the projection of those events that `audit verify` checks.

DROP VIEW cases_current;
DROP VIEW case_history;

CREATE TABLE case_events_v9 (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    kind        TEXT NOT NULL CHECK (kind IN ('created', 'transition', 'note', 'evidence', 'claimed', 'released', 'assigned')),
    from_status TEXT,
    to_status   TEXT,
    actor       TEXT NOT NULL CHECK (length(actor) >= 1),
    reason      TEXT,
    payload     TEXT,
    occurred_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    channel     TEXT NOT NULL CHECK (channel IN ('local', 'server')),
    format      INTEGER NOT NULL CHECK (format IN (1, 2, 3)),
    hash        BLOB NOT NULL CHECK (length(hash) = 32),
    UNIQUE (case_id, seq),
    CHECK ((kind = 'transition') = (from_status IS NOT NULL AND to_status IS NOT NULL)),
    CHECK (format = 3 OR channel = 'local')
) STRICT;

INSERT INTO case_events_v9 (id, case_id, seq, kind, from_status, to_status, actor, reason, payload,
                            occurred_at, recorded_at, channel, format, hash)
SELECT id, case_id, seq, kind, from_status, to_status, actor, reason, payload, occurred_at, recorded_at, 'local',
       format, hash
FROM case_events ORDER BY id;

DROP TABLE case_events;
ALTER TABLE case_events_v9 RENAME TO case_events;

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

-- Who holds a case and until when. One row per case at most: the primary key is what makes a
-- claim atomic, since two writers cannot both insert it. A claim past `expires_at` holds nothing
-- and is replaced by the next claim; releasing it, or moving the case, removes the row.
CREATE TABLE case_claims (
    case_id     INTEGER PRIMARY KEY REFERENCES cases (id),
    holder      TEXT NOT NULL CHECK (length(holder) >= 1),
    claimed_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    assigned_by TEXT,
    CHECK (expires_at > claimed_at)
) STRICT;

CREATE INDEX case_claims_holder ON case_claims (holder COLLATE NOCASE, expires_at);

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

-- Every event with the case it belongs to, named: the audit trail as people search it.
CREATE VIEW case_history AS
SELECT e.case_id, e.seq, e.occurred_at, e.kind, e.from_status, e.to_status, e.actor, e.reason,
       c.platform, a.handle, p.code AS policy, e.recorded_at, e.channel, lower(hex(e.hash)) AS hash
FROM case_events e
JOIN cases c ON c.id = e.case_id
JOIN accounts a ON a.id = c.account_id
JOIN policies p ON p.id = c.policy_id;
