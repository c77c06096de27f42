-- The register's search as an index. `action_haystack` is what a row of the register
-- shows, in the words the window uses for missing values ("no owner"); `action_search`
-- indexes it by trigrams, so every word of three characters or more finds its actions
-- (anywhere in a word, any case) without building that text for every action of the
-- store. Triggers keep it in step with the rows it is made from; an import or a salvage,
-- which write tables in bulk, rebuild it (`register::search::rebuild`).
CREATE VIEW action_haystack AS
SELECT a.id AS id,
       a.reference || ' ' || a.description || ' ' || coalesce(p.name, 'no owner') || ' ' || coalesce(r.reference, '') || ' '
       || replace(a.source, '_', ' ') || CASE WHEN a.target_on IS NULL THEN ' no target date' ELSE '' END
       || CASE WHEN a.priority IS NULL THEN ' no priority' ELSE '' END AS haystack
FROM actions a LEFT JOIN people p ON p.id = a.owner_id LEFT JOIN reviews r ON r.id = a.review_id;

CREATE VIRTUAL TABLE action_search USING fts5(haystack, tokenize = 'trigram');

INSERT INTO action_search (rowid, haystack) SELECT id, haystack FROM action_haystack;

CREATE TRIGGER action_search_insert AFTER INSERT ON actions BEGIN
    INSERT INTO action_search (rowid, haystack) SELECT id, haystack FROM action_haystack WHERE id = new.id;
END;

CREATE TRIGGER action_search_update AFTER UPDATE OF reference, description, owner_id, review_id, source, target_on, priority ON actions BEGIN
    DELETE FROM action_search WHERE rowid = old.id;
    INSERT INTO action_search (rowid, haystack) SELECT id, haystack FROM action_haystack WHERE id = new.id;
END;

CREATE TRIGGER action_search_delete AFTER DELETE ON actions BEGIN
    DELETE FROM action_search WHERE rowid = old.id;
END;

CREATE TRIGGER action_search_owner_renamed AFTER UPDATE OF name ON people BEGIN
    DELETE FROM action_search WHERE rowid IN (SELECT id FROM actions WHERE owner_id = new.id);
    INSERT INTO action_search (rowid, haystack) SELECT id, haystack FROM action_haystack WHERE id IN (SELECT id FROM actions WHERE owner_id = new.id);
END;

CREATE TRIGGER action_search_review_renamed AFTER UPDATE OF reference ON reviews BEGIN
    DELETE FROM action_search WHERE rowid IN (SELECT id FROM actions WHERE review_id = new.id);
    INSERT INTO action_search (rowid, haystack) SELECT id, haystack FROM action_haystack WHERE id IN (SELECT id FROM actions WHERE review_id = new.id);
END;

-- The register's metrics count the escalation steps up to an instant.
CREATE INDEX escalations_by_at ON escalations(at);

-- The register sorted by target date, missing dates last, either way: a deep page walks
-- the index instead of sorting every action.
CREATE INDEX actions_by_target_missing_last ON actions((target_on IS NULL), target_on, reference);
CREATE INDEX actions_by_target_missing_last_desc ON actions((target_on IS NULL), target_on DESC, reference DESC);
