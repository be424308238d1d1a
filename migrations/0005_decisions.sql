-- Schema v5: a case records the decisions taken as platforms report them, and the item acted on.
--
-- Until v4 a case had one `action` of six. A DSA statement of reasons can carry several decisions
-- at once (visibility, monetary, service, account), each with its own end date and territorial
-- scope, and names the item acted on. A case now keeps:
--   decisions      a JSON array of decisions in their text form, most severe first:
--                  'KIND[ until TIME][ in CC,CC…]', e.g. 'account_suspended until 2026-03-01T00:00:00Z';
--   most_severe    the first decision's kind, and decision_mask, one bit per kind taken
--                  (decision_kinds.bit): derived from decisions by casetool, for reports and lists;
--   item_type      what was acted on: 'account', or the content's types ('text,image'); NULL when not
--                  recorded; item_id (its id or URL) and item_posted_at.
-- Enumerations that grow are rows of lookup tables, so a new kind is an INSERT, not a table rebuild.
--
-- Existing cases keep their meaning: each action becomes its equivalent decision, a geoblock a
-- disabling in territories the case never recorded. Their events are left exactly as written (the
-- hash chain covers them); replay reads an old `action` the same way.

CREATE TABLE decision_kinds (
    kind     TEXT PRIMARY KEY,
    family   TEXT NOT NULL CHECK (family IN ('visibility', 'monetary', 'service', 'account')),
    bit      INTEGER NOT NULL UNIQUE CHECK (bit BETWEEN 0 AND 62),
    -- 1 is the most severe.
    severity INTEGER NOT NULL UNIQUE CHECK (severity >= 1),
    dsa_key  TEXT NOT NULL UNIQUE
) STRICT;

INSERT INTO decision_kinds (kind, family, bit, severity, dsa_key) VALUES
    ('account_terminated', 'account', 15, 1, 'DECISION_ACCOUNT_TERMINATED'),
    ('service_total_termination', 'service', 13, 2, 'DECISION_PROVISION_TOTAL_TERMINATION'),
    ('service_partial_termination', 'service', 12, 3, 'DECISION_PROVISION_PARTIAL_TERMINATION'),
    ('account_suspended', 'account', 14, 4, 'DECISION_ACCOUNT_SUSPENDED'),
    ('service_total_suspension', 'service', 11, 5, 'DECISION_PROVISION_TOTAL_SUSPENSION'),
    ('service_partial_suspension', 'service', 10, 6, 'DECISION_PROVISION_PARTIAL_SUSPENSION'),
    ('monetary_termination', 'monetary', 8, 7, 'DECISION_MONETARY_TERMINATION'),
    ('content_removed', 'visibility', 0, 8, 'DECISION_VISIBILITY_CONTENT_REMOVED'),
    ('content_disabled', 'visibility', 1, 9, 'DECISION_VISIBILITY_CONTENT_DISABLED'),
    ('monetary_suspension', 'monetary', 7, 10, 'DECISION_MONETARY_SUSPENSION'),
    ('content_demoted', 'visibility', 2, 11, 'DECISION_VISIBILITY_CONTENT_DEMOTED'),
    ('content_age_restricted', 'visibility', 3, 12, 'DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED'),
    ('content_interaction_restricted', 'visibility', 4, 13, 'DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED'),
    ('visibility_other', 'visibility', 6, 14, 'DECISION_VISIBILITY_OTHER'),
    ('monetary_other', 'monetary', 9, 15, 'DECISION_MONETARY_OTHER'),
    ('content_labelled', 'visibility', 5, 16, 'DECISION_VISIBILITY_CONTENT_LABELLED');

CREATE TABLE item_types (
    item_type TEXT PRIMARY KEY,
    -- NULL for the account itself, which a statement of reasons gives as CONTENT_TYPE_OTHER.
    dsa_key   TEXT UNIQUE
) STRICT;

INSERT INTO item_types (item_type, dsa_key) VALUES
    ('account', NULL), ('text', 'CONTENT_TYPE_TEXT'), ('image', 'CONTENT_TYPE_IMAGE'), ('video', 'CONTENT_TYPE_VIDEO'),
    ('audio', 'CONTENT_TYPE_AUDIO'), ('synthetic_media', 'CONTENT_TYPE_SYNTHETIC_MEDIA'),
    ('product', 'CONTENT_TYPE_PRODUCT'), ('app', 'CONTENT_TYPE_APP'), ('other', 'CONTENT_TYPE_OTHER');

-- The views name cases' old columns: made again below.
DROP VIEW cases_current;
DROP VIEW case_history;

