-- Entries to and exits from a budget's queue are published (gov.benefit.queued.v1 / gov.benefit.queue-left.v1):
-- an entry keeps the id it was announced with, so that its exit names it. The queue is read in order per budget.
ALTER TABLE budget_queue ADD COLUMN queued_decision_id uuid;
CREATE INDEX budget_queue_order ON budget_queue (policy_id, period, position);
