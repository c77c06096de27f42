-- The organisation's registers the review reads (risks, incidents, internal audit findings,
-- supplier reviews). Each import is a dated snapshot of the whole register that never
-- changes: the review as approved keeps the extract it saw, and a re-import adds a snapshot.
CREATE TABLE register_snapshots (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('risks', 'incidents', 'audit_findings', 'suppliers')),
    -- The day the register was extracted from its source: what "as at" compares with.
    taken_on       TEXT NOT NULL CHECK (taken_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    imported_at    TEXT NOT NULL,
    imported_by    TEXT NOT NULL,
    source_name    TEXT NOT NULL,
    source_sha256  TEXT NOT NULL CHECK (length(source_sha256) = 64),
    row_count      INTEGER NOT NULL CHECK (row_count >= 0)
);
CREATE INDEX register_snapshots_by_kind ON register_snapshots(kind, taken_on, id);

-- One row of a snapshot: its register ID and its fields (JSON object, field → text as
-- validated at import: ISO dates, levels and states in lower case).
CREATE TABLE register_rows (
    snapshot_id  INTEGER NOT NULL REFERENCES register_snapshots(id),
    row_no       INTEGER NOT NULL,
    item_id      TEXT NOT NULL,
    fields       TEXT NOT NULL CHECK (json_valid(fields)),
    PRIMARY KEY (snapshot_id, row_no),
    UNIQUE (snapshot_id, item_id)
);

CREATE TRIGGER register_snapshots_frozen_update BEFORE UPDATE ON register_snapshots
BEGIN
    SELECT RAISE(ABORT, 'a register snapshot never changes; import the register again');
END;
CREATE TRIGGER register_snapshots_frozen_delete BEFORE DELETE ON register_snapshots
BEGIN
    SELECT RAISE(ABORT, 'a register snapshot is kept: reviews and their approved minutes refer to it');
END;
CREATE TRIGGER register_rows_frozen_update BEFORE UPDATE ON register_rows
BEGIN
    SELECT RAISE(ABORT, 'a register snapshot never changes; import the register again');
END;
CREATE TRIGGER register_rows_frozen_delete BEFORE DELETE ON register_rows
BEGIN
    SELECT RAISE(ABORT, 'a register snapshot is kept: reviews and their approved minutes refer to it');
END;

-- The column mapping the user confirmed for a source (a register kind and the source's
-- column headers), so the next import of the same file layout needs no questions.
CREATE TABLE register_mappings (
    kind        TEXT NOT NULL,
    headers     TEXT NOT NULL,
    mapping     TEXT NOT NULL CHECK (json_valid(mapping)),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (kind, headers)
);

-- The level of residual risk the organisation accepts: risks above it are "above appetite".
ALTER TABLE organisation ADD COLUMN risk_appetite TEXT NOT NULL DEFAULT 'medium' CHECK (risk_appetite IN ('low', 'medium', 'high', 'critical'));
