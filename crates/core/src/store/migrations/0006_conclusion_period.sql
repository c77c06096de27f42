-- Format 6: the review board, the measured value of an objective's result (below); the review's conclusion on the ISMS (clause 9.3.1: is it still suitable,
-- adequate and effective, each with its rationale), and the period a review covers when
-- it is not the default (from the previous review of the same scope to this meeting).
CREATE TABLE review_conclusions (
    review_id           INTEGER PRIMARY KEY REFERENCES reviews(id),
    suitable            TEXT NOT NULL CHECK (suitable IN ('yes', 'yes_with_changes', 'no')),
    suitable_rationale  TEXT NOT NULL CHECK (length(trim(suitable_rationale)) > 0),
    adequate            TEXT NOT NULL CHECK (adequate IN ('yes', 'yes_with_changes', 'no')),
    adequate_rationale  TEXT NOT NULL CHECK (length(trim(adequate_rationale)) > 0),
    effective           TEXT NOT NULL CHECK (effective IN ('yes', 'yes_with_changes', 'no')),
    effective_rationale TEXT NOT NULL CHECK (length(trim(effective_rationale)) > 0),
    recorded_at         TEXT NOT NULL,
    recorded_by         TEXT NOT NULL
);

ALTER TABLE reviews ADD COLUMN period_from TEXT;
ALTER TABLE reviews ADD COLUMN period_to TEXT;
ALTER TABLE reviews ADD COLUMN period_reason TEXT;

-- An input that calls for no change: why (the outcome an input without a decision or an
-- action must have).
ALTER TABLE inputs ADD COLUMN no_change_reason TEXT;

-- What was measured for an objective at a review, beside the verdict ("median 9 days").
ALTER TABLE objective_results ADD COLUMN measured TEXT;

-- Input a) finds the actions closed since the previous review by their closing instant.
CREATE INDEX actions_by_closed_at ON actions(closed_at);

-- The organisation's review board: who every new review invites, in what role.
CREATE TABLE review_board (
    person_id INTEGER PRIMARY KEY REFERENCES people(id),
    role      TEXT NOT NULL CHECK (role IN ('chair', 'top_management', 'isms_lead', 'minute_taker', 'department_head', 'internal_audit', 'risk_owner', 'dpo', 'it_security_operations', 'guest')),
    required  INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0, 1))
);
