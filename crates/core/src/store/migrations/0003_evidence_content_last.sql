-- Format 3: the evidence file's content becomes the last column. SQLite reads a row's
-- columns in order, so columns after a large BLOB made every listing of evidence read
-- (and decrypt) the whole file; now listing reads only the small columns.
CREATE TABLE evidence_v3 (
    id          INTEGER PRIMARY KEY,
    review_id   INTEGER REFERENCES reviews(id),
    input_id    INTEGER REFERENCES inputs(id),
    action_id   INTEGER REFERENCES actions(id),
    file_name   TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    added_by    TEXT NOT NULL,
    content     BLOB NOT NULL
);
INSERT INTO evidence_v3 (id, review_id, input_id, action_id, file_name, media_type, size, sha256, added_at, added_by, content)
    SELECT id, review_id, input_id, action_id, file_name, media_type, size, sha256, added_at, added_by, content FROM evidence;
DROP TABLE evidence;
ALTER TABLE evidence_v3 RENAME TO evidence;
CREATE INDEX evidence_by_review ON evidence(review_id);