CREATE TABLE cases_v5 (
    id                  INTEGER PRIMARY KEY,
    account_id          INTEGER NOT NULL REFERENCES accounts (id),
    -- Copied from the account so lists and reports by platform need no join;
    -- the triggers below keep the two equal.
    platform            TEXT NOT NULL COLLATE NOCASE,
    policy_id           INTEGER NOT NULL REFERENCES policies (id),
    -- A JSON array of at least one decision (json_array_length is 0 for anything but an array, and
    -- refuses text that is not JSON): one parse per write.
    decisions           TEXT NOT NULL CHECK (json_array_length(decisions) >= 1),
    most_severe         TEXT NOT NULL REFERENCES decision_kinds (kind),
    decision_mask       INTEGER NOT NULL CHECK (decision_mask > 0),
    status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN
                        ('open', 'escalated', 'actioned', 'dismissed', 'appealed', 'upheld', 'reversed')),
    source              TEXT NOT NULL CHECK (source IN
                        ('user_report', 'trusted_flagger', 'proactive_human', 'automated', 'legal_order', 'undisclosed')),
    rationale           TEXT NOT NULL CHECK (length(rationale) >= 1),
    external_id         TEXT,
    -- The account's follower count when the case was logged: reach at the time of the action.
    follower_count      INTEGER CHECK (follower_count IS NULL OR follower_count >= 0),
    occurred_at         TEXT,
    opened_at           TEXT NOT NULL,
    actioned_at         TEXT,
    appeal_count        INTEGER NOT NULL DEFAULT 0 CHECK (appeal_count >= 0),
    created_by          TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    automated_detection INTEGER NOT NULL DEFAULT 0 CHECK (automated_detection IN (0, 1)),
    automated_decision  TEXT NOT NULL DEFAULT 'not_automated'
                        CHECK (automated_decision IN ('fully', 'partially', 'not_automated')),
    item_type           TEXT CHECK (item_type IS NULL OR length(item_type) >= 1),
    item_id             TEXT CHECK (item_id IS NULL OR length(item_id) >= 1),
    item_posted_at      TEXT
) STRICT;

-- Every row is copied (LEFT JOINs: an action outside the list would fail NOT NULL, never vanish).
WITH legacy (action, kind) AS (
    VALUES ('remove_content', 'content_removed'), ('restrict_visibility', 'content_demoted'),
           ('label', 'content_labelled'), ('geoblock', 'content_disabled'), ('suspend', 'account_suspended'),
           ('disable_account', 'account_terminated'))
INSERT INTO cases_v5 (id, account_id, platform, policy_id, decisions, most_severe, decision_mask, status, source,
                      rationale, external_id, follower_count, occurred_at, opened_at, actioned_at, appeal_count,
                      created_by, created_at, updated_at, automated_detection, automated_decision)
SELECT c.id, c.account_id, c.platform, c.policy_id,
       json_array(CASE c.action
           WHEN 'suspend' THEN 'account_suspended until ' || c.action_ends_at
           WHEN 'geoblock' THEN 'content_disabled in unrecorded'
           ELSE legacy.kind END),
       legacy.kind, 1 << k.bit, c.status, c.source, c.rationale, c.external_id, c.follower_count, c.occurred_at,
       c.opened_at, c.actioned_at, c.appeal_count, c.created_by, c.created_at, c.updated_at, c.automated_detection,
       c.automated_decision
FROM cases c
LEFT JOIN legacy ON legacy.action = c.action
LEFT JOIN decision_kinds k ON k.kind = legacy.kind;

DROP TABLE cases;
ALTER TABLE cases_v5 RENAME TO cases;

CREATE UNIQUE INDEX cases_external_id ON cases (platform, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX cases_account ON cases (account_id, opened_at);
CREATE INDEX cases_policy ON cases (policy_id, opened_at);
CREATE INDEX cases_status ON cases (status, opened_at);
CREATE INDEX cases_platform ON cases (platform, opened_at);
-- Covers every column reports read, so a report scans this narrow index instead of whole case rows.
CREATE INDEX cases_report ON cases
    (opened_at, policy_id, platform, most_severe, decision_mask, source, status, actioned_at, appeal_count, account_id,
     follower_count, automated_detection, automated_decision);

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

-- Each case as it stands now: account, policy, decisions, and the latest status change with its reason.
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

-- One row per decision: what was decided, until when and where (json_each reads the text form).
CREATE VIEW case_decisions AS
SELECT c.id AS case_id, d.key + 1 AS position,
       substr(d.value, 1, instr(d.value || ' ', ' ') - 1) AS kind,
       CASE WHEN instr(d.value, ' until ') > 0 THEN substr(d.value, instr(d.value, ' until ') + 7, 20) END AS ends_at,
       CASE WHEN instr(d.value, ' in ') > 0 THEN substr(d.value, instr(d.value, ' in ') + 4) END AS territories
FROM cases c, json_each(c.decisions) d;

-- Every event with the case it belongs to, named: the audit trail as people search it.
CREATE VIEW case_history AS
SELECT e.case_id, e.seq, e.occurred_at, e.kind, e.from_status, e.to_status, e.actor, e.reason,
       c.platform, a.handle, p.code AS policy, e.recorded_at, e.hash
FROM case_events e
JOIN cases c ON c.id = e.case_id
JOIN accounts a ON a.id = c.account_id
JOIN policies p ON p.id = c.policy_id;
