-- Quorum store, format 1: the whole domain of a clause 9.3 management review.
-- Dates are ISO 8601 text: 'YYYY-MM-DD' for days, RFC 3339 UTC for instants, and
-- 'YYYY-MM-DDTHH:MM' local wall time plus an IANA zone for meetings.

CREATE TABLE organisation (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    name             TEXT NOT NULL CHECK (length(trim(name)) > 0),
    time_zone        TEXT NOT NULL DEFAULT 'UTC',
    retention_years  INTEGER NOT NULL DEFAULT 3 CHECK (retention_years >= 3),
    classification   TEXT NOT NULL DEFAULT 'Confidential',
    document_prefix  TEXT NOT NULL DEFAULT 'ISMS-MR',
    -- quorum rule: the chair present, at least N top management members present in
    -- person, and at least N members present (in person or by delegate)
    quorum_requires_chair   INTEGER NOT NULL DEFAULT 1 CHECK (quorum_requires_chair IN (0, 1)),
    quorum_min_top_management INTEGER NOT NULL DEFAULT 1 CHECK (quorum_min_top_management >= 0),
    quorum_min_members      INTEGER NOT NULL DEFAULT 3 CHECK (quorum_min_members >= 0),
    working_days     TEXT NOT NULL DEFAULT 'mon,tue,wed,thu,fri',
    review_cadence_months INTEGER NOT NULL DEFAULT 12 CHECK (review_cadence_months BETWEEN 1 AND 12),
    isms_lead_id     INTEGER REFERENCES people(id),
    created_at       TEXT NOT NULL
);

CREATE TABLE holidays (
    day   TEXT PRIMARY KEY,
    name  TEXT NOT NULL
);

CREATE TABLE people (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL CHECK (length(trim(name)) > 0),
    email            TEXT,
    job_title        TEXT,
    department       TEXT,
    line_manager_id  INTEGER REFERENCES people(id),
    is_top_management INTEGER NOT NULL DEFAULT 0 CHECK (is_top_management IN (0, 1)),
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

-- The escalation path for overdue or stalled actions, one level at a time. A level with
-- no person means "the owner's line manager".
CREATE TABLE escalation_levels (
    level      INTEGER PRIMARY KEY CHECK (level >= 1),
    name       TEXT NOT NULL,
    person_id  INTEGER REFERENCES people(id)
);

-- Never-reused reference numbers (MR-YYYY-NN, ACT-YYYY-NNN): the counter only goes up.
CREATE TABLE sequences (
    name  TEXT NOT NULL,
    year  INTEGER NOT NULL,
    last  INTEGER NOT NULL,
    PRIMARY KEY (name, year)
);

CREATE TABLE reviews (
    id                  INTEGER PRIMARY KEY,
    reference           TEXT NOT NULL UNIQUE,
    title               TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('scheduled', 'ad_hoc')),
    trigger_kind        TEXT CHECK (trigger_kind IN ('major_incident', 'audit_finding', 'regulatory_change', 'organisational_change', 'other')),
    trigger_text        TEXT,
    scope               TEXT NOT NULL DEFAULT 'both' CHECK (scope IN ('iso27001', 'soc2', 'both')),
    status              TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'invitations_sent', 'pack_circulated', 'held', 'minutes_drafted', 'approved', 'cancelled')),
    starts_at           TEXT NOT NULL,              -- local wall time
    time_zone           TEXT NOT NULL,
    duration_minutes    INTEGER NOT NULL DEFAULT 120 CHECK (duration_minutes > 0),
    location            TEXT,
    chair_id            INTEGER REFERENCES people(id),
    minute_taker_id     INTEGER REFERENCES people(id),
    invitations_sent_on TEXT,
    pack_circulated_on  TEXT,
    held_on             TEXT,
    next_review_on      TEXT,
    cancelled_reason    TEXT,
    ical_uid            TEXT NOT NULL UNIQUE,
    ical_sequence       INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    CHECK (kind = 'scheduled' OR trigger_kind IS NOT NULL),
    CHECK (trigger_kind IS NOT 'other' OR length(trim(trigger_text)) > 0),
    CHECK (status <> 'cancelled' OR length(trim(cancelled_reason)) > 0)
);

CREATE TABLE review_transitions (
    id          INTEGER PRIMARY KEY,
    review_id   INTEGER NOT NULL REFERENCES reviews(id),
    from_status TEXT,
    to_status   TEXT NOT NULL,
    at          TEXT NOT NULL,
    by_person   TEXT NOT NULL,
    note        TEXT
);

