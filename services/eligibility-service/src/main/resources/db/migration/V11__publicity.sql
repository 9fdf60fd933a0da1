-- The publicity list (公示): a granted or increased cash benefit of a policy with a publicity window, entered in the
-- transaction that decided it; shown from opens_on to the end of closes_on (China's time) while its decision is live.
CREATE TABLE publicity (
    decision_id     uuid PRIMARY KEY REFERENCES decision (decision_id),
    uscc            varchar(18)    NOT NULL,
    enterprise_name text           NOT NULL,
    policy_id       text           NOT NULL,
    policy_version  integer        NOT NULL,
    period          text           NOT NULL,
    amount          numeric(18, 2) NOT NULL CHECK (amount >= 0),
    basis_document  text           NOT NULL,
    basis_article   text           NOT NULL,
    opens_on        date           NOT NULL,
    closes_on       date           NOT NULL CHECK (closes_on >= opens_on),
    entered_at      timestamptz    NOT NULL
);
CREATE INDEX publicity_by_window ON publicity (closes_on, opens_on, policy_id, period);
CREATE INDEX publicity_by_enterprise ON publicity (uscc);
