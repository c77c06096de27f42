// Messages for the user, one at a time (a new one replaces the last), each with at most one
// action (Open, Show in folder, Undo…). An error stays until dismissed or replaced by another
// error or by an Undo message; locking clears them all. A message may say when it goes without
// its action having run (`onGone`): timed out, dismissed, replaced or cleared.
import { useEffect, useState } from "preact/hooks";
import { BackendError } from "./ipc";

export interface Toast {
  id: number;
  tone: "error" | "success" | "info";
  title: string;
  message: string;
  detail?: string;
  /** One thing to do from the message, e.g. open the file just written. */
  action?: { label: string; run: () => void };
  /** Called once when the message goes without its action: timed out, dismissed, replaced, cleared. */
  onGone?: () => void;
  /** How long a message that is not an error stays, in ms. */
  duration?: number;
}

let next = 1;
let toasts: Toast[] = [];
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

/** Removes the messages that `keep` refuses; those without their action run hear `onGone`. */
function drop(keep: (t: Toast) => boolean, gone: boolean): void {
  const dropped = toasts.filter((t) => !keep(t));
  if (!dropped.length) return;
  toasts = toasts.filter(keep);
  emit();
  if (gone) dropped.forEach((t) => t.onGone?.());
}

export function showToast(toast: Omit<Toast, "id">): number {
  const id = next++;
  // An error stays until dismissed: a later success or info does not hide it. An Undo message
  // does: what it reports waits on it.
  if (toast.tone !== "error" && !toast.onGone && toasts.some((t) => t.tone === "error")) return id;
  const replaced = toasts;
  toasts = [{ ...toast, id }];
  emit();
  replaced.forEach((t) => t.onGone?.());
  if (timer?.handle !== undefined) clearTimeout(timer.handle);
  timer = null;
  if (toast.tone !== "error") {
    timer = { id, left: toast.duration ?? 5000, since: 0, holds: new Set() };
    run(timer);
  }
  return id;
}

/**
 * The timer of the message shown (errors have none). It waits while the pointer is on the
 * message or the focus is in it, so Undo can be reached at any pace; let go, it runs on with
 * what was left (at least 2 s).
 */
let timer: { id: number; left: number; since: number; handle?: ReturnType<typeof setTimeout>; holds: Set<string> } | null = null;

function run(t: NonNullable<typeof timer>): void {
  t.since = performance.now();
  t.handle = setTimeout(() => dismissToast(t.id), t.left);
}

/** Holds (or lets go of) the shown message's timer for `why` ("pointer", "focus"). */
export function holdToast(id: number, why: string, held: boolean): void {
  const t = timer;
  if (!t || t.id !== id) return;
  if (held) {
    t.holds.add(why);
    if (t.handle === undefined) return;
    clearTimeout(t.handle);
    t.handle = undefined;
    t.left = Math.max(t.left - (performance.now() - t.since), 2000);
  } else if (t.holds.delete(why) && t.holds.size === 0) run(t);
}

export function dismissToast(id: number): void {
  drop((t) => t.id !== id, true);
}

/** Runs a message's action (Undo, Open…) and takes the message away. */
export function runToastAction(id: number): void {
  const toast = toasts.find((t) => t.id === id);
  drop((t) => t.id !== id, false);
  toast?.action?.run();
}

export function clearToasts(): void {
  drop(() => false, true);
}

const TITLES: Record<string, string> = {
  locked: "The store is locked",
  wrong_key: "Wrong passphrase",
  not_found: "Not found",
  already_exists: "Already exists",
  invalid: "Check the form",
  unknown_command: "This needs a newer backend",
};

/** Turns any failure into a readable message with what to do next. */
export function describeError(error: unknown): { title: string; message: string; detail?: string } {
  if (error instanceof BackendError) {
    if (error.kind === "unknown" && /command .+ not found/i.test(error.message)) {
      return { title: TITLES.unknown_command, message: `This version of Quorum's backend cannot do that yet (${error.command}). Update Quorum, or use another way for now.`, detail: error.message };
    }
    return {
      title: TITLES[error.kind] ?? "Something went wrong",
      message: error.message,
      detail: `${error.command} · ${error.kind}`,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { title: "Something went wrong", message, detail: "If this keeps happening, restart Quorum." };
}

export function showError(error: unknown): number {
  return showToast({ tone: "error", ...describeError(error) });
}

/** The message shown now (none or one), outside a component. */
export const currentToasts = (): readonly Toast[] => toasts;

export function useToasts(): Toast[] {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return toasts;
}
