-- Schema v3: what transparency reports count beyond v2 ('casetool report').
--
-- Whether automation detected the violation and whether it decided the action: published reports
-- (the DSA's, Meta's, the Santa Clara Principles) give both. Detection is automated for source
-- 'automated', and for a DSA statement that says so whatever its source; the decision is automated
-- fully, partially or not at all, as a statement says or as `casetool new` was told (default: not).
ALTER TABLE cases ADD COLUMN automated_detection INTEGER NOT NULL DEFAULT 0
    CHECK (automated_detection IN (0, 1));
ALTER TABLE cases ADD COLUMN automated_decision TEXT NOT NULL DEFAULT 'not_automated'
    CHECK (automated_decision IN ('fully', 'partially', 'not_automated'));

UPDATE cases SET automated_detection = 1 WHERE source = 'automated';

-- Cases imported from statements of reasons before v3: the statement is in the creation event.
UPDATE cases SET
    automated_detection = CASE WHEN statements.detection = 'Yes' THEN 1 ELSE cases.automated_detection END,
    automated_decision = CASE statements.decision
        WHEN 'AUTOMATED_DECISION_FULLY' THEN 'fully'
        WHEN 'AUTOMATED_DECISION_PARTIALLY' THEN 'partially'
        ELSE 'not_automated' END
FROM (
    SELECT case_id,
           json_extract(payload, '$.statement.automated_detection') AS detection,
           json_extract(payload, '$.statement.automated_decision') AS decision
    FROM case_events
    WHERE seq = 1 AND kind = 'created' AND json_extract(payload, '$.statement') IS NOT NULL
) AS statements
WHERE statements.case_id = cases.id;

-- An account that stands for accounts its source did not name (a DSA statement names none, so
-- imported statements share one account per platform and account type). Reports count its cases as
-- content items but never it as an account: not in distinct accounts, reach or repeat offenders.
ALTER TABLE accounts ADD COLUMN unnamed INTEGER NOT NULL DEFAULT 0 CHECK (unnamed IN (0, 1));
UPDATE accounts SET unnamed = 1 WHERE handle LIKE 'dsa-sor:%';
CREATE INDEX accounts_unnamed ON accounts (id) WHERE unnamed = 1;

-- The report reads only this index: rebuilt with the automation columns.
DROP INDEX cases_report;
CREATE INDEX cases_report ON cases
    (opened_at, policy_id, platform, action, source, status, actioned_at, appeal_count, account_id, follower_count,
     automated_detection, automated_decision);

-- Appeals and their decisions, for the time from an appeal to its decision, without reading every event.
CREATE INDEX case_events_appeals ON case_events (case_id, seq, from_status, to_status, occurred_at)
    WHERE kind = 'transition' AND (to_status = 'appealed' OR from_status = 'appealed');
