-- Facts by kind. Each row keeps the event that set it (source, id, time) and when it was received.
-- Every table is written order-independently: the same events in any order give the same rows.

CREATE TABLE enterprise_profile (
    event_source   text        NOT NULL,
    event_id       text        NOT NULL,
    uscc           text        NOT NULL,
    as_of          date        NOT NULL,
    event_time     timestamptz NOT NULL,
    name           text        NOT NULL,
    region         text        NOT NULL,
    industry       text        NOT NULL,
    size_class     text        NOT NULL,
    established_on date        NOT NULL,
    contact        jsonb,
    received_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_source, event_id)
);
CREATE INDEX enterprise_profile_by_uscc ON enterprise_profile (uscc, event_time);

CREATE TABLE tax_filing (
    event_source     text          NOT NULL,
    event_id         text          NOT NULL,
    uscc             text          NOT NULL,
    fiscal_year      int           NOT NULL,
    filing_id        text          NOT NULL,
    amends_filing_id text,
    filed_on         date          NOT NULL,
    revenue          numeric(18,2) NOT NULL,
    rd_expense       numeric(18,2) NOT NULL,
    taxable_income   numeric(18,2) NOT NULL,
    employees        int           NOT NULL,
    event_time       timestamptz   NOT NULL,
    received_at      timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (event_source, event_id)
);
CREATE INDEX tax_filing_by_uscc ON tax_filing (uscc, fiscal_year);

CREATE TABLE credit_rating (
    event_source text        NOT NULL,
    event_id     text        NOT NULL,
    uscc         text        NOT NULL,
    year         int         NOT NULL,
    rating       text        NOT NULL,
    event_time   timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_source, event_id)
);
CREATE INDEX credit_rating_by_uscc ON credit_rating (uscc, year);

CREATE TABLE certificate_grant (
    event_source   text        NOT NULL,
    event_id       text        NOT NULL,
    uscc           text        NOT NULL,
    kind           text        NOT NULL,
    certificate_no text        NOT NULL,
    issued_on      date        NOT NULL,
    valid_until    date        NOT NULL,
    event_time     timestamptz NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_source, event_id)
);
CREATE INDEX certificate_grant_by_uscc ON certificate_grant (uscc, kind, certificate_no);

-- Kept apart from the grant, so that a revocation that arrives first is not lost.
CREATE TABLE certificate_revocation (
    event_source   text        NOT NULL,
    event_id       text        NOT NULL,
    uscc           text        NOT NULL,
    kind           text        NOT NULL,
    certificate_no text        NOT NULL,
    revoked_on     date        NOT NULL,
    reason         text        NOT NULL,
    event_time     timestamptz NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_source, event_id)
);
CREATE INDEX certificate_revocation_by_uscc ON certificate_revocation (uscc, kind, certificate_no);

CREATE TABLE dishonesty_listing (
    event_source text        NOT NULL,
    event_id     text        NOT NULL,
    uscc         text        NOT NULL,
    listed_on    date        NOT NULL,
    delisted_on  date,
    event_time   timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_source, event_id)
);
CREATE INDEX dishonesty_listing_by_uscc ON dishonesty_listing (uscc, listed_on);

CREATE TABLE deregistration (
    event_source    text        NOT NULL,
    event_id        text        NOT NULL,
    uscc            text        NOT NULL,
    deregistered_on date        NOT NULL,
    event_time      timestamptz NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_source, event_id)
);
CREATE INDEX deregistration_by_uscc ON deregistration (uscc);

-- The latest evaluation of every (enterprise, policy, period), whatever its outcome: UNDETERMINED is readable.
CREATE TABLE evaluation (
    uscc           text          NOT NULL,
    policy_id      text          NOT NULL,
    period         text          NOT NULL,
    policy_version int           NOT NULL,
    outcome        text          NOT NULL CHECK (outcome IN ('ELIGIBLE', 'INELIGIBLE', 'UNDETERMINED')),
    amount         numeric(18,2),
    standing       text          NOT NULL,
    standing_note  text,
    fingerprint    text          NOT NULL,
    explanation    jsonb         NOT NULL,
    evaluated_at   timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (uscc, policy_id, period)
);

-- Every decision event ever made; at most one live decision per (enterprise, policy, period).
CREATE TABLE decision (
    decision_id    uuid          PRIMARY KEY,
    uscc           text          NOT NULL,
    policy_id      text          NOT NULL,
    period         text          NOT NULL,
    policy_version int           NOT NULL,
    kind           text          NOT NULL CHECK (kind IN ('GRANTED', 'ADJUSTED', 'REVOKED')),
    amount         numeric(18,2),
    recover_amount numeric(18,2),
    refers_to      uuid,
    reason         text,
    live           boolean       NOT NULL,
    event          jsonb         NOT NULL,
    facts          jsonb         NOT NULL,
    decided_at     timestamptz   NOT NULL
);
CREATE UNIQUE INDEX decision_one_live ON decision (uscc, policy_id, period) WHERE live;
CREATE INDEX decision_by_enterprise ON decision (uscc, policy_id, period, decided_at);

-- Budgets of policies that have one: granted never exceeds total, decisions beyond it wait in order.
CREATE TABLE budget (
    policy_id text          NOT NULL,
    period    text          NOT NULL,
    total     numeric(18,2) NOT NULL,
    granted   numeric(18,2) NOT NULL DEFAULT 0 CHECK (granted <= total),
    PRIMARY KEY (policy_id, period)
);

CREATE TABLE budget_queue (
    position  bigserial     PRIMARY KEY,
    policy_id text          NOT NULL,
    period    text          NOT NULL,
    uscc      text          NOT NULL,
    queued_at timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (policy_id, period, uscc)
);

-- Decision events waiting to be published, written in the same transaction as the decision.
CREATE TABLE outbox (
    position     bigserial   PRIMARY KEY,
    topic        text        NOT NULL,
    record_key   text        NOT NULL,
    event_id     text        NOT NULL UNIQUE,
    event        jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (position) WHERE published_at IS NULL;
