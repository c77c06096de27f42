-- An approval given while the readiness check still had findings: how many, and the
-- approver's reason for approving anyway (printed in the revision history).
ALTER TABLE approvals ADD COLUMN open_findings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE approvals ADD COLUMN anyway_reason TEXT;
