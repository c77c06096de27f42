-- Who received an approved version of the minutes, when and how (7.5.3: distribution of
-- documented information). The readiness check wants every attendee to have it within 10
-- working days of the approval.
CREATE TABLE minutes_distributions (
    id           INTEGER PRIMARY KEY,
    revision_id  INTEGER NOT NULL REFERENCES minutes_revisions(id),
    person_id    INTEGER NOT NULL REFERENCES people(id),
    sent_on      TEXT NOT NULL CHECK (sent_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    method       TEXT NOT NULL CHECK (method IN ('email', 'shared_folder', 'printed', 'in_person')),
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    UNIQUE (revision_id, person_id)
);
CREATE INDEX minutes_distributions_by_person ON minutes_distributions(person_id);

-- What a member of top management delegated to the person who attended for them (who
-- delegated is the invitee; for what is this text).
ALTER TABLE invitees ADD COLUMN delegation TEXT;

-- A resource the input shows to be lacking (people, budget, tools), as the presenter put
-- it: the check wants a decision on resources beside it.
ALTER TABLE inputs ADD COLUMN resource_need TEXT;

-- The day a KPI's value was measured: the check wants it inside the review's period.
ALTER TABLE kpis ADD COLUMN measured_on TEXT CHECK (measured_on IS NULL OR measured_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
