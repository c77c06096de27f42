-- Format 2: the named approvers of a review's minutes besides the chair (JSON list of
-- people ids). A revision is approved, and locked, once the chair and each of them
-- have approved it.
ALTER TABLE document_control ADD COLUMN approvers TEXT NOT NULL DEFAULT '[]';
