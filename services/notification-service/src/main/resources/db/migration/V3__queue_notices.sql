-- Notices also tell an enterprise that its eligible decision waits in a budget's queue, and that it left the queue
-- without being granted (gov.benefit.queued.v1, gov.benefit.queue-left.v1).
ALTER TABLE notice DROP CONSTRAINT notice_kind_check;
ALTER TABLE notice ADD CONSTRAINT notice_kind_check CHECK (kind IN ('GRANTED', 'ADJUSTED', 'REVOKED', 'QUEUED', 'QUEUE_LEFT'));
