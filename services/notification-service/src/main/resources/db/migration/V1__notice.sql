-- A notice of one decision through one channel; the enterprise inbox reads the INBOX ones.
CREATE TABLE notice (
    notice_id    uuid        PRIMARY KEY,
    decision_id  text        NOT NULL,
    uscc         text        NOT NULL,
    channel      text        NOT NULL CHECK (channel IN ('INBOX', 'EMAIL', 'WEBHOOK')),
    status       text        NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    title        text        NOT NULL,
    body         text        NOT NULL,
    attempts     int         NOT NULL DEFAULT 0,
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    UNIQUE (decision_id, channel)
);

CREATE INDEX notice_by_enterprise ON notice (uscc, created_at DESC);

-- Consumed events by CloudEvents identity, so that a redelivered decision makes no second notice.
CREATE TABLE processed_event (
    event_source text        NOT NULL,
    event_id     text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_source, event_id)
);
