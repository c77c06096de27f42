// The window's one delete pattern. What the user removes leaves the view at once and a message
// offers Undo; the backend deletes it only when the message goes without Undo (it times out,
// is dismissed, replaced by another message, or the store is about to lock). Undo puts it back
// exactly as it was, because nothing was deleted. A deletion the backend refuses brings the
// thing back, with the reason.
//
// Screens filter what they list through `useRemoving()`; the key names the thing (e.g.
// `MR-2026-02/decision/7`), so a reloaded record keeps it hidden while it waits.
import { useEffect, useState } from "preact/hooks";
import { currentToasts, runToastAction, showError, showToast } from "./toasts";
import type { ReviewRecord } from "./ipc";

/** How long Undo is offered. */
export const UNDO_MS = 8000;

const waiting = new Map<string, () => Promise<void>>();
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export interface Removal {
  /** Names the thing removed; the same key twice while it waits is one removal. */
  key: string;
  /** The message's title, e.g. "KPI removed". */
  title: string;
  /** What was removed, in words. */
  message: string;
  /** The real deletion (existing IPC commands), run once when Undo is no longer offered. */
  remove: () => Promise<void>;
  /** After Undo, e.g. to put a draft's part back. */
  onUndo?: () => void;
  /** The id of what gets the focus back after Undo (the Remove button, shown again). */
  refocus?: string;
  /** The id of where the keyboard goes on once the thing (and its Remove button) has left. */
  focusAfter?: string;
}

const focusSoon = (id: string, onlyIfLost = false) =>
  setTimeout(() => {
    // After the screen has redrawn; `onlyIfLost`: only when the focus fell to the page.
    const at = document.activeElement;
    if (!onlyIfLost || !at || at === document.body || !at.isConnected) document.getElementById(id)?.focus();
  });

/** The message of the latest removal (Ctrl+Z runs its Undo while it shows). */
let offer: number | null = null;

export function removeWithUndo({ key, title, message, remove, onUndo, refocus, focusAfter }: Removal): void {
  if (isRemoving(key)) return;
  waiting.set(key, remove);
  emit();
  if (focusAfter) focusSoon(focusAfter, true);
  offer = showToast({
    tone: "info",
    title,
    message,
    duration: UNDO_MS,
    action: {
      label: "Undo",
      run: () => {
        if (!waiting.delete(key)) return;
        emit();
        onUndo?.();
        if (refocus) focusSoon(refocus);
      },
    },
    onGone: () => void commit(key),
  });
}

/** Deletions on their way to the backend (still hidden; Undo no longer applies). */
const committing = new Map<string, Promise<void>>();

function commit(key: string): Promise<void> {
  const remove = waiting.get(key);
  if (!remove) return committing.get(key) ?? Promise.resolve();
  waiting.delete(key);
  const done = remove().then(
    () => {},
    (error) => void showError(error),
  );
  void done.then(() => {
    // Shown again only now: on success the view's data no longer has it.
    committing.delete(key);
    emit();
  });
  committing.set(key, done);
  return done;
}

/** Ctrl+Z: runs the Undo of the message shown, if it offers one; says whether it did. */
export function undoLatest(): boolean {
  if (offer === null || !currentToasts().some((t) => t.id === offer)) return false;
  runToastAction(offer);
  offer = null;
  return true;
}

/** Deletes everything still waiting for its Undo to expire, e.g. before the store locks. */
export function commitRemovals(): Promise<void> {
  return Promise.all([...waiting.keys(), ...committing.keys()].map(commit)).then(() => {});
}

/** Whether the thing named `key` has been removed and waits (hidden from every list). */
export function isRemoving(key: string): boolean {
  return waiting.has(key) || committing.has(key);
}

/** `isRemoving`, re-rendering the component when a removal starts, is undone or is done. */
export function useRemoving(): (key: string) => boolean {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return isRemoving;
}

/** The keys of a review's removable parts. */
export const reviewPart = {
  agenda: (reference: string, id: number) => `${reference}/agenda/${id}`,
  decision: (reference: string, id: number) => `${reference}/decision/${id}`,
  kpi: (reference: string, code: string, name: string) => `${reference}/kpi/${code}/${name}`,
  /** An input's "nothing to report" mark, cleared. */
  nothing: (reference: string, code: string) => `${reference}/nothing/${code}`,
};

/** The record as the window shows it: without the parts removed and waiting (and with the marks cleared), on every tab and count. */
export function withoutRemoved(record: ReviewRecord, removing: (key: string) => boolean): ReviewRecord {
  const ref = record.review.reference;
  const agenda = record.agenda.filter((a) => !removing(reviewPart.agenda(ref, a.id)));
  const decisions = record.decisions.filter((d) => !removing(reviewPart.decision(ref, d.id)));
  const inputs = record.inputs.map((i) => {
    const kpis = i.kpis.filter((k) => !removing(reviewPart.kpi(ref, i.code, k.name)));
    const cleared = i.nothingToReport && removing(reviewPart.nothing(ref, i.code));
    if (kpis.length === i.kpis.length && !cleared) return i;
    return cleared ? { ...i, kpis, nothingToReport: false, nothingReason: null } : { ...i, kpis };
  });
  if (agenda.length === record.agenda.length && decisions.length === record.decisions.length && inputs.every((i, n) => i === record.inputs[n])) return record;
  return { ...record, agenda, decisions, inputs };
}
