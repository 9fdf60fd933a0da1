-- Notices of a reviewer's ruling on objections during publicity (gov.publicity.ruled.v1): to the enterprise (RULING,
-- through its channels) and to each public objector who gave an e-mail address (RULING_TO_OBJECTOR, by e-mail to
-- that address). decision_id holds the ruling's id, and for an objector's notice a name-based UUID of the ruling's and the objection's.
ALTER TABLE notice ADD COLUMN address text;
ALTER TABLE notice DROP CONSTRAINT notice_kind_check;
ALTER TABLE notice ADD CONSTRAINT notice_kind_check
    CHECK (kind IN ('GRANTED', 'ADJUSTED', 'REVOKED', 'QUEUED', 'QUEUE_LEFT', 'RULING', 'RULING_TO_OBJECTOR'));
ALTER TABLE notice ADD CONSTRAINT notice_address_only_for_objectors CHECK (address IS NULL OR kind = 'RULING_TO_OBJECTOR');
