-- Schema v13: strike rules, per policy: an account's standing built up over time.
--
-- A case actioned under a policy with a rule gives the account a strike: as many strikes as the
-- heaviest of its decisions counts (a decision not listed in strike_weights counts 1), active from
-- when the case was actioned for active_days (NULL: for ever), gone when the case is reversed.
-- Standing is derived from the cases' history, never stored, so it can be told as of any time.
-- Thresholds recommend the next decision once the account's active strikes under the policy
-- reach them: a recommendation to the reviewer, never a decision casetool takes.
-- A policy without a rule gives no strikes. The seed catalog ships a rule for each of its policies;
-- `casetool seed` gives it to a policy with no row here, never to one whose team chose none.

CREATE TABLE strike_rules (
    policy_id     INTEGER PRIMARY KEY REFERENCES policies (id),
    -- 0: the team chose no strikes for the policy ('policies strikes CODE --none').
    gives_strikes INTEGER NOT NULL CHECK (gives_strikes IN (0, 1)),
    active_days   INTEGER CHECK (active_days IS NULL OR active_days BETWEEN 1 AND 36500)
) STRICT;

CREATE TABLE strike_weights (
    policy_id INTEGER NOT NULL REFERENCES strike_rules (policy_id),
    decision  TEXT NOT NULL REFERENCES decision_kinds (kind),
    strikes   INTEGER NOT NULL CHECK (strikes BETWEEN 0 AND 100),
    PRIMARY KEY (policy_id, decision)
) STRICT;

CREATE TABLE strike_thresholds (
    policy_id      INTEGER NOT NULL REFERENCES strike_rules (policy_id),
    active_strikes INTEGER NOT NULL CHECK (active_strikes BETWEEN 1 AND 1000),
    recommends     TEXT NOT NULL REFERENCES decision_kinds (kind),
    -- How long the recommended restriction should last; NULL: no end (or none applies).
    for_days       INTEGER CHECK (for_days IS NULL OR for_days BETWEEN 1 AND 36500),
    PRIMARY KEY (policy_id, active_strikes)
) STRICT;

-- An account's actioned cases, by policy: what its standing is read from. Partial, so the many
-- open reports against one account (a spam wave) neither cost a write here nor a read there.
CREATE INDEX cases_actioned_account ON cases (account_id, policy_id, actioned_at) WHERE actioned_at IS NOT NULL;
