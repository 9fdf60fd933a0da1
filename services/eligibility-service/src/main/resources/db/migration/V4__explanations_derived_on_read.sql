-- An evaluation's explanation is no longer stored with it: it is derived again when read, from the
-- policy version that evaluated it and the enterprise's facts (which, for the facts that policy reads,
-- are the ones it was evaluated on: any change to them re-evaluates it). Decisions keep theirs in the event.
ALTER TABLE evaluation DROP COLUMN explanation;