CREATE TABLE invitees (
    id                 INTEGER PRIMARY KEY,
    review_id          INTEGER NOT NULL REFERENCES reviews(id),
    person_id          INTEGER NOT NULL REFERENCES people(id),
    role               TEXT NOT NULL CHECK (role IN ('chair', 'top_management', 'isms_lead', 'minute_taker', 'department_head', 'internal_audit', 'risk_owner', 'dpo', 'it_security_operations', 'guest')),
    required           INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0, 1)),
    attendance         TEXT NOT NULL DEFAULT 'unknown' CHECK (attendance IN ('unknown', 'present', 'apologies', 'delegate', 'absent')),
    delegate_name      TEXT,
    delegate_person_id INTEGER REFERENCES people(id),
    UNIQUE (review_id, person_id),
    CHECK (attendance <> 'delegate' OR delegate_name IS NOT NULL OR delegate_person_id IS NOT NULL)
);

CREATE TABLE agenda_items (
    id                INTEGER PRIMARY KEY,
    review_id         INTEGER NOT NULL REFERENCES reviews(id),
    position          INTEGER NOT NULL,
    title             TEXT NOT NULL,
    minutes_allocated INTEGER NOT NULL DEFAULT 10 CHECK (minutes_allocated >= 0),
    presenter_id      INTEGER REFERENCES people(id),
    discussion        TEXT NOT NULL DEFAULT '',
    UNIQUE (review_id, position)
);

-- Input codes: clause 9.3.2 a, b, c, d1-d4, e, f, g and the SOC 2 inputs.
CREATE TABLE agenda_item_inputs (
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    input_code     TEXT NOT NULL,
    PRIMARY KEY (agenda_item_id, input_code)
);

CREATE TABLE inputs (
    id                 INTEGER PRIMARY KEY,
    review_id          INTEGER NOT NULL REFERENCES reviews(id),
    code               TEXT NOT NULL CHECK (code IN ('a', 'b', 'c', 'd1', 'd2', 'd3', 'd4', 'e', 'f', 'g', 'soc2_incidents', 'soc2_resources', 'soc2_changes')),
    summary            TEXT NOT NULL DEFAULT '',
    presenter_id       INTEGER REFERENCES people(id),
    state              TEXT NOT NULL DEFAULT 'not_started' CHECK (state IN ('not_started', 'prepared', 'discussed')),
    nothing_to_report  INTEGER NOT NULL DEFAULT 0 CHECK (nothing_to_report IN (0, 1)),
    nothing_reason     TEXT,
    UNIQUE (review_id, code),
    CHECK (nothing_to_report = 0 OR length(trim(nothing_reason)) > 0)
);

CREATE TABLE kpis (
    id         INTEGER PRIMARY KEY,
    input_id   INTEGER NOT NULL REFERENCES inputs(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL DEFAULT 0,
    name       TEXT NOT NULL,
    value      REAL NOT NULL,
    target     REAL,
    unit       TEXT NOT NULL DEFAULT '',
    better     TEXT NOT NULL DEFAULT 'higher' CHECK (better IN ('higher', 'lower'))
);

CREATE TABLE decisions (
    id               INTEGER PRIMARY KEY,
    review_id        INTEGER NOT NULL REFERENCES reviews(id),
    area             TEXT NOT NULL CHECK (area IN ('continual_improvement', 'isms_change', 'resources', 'risk_treatment', 'objectives_kpis', 'corrective_preventive', 'policy_document', 'approved_exception')),
    text             TEXT NOT NULL CHECK (length(trim(text)) > 0),
    rationale        TEXT,
    justification    TEXT,
    exception_review_on TEXT,
    created_at       TEXT NOT NULL,
    CHECK (area <> 'approved_exception' OR (length(trim(justification)) > 0 AND exception_review_on IS NOT NULL))
);

CREATE TABLE decision_inputs (
    decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    input_code  TEXT NOT NULL,
    PRIMARY KEY (decision_id, input_code)
);

-- A 9.3.3 result area explicitly without a decision in a review ("none", with a reason).
CREATE TABLE result_area_none (
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    area      TEXT NOT NULL,
    reason    TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    PRIMARY KEY (review_id, area)
);

CREATE TABLE actions (
    id                 INTEGER PRIMARY KEY,
    reference          TEXT NOT NULL UNIQUE,
    description        TEXT NOT NULL CHECK (length(trim(description)) > 0),
    source             TEXT NOT NULL CHECK (source IN ('audit_finding', 'kpi_gap', 'incident', 'risk', 'nonconformity', 'resource_need', 'improvement')),
    review_id          INTEGER REFERENCES reviews(id),
    decision_id        INTEGER REFERENCES decisions(id),
    input_id           INTEGER REFERENCES inputs(id),
    owner_id           INTEGER REFERENCES people(id),
    original_target_on TEXT,
    target_on          TEXT,
    priority           TEXT CHECK (priority IN ('high', 'medium', 'low')),
    resources          TEXT,
    blockers           TEXT,
    tags               TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'completed', 'closed')),
    escalation_level   INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    completed_at       TEXT,
    closed_at          TEXT
);

CREATE TABLE action_status_history (
    id         INTEGER PRIMARY KEY,
    action_id  INTEGER NOT NULL REFERENCES actions(id),
    from_status TEXT,
    to_status  TEXT NOT NULL,
    at         TEXT NOT NULL,
    by_person  TEXT NOT NULL,
    note       TEXT
);

