// One colour per status, everywhere the same; the word and an icon always go with it.
import type { ActionStatus, ActionSummary, ReviewStatus } from "../lib/ipc";
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

export const ESCALATION_LEVELS = ["", "line manager", "department head", "CISO", "executive leadership"];

/**
 * The chips an action shows: its status, then Overdue and Escalated when they apply.
 * `compact` (tables) shows at most two: an escalated action is overdue by definition,
 * and the target date column already says by how much.
 */
export function ActionChips({ action, short = true, compact = false }: { action: ActionSummary; short?: boolean; compact?: boolean }) {
  const escalated = action.escalationLevel !== null;
  return (
    <span class={`chips${compact ? " nowrap" : ""}`}>
      <StatusChip kind={action.status} short={short} />
      {action.overdue && !(compact && escalated) && <StatusChip kind="overdue" />}
      {action.escalationLevel !== null && (
        <StatusChip kind="escalated" detail={`to ${ESCALATION_LEVELS[action.escalationLevel] ?? `level ${action.escalationLevel}`}`} />
      )}
    </span>
  );
}

const REVIEW_LABEL: Record<ReviewStatus, string> = {
  planned: "Planned",
  in_preparation: "In preparation",
  held: "Held — minutes pending",
  approved: "Minutes approved",
  cancelled: "Cancelled",
};

export function ReviewStatusLabel({ status }: { status: ReviewStatus }) {
  return <span class={`tag tag-${status}`}>{REVIEW_LABEL[status]}</span>;
}
