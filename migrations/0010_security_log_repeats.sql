-- Schema v10: a refusal repeated within an hour is one security-log entry with a count.
--
-- Refusals (a failed sign-in, a refused token, a permission refused) are written for requests
-- anyone can send: one row each would let an unauthenticated client grow the append-only log
-- without bound. The same refusal (kind, person, channel and detail alike) within an hour of an
-- entry now counts on that entry: `repeats` grows by one and `last_at` moves forward. That is the
-- only change an entry allows; every other column stays as written, and nothing is deleted.

ALTER TABLE security_log ADD COLUMN repeats INTEGER NOT NULL DEFAULT 1 CHECK (repeats >= 1);
ALTER TABLE security_log ADD COLUMN last_at TEXT;

DROP TRIGGER security_log_no_update;

CREATE TRIGGER security_log_no_update
BEFORE UPDATE ON security_log
WHEN NOT (OLD.kind IN ('sign_in_failed', 'token_refused', 'permission_refused')
          AND NEW.repeats = OLD.repeats + 1
          AND NEW.last_at IS NOT NULL AND NEW.last_at >= coalesce(OLD.last_at, OLD.occurred_at)
          AND NEW.id = OLD.id AND NEW.occurred_at = OLD.occurred_at AND NEW.kind = OLD.kind
          AND NEW.person IS OLD.person AND NEW.actor = OLD.actor AND NEW.channel = OLD.channel
          AND NEW.detail IS OLD.detail)
BEGIN
    SELECT RAISE(ABORT, 'security_log is append-only: entries cannot be changed (a repeated refusal only counts up)');
END;
