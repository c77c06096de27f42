-- Format 4: an index for every foreign key and for every lookup a hot query makes, so
-- that ten years of records (tens of thousands of actions and their histories) stay
-- instant. Only adds indexes: nothing changes in the rows or in the JSON export.
-- Foreign keys already led by a UNIQUE or PRIMARY KEY (invitees, agenda items, inputs,
-- minutes revisions, approvals by revision, objective results by review) need none.

-- An action's history, newest or as of a date: one seek per action.
CREATE INDEX action_status_history_by_action ON action_status_history(action_id, at);
CREATE INDEX action_notes_by_action ON action_notes(action_id, at);
CREATE INDEX action_date_revisions_by_action ON action_date_revisions(action_id, at);
CREATE INDEX verifications_by_action ON verifications(action_id, at);
CREATE INDEX verifications_by_verifier ON verifications(verifier_id);
CREATE INDEX escalations_by_action ON escalations(action_id, at);
CREATE INDEX escalations_by_person ON escalations(person_id);

-- The register's filters and sorts (overdue = active and past the target date).
CREATE INDEX actions_by_status_target ON actions(status, target_on);
CREATE INDEX actions_by_target ON actions(target_on);
CREATE INDEX actions_by_priority ON actions(priority);
CREATE INDEX actions_by_decision ON actions(decision_id);
CREATE INDEX actions_by_input ON actions(input_id);

-- Evidence by what it supports.
CREATE INDEX evidence_by_input ON evidence(input_id);
CREATE INDEX evidence_by_action ON evidence(action_id);

-- A review's parts, and the review before one.
CREATE INDEX reviews_by_start ON reviews(starts_at);
CREATE INDEX reviews_by_chair ON reviews(chair_id);
CREATE INDEX reviews_by_minute_taker ON reviews(minute_taker_id);
CREATE INDEX review_transitions_by_review ON review_transitions(review_id);
CREATE INDEX decisions_by_review ON decisions(review_id);
CREATE INDEX kpis_by_input ON kpis(input_id, position);
CREATE INDEX inputs_by_presenter ON inputs(presenter_id);
CREATE INDEX agenda_items_by_presenter ON agenda_items(presenter_id);
CREATE INDEX invitees_by_person ON invitees(person_id);
CREATE INDEX invitees_by_delegate ON invitees(delegate_person_id);
CREATE INDEX approvals_by_person ON approvals(person_id);
CREATE INDEX document_control_by_author ON document_control(author_id);
CREATE INDEX document_control_by_reviewer ON document_control(reviewer_id);
CREATE INDEX document_control_by_owner ON document_control(owner_id);

-- People and objectives.
CREATE INDEX people_by_line_manager ON people(line_manager_id);
CREATE INDEX escalation_levels_by_person ON escalation_levels(person_id);
CREATE INDEX objectives_by_owner ON objectives(owner_id);
CREATE INDEX objective_results_by_objective ON objective_results(objective_id);

-- The audit trail of one record (the last invitation issued for a review, ...).
CREATE INDEX audit_events_by_entity ON audit_events(entity, entity_id);
