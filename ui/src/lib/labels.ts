// Words for the review vocabulary the backend sends as snake_case codes.
import type { AttendeeRole, Scope, Trigger } from "./ipc";

export const SCOPE_LABEL: Record<Scope, string> = { iso27001: "ISO 27001", soc2: "SOC 2", both: "ISO 27001 and SOC 2" };

export const TRIGGER_LABEL: Record<Trigger, string> = {
  major_incident: "A major incident",
  audit_finding: "An audit finding",
  regulatory_change: "A regulatory change",
  organisational_change: "An organisational change",
  other: "Something else (describe it)",
};

export const ROLE_LABEL: Record<AttendeeRole, string> = {
  chair: "Chair",
  top_management: "Top management",
  isms_lead: "ISMS lead",
  minute_taker: "Minute taker",
  department_head: "Department head",
  internal_audit: "Internal audit",
  risk_owner: "Risk owner",
  dpo: "Data protection officer",
  it_security_operations: "IT / security operations",
  guest: "Guest",
};
