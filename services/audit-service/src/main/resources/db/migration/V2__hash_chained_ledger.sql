-- The first ledger table held no rows; the ledger now keeps the event as received (canonical JSON) with
-- the columns auditors search by, each derived from the event and checked against it by verification.
DROP TABLE ledger_entry;

CREATE TABLE ledger_entry (
    sequence_no         bigint        PRIMARY KEY,
    event_source        text          NOT NULL,
    event_id            text          NOT NULL,
    event_type          text          NOT NULL,
    uscc                text          NOT NULL,
    occurred_at         timestamptz   NOT NULL,
    decision_id         text,
    related_decision_id text,
    policy_id           text,
    period              text,
    enterprise_name     text,
    amount              numeric(18,2),
    previous_amount     numeric(18,2),
    recover_amount      numeric(18,2),
    reason              text,
    notice_id           text,
    channel             text,
    event               text          NOT NULL,
    previous_hash       char(64)      NOT NULL,
    entry_hash          char(64)      NOT NULL,
    recorded_at         timestamptz   NOT NULL,
    UNIQUE (event_source, event_id)
);
CREATE INDEX ledger_by_enterprise ON ledger_entry (uscc, occurred_at, sequence_no);
CREATE INDEX ledger_by_time ON ledger_entry (occurred_at, sequence_no);
CREATE INDEX ledger_by_policy ON ledger_entry (policy_id, period, occurred_at, sequence_no);
CREATE INDEX ledger_by_decision ON ledger_entry (decision_id);

-- Totals per policy and period, kept with every append (the ledger only grows, so they only add up).
CREATE TABLE ledger_totals (
    policy_id text          NOT NULL,
    period    text          NOT NULL,
    decisions bigint        NOT NULL,
    granted   numeric(20,2) NOT NULL,
    adjusted  numeric(20,2) NOT NULL,
    revoked   numeric(20,2) NOT NULL,
    PRIMARY KEY (policy_id, period)
);

-- The last entry a verification found intact: the next one starts after it.
CREATE TABLE ledger_checkpoint (
    sequence_no bigint      PRIMARY KEY,
    entry_hash  char(64)    NOT NULL,
    verified_at timestamptz NOT NULL
);

CREATE TABLE verification (
    verification_id bigserial   PRIMARY KEY,
    verified_at     timestamptz NOT NULL,
    from_sequence   bigint      NOT NULL,
    to_sequence     bigint      NOT NULL,
    entries         bigint      NOT NULL,
    intact          boolean     NOT NULL,
    first_broken    bigint,
    detail          text
);

-- Who looked: every auditor query, with its filter and how many rows it returned.
CREATE TABLE auditor_query (
    query_id      bigserial   PRIMARY KEY,
    subject       text        NOT NULL,
    query         text        NOT NULL,
    filter        text        NOT NULL,
    rows_returned bigint      NOT NULL,
    queried_at    timestamptz NOT NULL
);

-- Append-only: no UPDATE, DELETE or TRUNCATE of the ledger but by a superuser (who is then caught by verification).
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RAISE EXCEPTION 'the ledger is append-only: % refused for role %', TG_OP, current_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ledger_entry FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger_entry FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- The role the application works as (it SETs it on every connection): it may read and append, nothing more.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'audit_app') THEN
        CREATE ROLE audit_app NOLOGIN;
    END IF;
END $$;
GRANT audit_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO audit_app;
GRANT SELECT, INSERT ON ledger_entry TO audit_app;
GRANT SELECT, INSERT, UPDATE ON ledger_totals TO audit_app;
GRANT SELECT, INSERT ON ledger_checkpoint TO audit_app;
GRANT SELECT, INSERT ON verification, auditor_query TO audit_app;
GRANT USAGE ON SEQUENCE verification_verification_id_seq, auditor_query_query_id_seq TO audit_app;
GRANT SELECT ON flyway_schema_history TO audit_app;
