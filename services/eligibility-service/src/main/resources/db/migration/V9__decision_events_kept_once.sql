-- A decision's event was stored twice: in the decision row and in the outbox. The outbox keeps every event
-- it has published (its rows are never pruned), so the decision row no longer copies it; reads join the
-- outbox on the event id (= decision id).
ALTER TABLE decision DROP COLUMN event;

-- Nothing reads the fact event log by enterprise: the index only cost an insert per fact event.
DROP INDEX fact_event_by_enterprise;
