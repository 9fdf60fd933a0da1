-- Review of objections during publicity (复核) and what follows it.
-- A published grant becomes final once: when its window closed without an open objection, or when a reviewer rejected
-- the objections after its window. final_on is the day (China's time); finalized_at when the service recorded it.
ALTER TABLE publicity ADD COLUMN final_on date;
ALTER TABLE publicity ADD COLUMN finalized_at timestamptz;
ALTER TABLE publicity ADD COLUMN final_after text CHECK (final_after IN ('WINDOW', 'RULING'));
CREATE INDEX publicity_not_final ON publicity (closes_on) WHERE finalized_at IS NULL;

-- A reviewer's ruling on the open objections to one published grant. UPHELD carries a correction: REVOKE, or ADJUST to
-- amount (less than the grant). Written by the review API with its gov.publicity.ruled.v1 in the outbox.
CREATE TABLE review_ruling (
    ruling_id      uuid PRIMARY KEY,
    decision_id    uuid           NOT NULL REFERENCES publicity (decision_id),
    outcome        text           NOT NULL CHECK (outcome IN ('UPHELD', 'REJECTED')),
    correction     text CHECK (correction IN ('REVOKE', 'ADJUST')),
    amount         numeric(18, 2) CHECK (amount >= 0),
    granted_amount numeric(18, 2) NOT NULL,
    reasons        text           NOT NULL,
    reviewer       text           NOT NULL,
    ruled_at       timestamptz    NOT NULL,
    CHECK ((outcome = 'REJECTED' AND correction IS NULL AND amount IS NULL)
        OR (outcome = 'UPHELD' AND correction = 'REVOKE' AND amount IS NULL)
        OR (outcome = 'UPHELD' AND correction = 'ADJUST' AND amount IS NOT NULL AND amount < granted_amount))
);
CREATE INDEX review_ruling_by_decision ON review_ruling (decision_id, ruled_at);

-- An objection is open until a ruling answers it.
ALTER TABLE publicity_objection ADD COLUMN ruling_id uuid REFERENCES review_ruling (ruling_id);
CREATE INDEX publicity_objection_open ON publicity_objection (raised_at) WHERE ruling_id IS NULL;

-- What an upheld ruling made of an (enterprise, policy, period): it stands while the policy evaluates the enterprise's
-- facts as it did when the ruling took effect (fact_state); a change of facts that changes the evaluation is decided
-- as usual. The latest ruling of a key replaces an earlier one.
CREATE TABLE ruling_override (
    uscc        varchar(18)    NOT NULL,
    policy_id   text           NOT NULL,
    period      text           NOT NULL,
    ruling_id   uuid           NOT NULL REFERENCES review_ruling (ruling_id),
    correction  text           NOT NULL CHECK (correction IN ('REVOKE', 'ADJUST')),
    amount      numeric(18, 2),
    fact_state  text           NOT NULL,
    applied_at  timestamptz    NOT NULL,
    PRIMARY KEY (uscc, policy_id, period)
);

-- Each ruling event is applied once however often it is delivered (its outcome: APPLIED, or MOOT when the grant it
-- ruled on no longer stood).
CREATE TABLE ruling_applied (
    ruling_id  uuid PRIMARY KEY REFERENCES review_ruling (ruling_id),
    effect     text        NOT NULL CHECK (effect IN ('APPLIED', 'MOOT', 'NONE')),
    applied_at timestamptz NOT NULL
);
