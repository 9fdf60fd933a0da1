-- Enterprises whose facts changed and who are still to be re-decided, one row per change, written in the
-- same transaction as the facts (appended only, so a listener never waits for a decider). Deciders take the
-- oldest rows with every other row of the same enterprises (FOR UPDATE SKIP LOCKED) and delete them in the
-- transaction that writes the decisions: nothing is lost, and while deciders are behind, an enterprise's
-- changes wait together and it is decided once for all of them.
CREATE TABLE pending_decision (
    seq         bigserial   PRIMARY KEY,
    uscc        text        NOT NULL,
    fact_groups text[]      NOT NULL,
    queued_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- a failed attempt is retried later, alone, without holding up the others
    attempts    int         NOT NULL DEFAULT 0,
    not_before  timestamptz NOT NULL DEFAULT '-infinity',
    last_error  text
);

CREATE INDEX pending_decision_by_enterprise ON pending_decision (uscc);
