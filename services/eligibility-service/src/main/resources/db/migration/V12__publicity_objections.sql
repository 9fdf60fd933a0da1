-- Objections by anyone to a published grant during its window (公示期内异议): who objects, how to reach them for the
-- ruling, and why. Read by reviewers only; the public list never shows them.
CREATE TABLE publicity_objection (
    objection_id     uuid PRIMARY KEY,
    decision_id      uuid        NOT NULL REFERENCES publicity (decision_id),
    objector_name    text        NOT NULL,
    objector_contact text        NOT NULL,
    reason           text        NOT NULL,
    raised_at        timestamptz NOT NULL
);
CREATE INDEX publicity_objection_by_decision ON publicity_objection (decision_id, raised_at);
CREATE INDEX publicity_objection_by_contact ON publicity_objection (objector_contact, raised_at);
