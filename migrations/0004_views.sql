-- Schema v4: read-only views for people who open the file with sqlite3 or Datasette, so the
-- common questions need no joins. Views store nothing: the tables stay the record, and casetool
-- never reads through these views.

-- Each case as it stands now: account, policy, decision, and the latest status change with its reason.
CREATE VIEW cases_current AS
SELECT c.id AS case_id, c.platform, a.handle, a.display_name, a.account_type, a.unnamed AS account_unnamed,
       c.follower_count, p.code AS policy, p.name AS policy_name, p.dsa_category,
       c.action, c.action_ends_at, c.status, c.source, c.automated_detection, c.automated_decision,
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
       c.platform, a.handle, p.code AS policy, e.recorded_at, e.hash
FROM case_events e
JOIN cases c ON c.id = e.case_id
JOIN accounts a ON a.id = c.account_id
JOIN policies p ON p.id = c.policy_id;
