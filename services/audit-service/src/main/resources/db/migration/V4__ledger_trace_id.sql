-- The trace each entry's record was published in (W3C trace id, 32 hex digits), for an operator to follow an event
-- from intake to its ledger entries. Not evidence: outside the entry's hash, null for entries recorded before it.
ALTER TABLE ledger_entry ADD COLUMN trace_id text;