CREATE TABLE action_notes (
    id         INTEGER PRIMARY KEY,
    action_id  INTEGER NOT NULL REFERENCES actions(id),
    at         TEXT NOT NULL,
    by_person  TEXT NOT NULL,
    text       TEXT NOT NULL
);

CREATE TABLE action_date_revisions (
    id           INTEGER PRIMARY KEY,
    action_id    INTEGER NOT NULL REFERENCES actions(id),
    previous_on  TEXT NOT NULL,
    new_on       TEXT NOT NULL,
    reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    at           TEXT NOT NULL,
    by_person    TEXT NOT NULL
);

CREATE TABLE verifications (
    id           INTEGER PRIMARY KEY,
    action_id    INTEGER NOT NULL REFERENCES actions(id),
    verifier_id  INTEGER NOT NULL REFERENCES people(id),
    at           TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
    evidence     TEXT NOT NULL,
    reason       TEXT
);

CREATE TABLE escalations (
    id         INTEGER PRIMARY KEY,
    action_id  INTEGER NOT NULL REFERENCES actions(id),
    level      INTEGER NOT NULL,
    person_id  INTEGER REFERENCES people(id),
    at         TEXT NOT NULL,
    note       TEXT
);

-- Evidence files live inside the encrypted store; exported only on demand.
CREATE TABLE evidence (
    id          INTEGER PRIMARY KEY,
    review_id   INTEGER REFERENCES reviews(id),
    input_id    INTEGER REFERENCES inputs(id),
    action_id   INTEGER REFERENCES actions(id),
    file_name   TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    content     BLOB NOT NULL,
    added_at    TEXT NOT NULL,
    added_by    TEXT NOT NULL
);

CREATE TABLE objectives (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    owner_id    INTEGER REFERENCES people(id),
    measure     TEXT NOT NULL,
    target      TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end  TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE objective_results (
    review_id    INTEGER NOT NULL REFERENCES reviews(id),
    objective_id INTEGER NOT NULL REFERENCES objectives(id),
    met          TEXT NOT NULL CHECK (met IN ('met', 'partly_met', 'not_met', 'not_yet_due')),
    note         TEXT,
    next_target  TEXT,
    PRIMARY KEY (review_id, objective_id)
);

-- Document control of a review's minutes.
CREATE TABLE document_control (
    review_id       INTEGER PRIMARY KEY REFERENCES reviews(id),
    document_number TEXT NOT NULL UNIQUE,
    classification  TEXT NOT NULL,
    author_id       INTEGER REFERENCES people(id),
    reviewer_id     INTEGER REFERENCES people(id),
    owner_id        INTEGER REFERENCES people(id),
    distribution    TEXT NOT NULL DEFAULT '[]'   -- JSON list of names
);

-- Each revision of the minutes; an approved revision is frozen as a JSON snapshot and
-- never changes again (a trigger enforces it).
CREATE TABLE minutes_revisions (
    id           INTEGER PRIMARY KEY,
    review_id    INTEGER NOT NULL REFERENCES reviews(id),
    version      TEXT NOT NULL,
    particulars  TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
    created_at   TEXT NOT NULL,
    released_on  TEXT,
    snapshot     TEXT,
    snapshot_sha256 TEXT,
    UNIQUE (review_id, version)
);

CREATE TRIGGER approved_revision_is_frozen
BEFORE UPDATE ON minutes_revisions
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'an approved revision of the minutes cannot change; make a new revision');
END;

CREATE TRIGGER approved_revision_is_kept
BEFORE DELETE ON minutes_revisions
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'an approved revision of the minutes cannot be deleted');
END;

CREATE TABLE approvals (
    id           INTEGER PRIMARY KEY,
    revision_id  INTEGER NOT NULL REFERENCES minutes_revisions(id),
    person_id    INTEGER NOT NULL REFERENCES people(id),
    role         TEXT NOT NULL,
    approved_at  TEXT NOT NULL,
    UNIQUE (revision_id, person_id)
);

-- The organisation's signing identity for PDF exports (the private key stays inside the
-- encrypted store).
CREATE TABLE signing_identity (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    certificate_der BLOB NOT NULL,
    private_key_der BLOB NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('self_signed', 'pkcs12')),
    created_at      TEXT NOT NULL
);

-- Append-only audit trail, each event chained to the previous one by SHA-256.
CREATE TABLE audit_events (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    action     TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE
);

CREATE TRIGGER audit_events_append_only_update
BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_events_append_only_delete
BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE INDEX actions_by_owner ON actions(owner_id);
CREATE INDEX actions_by_review ON actions(review_id);
CREATE INDEX inputs_by_review ON inputs(review_id);
CREATE INDEX evidence_by_review ON evidence(review_id);
CREATE INDEX invitees_by_review ON invitees(review_id);
