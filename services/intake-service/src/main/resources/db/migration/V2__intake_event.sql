-- Every event accepted over HTTP, by CloudEvents identity: a repeat of (source, id) is accepted once.
-- The row is written in the transaction that waits for Kafka's acknowledgement, so an event is recorded
-- only once it is on its topic.
CREATE TABLE intake_event (
    event_source text        NOT NULL,
    event_id     text        NOT NULL,
    event_type   text        NOT NULL,
    topic        text        NOT NULL,
    uscc         text        NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_source, event_id)
);
