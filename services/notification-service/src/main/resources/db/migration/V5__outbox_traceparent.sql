-- The W3C traceparent of what caused each notice event: the relay publishes the event in that trace.
ALTER TABLE outbox ADD COLUMN traceparent text;
-- The trace of the decision a notice tells: its e-mail or webhook attempts, made later, join it.
ALTER TABLE notice ADD COLUMN traceparent text;
