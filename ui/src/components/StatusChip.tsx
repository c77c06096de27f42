// One colour per status, everywhere the same; the word and an icon always go with it.
import type { ActionRow, ActionStatus, Status } from "../lib/ipc";
import { Icon, type IconName } from "./Icon";

export type ChipKind = ActionStatus | "overdue" | "escalated";

export const CHIP_LABEL: Record<ChipKind, string> = {
  open: "Open",
  in_progress: "In progress",
  completed: "Completed — awaiting verification",
  closed: "Closed",
  overdue: "Overdue",
  escalated: "Escalated",
};

const SHORT_LABEL: Partial<Record<ChipKind, string>> = { completed: "Completed" };

const ICON: Record<ChipKind, IconName> = {
  open: "circle",
  in_progress: "progress",
  completed: "completed",
  closed: "closed",
  overdue: "overdue",
  escalated: "escalated",
};

export function StatusChip({ kind, short = false, detail }: { kind: ChipKind; short?: boolean; detail?: string }) {
  const label = CHIP_LABEL[kind];
  const text = short ? (SHORT_LABEL[kind] ?? label) : label;
  return (
    <span class={`chip chip-${kind}`} title={detail ? `${label} (${detail})` : label}>
      <Icon name={ICON[kind]} size={12} />
      <span>{text}</span>
      {text !== label && <span class="visually-hidden"> — awaiting verification</span>}
    </span>
  );
}

/** Still to be done: open or in progress. */
export function isActive(action: ActionRow): boolean {
  return action.status === "open" || action.status === "in_progress";
}

/**
 * Escalated now: the level stays set after an action is completed or closed, but only an
 * active action counts as escalated (as in the register's figures).
 */
export function isEscalated(action: ActionRow): boolean {
  return action.escalationLevel !== null && isActive(action);
}

/** The level names belong to the organisation's own path, which this row does not carry. */
export function escalationStep(level: number): string {
  return `step ${level} of the escalation path`;
}

/**
 * The chips an action shows: its status, then Overdue and Escalated when they apply.
 * `compact` (tables) shows at most two: an escalated action is overdue by definition,
 * and the target date column already says by how much.
 */
export function ActionChips({ action, short = true, compact = false }: { action: ActionRow; short?: boolean; compact?: boolean }) {
  const escalated = isEscalated(action);
  return (
    <span class="chips">
      <StatusChip kind={action.status} short={short} />
      {action.overdue && !(compact && escalated) && <StatusChip kind="overdue" />}
      {escalated && action.escalationLevel !== null && <StatusChip kind="escalated" detail={escalationStep(action.escalationLevel)} />}
    </span>
  );
}

export const REVIEW_STATUS_LABEL: Record<Status, string> = {
  planned: "Planned",
  invitations_sent: "Invitations sent",
  pack_circulated: "Pack circulated",
  held: "Held",
  minutes_drafted: "Minutes drafted",
  approved: "Approved",
  cancelled: "Cancelled",
};

const REVIEW_HINT: Record<Status, string> = {
  planned: "Planned: invitations not sent yet",
  invitations_sent: "Invitations sent to the attendees",
  pack_circulated: "The pack has gone to the attendees",
  held: "The meeting was held; minutes not drafted yet",
  minutes_drafted: "Minutes drafted, awaiting approval",
  approved: "Minutes approved",
  cancelled: "Cancelled",
};

const REVIEW_ICON: Record<Status, IconName> = {
  planned: "calendar",
  invitations_sent: "mail",
  pack_circulated: "reviews",
  held: "people",
  minutes_drafted: "edit",
  approved: "check",
  cancelled: "close",
};

/** A review's status: one colour each, always with its word and an icon. */
export function ReviewStatusChip({ status }: { status: Status }) {
  return (
    <span class={`chip chip-review chip-review-${status}`} title={REVIEW_HINT[status] ?? status}>
      <Icon name={REVIEW_ICON[status] ?? "circle"} size={12} />
      <span>{REVIEW_STATUS_LABEL[status] ?? status}</span>
    </span>
  );
}
