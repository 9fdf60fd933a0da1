-- Objections to a published grant during its window (公示期内异议): by anyone (PUBLIC: who objects and how to reach
-- them for the ruling) or by the enterprise itself, through its notice (ENTERPRISE: the notification service's
-- gov.notice.objection-raised.v1; it is told the ruling in its inbox). Read by reviewers only; the public list never
-- shows them.
CREATE TABLE publicity_objection (
    objection_id     uuid PRIMARY KEY,
    decision_id      uuid        NOT NULL REFERENCES publicity (decision_id),
    objector_kind    text        NOT NULL CHECK (objector_kind IN ('PUBLIC', 'ENTERPRISE')),
    objector_name    text        NOT NULL,
    objector_contact text CHECK (objector_kind = 'ENTERPRISE' OR objector_contact IS NOT NULL),
    reason           text        NOT NULL,
    raised_at        timestamptz NOT NULL
);
CREATE INDEX publicity_objection_by_decision ON publicity_objection (decision_id, raised_at);
CREATE INDEX publicity_objection_by_contact ON publicity_objection (objector_contact, raised_at);
