-- The first notice table held no rows; notices now carry both languages, a deadline for objections and
-- their delivery state.
DROP TABLE notice;

-- How to reach each enterprise, from enterprise.registry.v1 (the latest event by its own time wins).
CREATE TABLE contact (
    uscc         text        PRIMARY KEY,
    email        text,
    mobile       text,
    webhook_url  text,
    event_source text        NOT NULL,
    event_id     text        NOT NULL,
    event_time   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- The key an enterprise verifies webhook signatures with; rotated through the API.
CREATE TABLE webhook_secret (
    uscc       text        PRIMARY KEY,
    secret     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- What a decision granted, so that a later revocation or adjustment can name the policy and article.
CREATE TABLE decision_seen (
    decision_id     text          PRIMARY KEY,
    uscc            text          NOT NULL,
    enterprise_name text,
    policy_id    text          NOT NULL,
    policy_title text,
    document     text,
    article      text,
    period       text          NOT NULL,
    benefit_kind text,
    amount       numeric(18,2)
);

-- A notice of one decision through one channel; the enterprise's inbox shows the INBOX ones.
CREATE TABLE notice (
    notice_id          uuid          PRIMARY KEY,
    decision_id        text          NOT NULL,
    uscc               text          NOT NULL,
    channel            text          NOT NULL CHECK (channel IN ('INBOX', 'EMAIL', 'WEBHOOK')),
    kind               text          NOT NULL CHECK (kind IN ('GRANTED', 'ADJUSTED', 'REVOKED')),
    policy_id          text          NOT NULL,
    period             text          NOT NULL,
    amount             numeric(18,2),
    recover_amount     numeric(18,2),
    title_zh           text          NOT NULL,
    title_en           text          NOT NULL,
    body_zh            text          NOT NULL,
    body_en            text          NOT NULL,
    objection_deadline date          NOT NULL,
    status             text          NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts           int           NOT NULL DEFAULT 0,
    next_attempt_at    timestamptz   NOT NULL DEFAULT now(),
    last_error         text,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    delivered_at       timestamptz,
    read_at            timestamptz,
    UNIQUE (decision_id, channel)
);
CREATE INDEX notice_inbox ON notice (uscc, (read_at IS NULL) DESC, created_at DESC) WHERE channel = 'INBOX';
CREATE INDEX notice_due ON notice (next_attempt_at) WHERE status = 'PENDING';

-- Every delivery attempt, successful or not.
CREATE TABLE delivery_attempt (
    notice_id    uuid        NOT NULL REFERENCES notice,
    attempt      int         NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    succeeded    boolean     NOT NULL,
    error        text,
    PRIMARY KEY (notice_id, attempt)
);

-- 异议: an enterprise's objection to a decision, raised on its inbox notice before the deadline.
CREATE TABLE objection (
    objection_id uuid        PRIMARY KEY,
    notice_id    uuid        NOT NULL REFERENCES notice,
    decision_id  text        NOT NULL,
    uscc         text        NOT NULL,
    text         text        NOT NULL,
    raised_at    timestamptz NOT NULL
);
CREATE INDEX objection_by_enterprise ON objection (uscc, raised_at DESC);

-- Notice events waiting to be published to notices.v1, written in the same transaction as the change.
CREATE TABLE outbox (
    position     bigserial   PRIMARY KEY,
    topic        text        NOT NULL,
    record_key   text        NOT NULL,
    event_id     text        NOT NULL UNIQUE,
    event        text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (position) WHERE published_at IS NULL;
