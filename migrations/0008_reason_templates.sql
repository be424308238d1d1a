-- Schema v8: saved reasons. Moderators type the same reasons again and again ("Bulk posting of
-- identical links"); a template is one of them, saved under a short name, for one policy or for
-- all (policy_id NULL). Using one copies its text into the event's reason, so history keeps the
-- words as they were when the decision was made, whatever becomes of the template later.

CREATE TABLE reason_templates (
    id         INTEGER PRIMARY KEY,
    policy_id  INTEGER REFERENCES policies (id),
    name       TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 64),
    text       TEXT NOT NULL CHECK (length(text) >= 1),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- One template of a name per policy, and one of a name for all policies.
CREATE UNIQUE INDEX reason_templates_name ON reason_templates (coalesce(policy_id, 0), name);
