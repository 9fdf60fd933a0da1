-- The application connects as its own login role, audit_app, which owns nothing: it may read and append to the
-- ledger, not alter a table, not turn a trigger off, and it is no member of the owner's role (no SET ROLE back).
-- Flyway migrates as the owner on a connection of its own. When the owner may manage roles (the local stack, the
-- tests), this sets audit_app's password; otherwise the database administrator gives it LOGIN and a password.
DO $$
BEGIN
    IF '${app_password}' <> '' AND (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('ALTER ROLE audit_app WITH LOGIN NOINHERIT PASSWORD %L', '${app_password}');
    END IF;
END $$;

-- A checkpoint is signed by the verifier (Ed25519) over its sequence number, entry hash, the running digest of every
-- entry up to it (each entry's searchable columns, hashes and event) and its time: a row written by anyone without
-- the signing key is not a checkpoint. Checkpoints written before signing existed are ignored.
ALTER TABLE ledger_checkpoint ADD COLUMN digest char(64);
ALTER TABLE ledger_checkpoint ADD COLUMN signature text;
