-- A fact event's data is kept as it was received, for the record; nothing queries inside it (the facts are in
-- their typed tables), so it is stored as json (syntax checked) rather than parsed into jsonb's binary form.
ALTER TABLE fact_event ALTER COLUMN data TYPE json USING data::json;
