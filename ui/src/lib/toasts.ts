// Messages for the user, one at a time (a new one replaces the last), each with at most one
// action (Open, Show in folder…). An error stays until dismissed or replaced by another error;
// locking clears them all.
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
}

let next = 1;
let toasts: Toast[] = [];
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function showToast(toast: Omit<Toast, "id">): number {
  const id = next++;
  // An error stays until dismissed: a later success or info does not hide it.
  if (toast.tone !== "error" && toasts.some((t) => t.tone === "error")) return id;
  toasts = [{ ...toast, id }];
  emit();
  if (toast.tone !== "error") setTimeout(() => dismissToast(id), 5000);
  return id;
}

export function dismissToast(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export function clearToasts(): void {
  toasts = [];
  emit();
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

export function useToasts(): Toast[] {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return toasts;
}
