-- One HTTP submission from a feed (a single event or a JSON/CSV batch) and what became of it.
CREATE TABLE intake_batch (
    batch_id     uuid        PRIMARY KEY,
    feed_source  text        NOT NULL,
    content_type text        NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    accepted     int         NOT NULL DEFAULT 0,
    rejected     int         NOT NULL DEFAULT 0
);
