-- Every accepted fact event, once per (source, id): the CloudEvents identity of a fact.
CREATE TABLE fact_event (
    event_source    text        NOT NULL,
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,
    uscc            text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    data            jsonb       NOT NULL,
    kafka_topic     text        NOT NULL,
    kafka_partition int         NOT NULL,
    kafka_offset    bigint      NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_source, event_id)
);

CREATE INDEX fact_event_by_enterprise ON fact_event (uscc, event_type);
