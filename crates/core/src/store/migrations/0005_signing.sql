-- Format 5: the signing settings: where signatures say they were made, how to reach the
-- organisation, and the time-stamping authority (empty: none, the app works offline).
-- One row at most; none means every setting is empty.
CREATE TABLE signing_settings (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    location  TEXT NOT NULL DEFAULT '',
    contact   TEXT NOT NULL DEFAULT '',
    tsa_url   TEXT NOT NULL DEFAULT ''
);
