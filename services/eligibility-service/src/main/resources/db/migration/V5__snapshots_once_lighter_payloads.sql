-- The facts snapshot behind decisions is stored once per re-decision, however many decisions it backs.
CREATE TABLE facts_snapshot (
    snapshot_id uuid        PRIMARY KEY,
    uscc        text        NOT NULL,
    facts       json        NOT NULL,
    taken_at    timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE decision ADD COLUMN snapshot_id uuid;
UPDATE decision SET snapshot_id = gen_random_uuid();
INSERT INTO facts_snapshot (snapshot_id, uscc, facts, taken_at) SELECT snapshot_id, uscc, facts::json, decided_at FROM decision;
ALTER TABLE decision DROP COLUMN facts;
ALTER TABLE decision ALTER COLUMN snapshot_id SET NOT NULL;
ALTER TABLE decision ADD CONSTRAINT decision_snapshot FOREIGN KEY (snapshot_id) REFERENCES facts_snapshot;

-- Events are kept as written (json checks the syntax without building jsonb's binary form, about twice as
-- fast to write); the outbox only relays its payload, as text.
ALTER TABLE decision ALTER COLUMN event TYPE json USING event::json;
ALTER TABLE outbox ALTER COLUMN event TYPE text USING event::text;
