-- Decision events (about 3 to 4 kB with their explanation) are stored without pglz compression, in the decision
-- table and in the outbox (which only relays them): measured at 40,000 fact events, compressing cost a quarter of
-- the time of writing decisions and a third of writing the outbox (this PostgreSQL has no lz4). The decision
-- table takes more disk space for it (its events are kept as written).
ALTER TABLE decision ALTER COLUMN event SET STORAGE EXTERNAL;
ALTER TABLE outbox ALTER COLUMN event SET STORAGE EXTERNAL;
