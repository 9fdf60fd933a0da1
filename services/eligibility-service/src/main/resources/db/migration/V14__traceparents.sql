-- The W3C traceparent of the fact event that queued an enterprise to be decided, and of what caused each outbox
-- row: decisions are published in the trace of the event that caused them.
ALTER TABLE pending_decision ADD COLUMN traceparent text;
ALTER TABLE outbox ADD COLUMN traceparent text;
