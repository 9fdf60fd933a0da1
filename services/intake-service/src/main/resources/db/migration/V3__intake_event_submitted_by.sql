-- Which feed client (the token's subject) submitted each event; earlier rows did not record it.
ALTER TABLE intake_event ADD COLUMN submitted_by text;
