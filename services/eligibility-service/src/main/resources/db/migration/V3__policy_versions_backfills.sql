-- Policy versions published through the administration API (the bundled pack is not stored here).
CREATE TABLE policy_version (
    policy_id    text        NOT NULL,
    version      int         NOT NULL,
    file_name    text        NOT NULL,
    yaml         text        NOT NULL,
    published_by text        NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (policy_id, version)
);

-- Re-evaluation of every known enterprise after a version goes live, with its progress.
CREATE TABLE backfill (
    backfill_id uuid        PRIMARY KEY,
    policy_id   text        NOT NULL,
    version     int         NOT NULL,
    total       int         NOT NULL,
    done        int         NOT NULL DEFAULT 0,
    failed      int         NOT NULL DEFAULT 0,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
