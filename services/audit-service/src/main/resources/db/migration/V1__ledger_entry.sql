-- The tamper-evident ledger: each entry's hash covers its content and the previous entry's hash.
CREATE TABLE ledger_entry (
    sequence_no   bigint      PRIMARY KEY,
    event_source  text        NOT NULL,
    event_id      text        NOT NULL,
    event_type    text        NOT NULL,
    uscc          text        NOT NULL,
    payload       jsonb       NOT NULL,
    previous_hash char(64)    NOT NULL,
    entry_hash    char(64)    NOT NULL UNIQUE,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (event_source, event_id)
);

CREATE INDEX ledger_entry_by_enterprise ON ledger_entry (uscc, sequence_no);
