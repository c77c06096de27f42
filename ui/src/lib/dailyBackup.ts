// The app's daily automatic backup (issue 18): asked once per store open, after the
// dashboard's data has loaded so it never delays the start (or a moment after the store
// opens on another screen). Fire and forget: a failure is logged, and Settings' Automatic
// backups section says it; no toast interrupts the work that just started.
import { useEffect, useState } from "preact/hooks";
import { backupsDaily } from "./ipc";
import { describeError } from "./toasts";

/** How long after opening on a screen other than the dashboard the backup is asked for. */
export const DAILY_BACKUP_DELAY_MS = 2000;

let asked = false;
let failure: string | null = null;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function askDailyBackup(): void {
  if (asked) return;
  asked = true;
  backupsDaily().then(
    () => {
      failure = null;
      emit();
    },
    (error) => {
      failure = describeError(error).message;
      console.warn(`Quorum: the daily automatic backup failed: ${failure}`);
      emit();
    },
  );
}

/** The store closed (locked, or replaced by a restore): its next open asks again. */
export function dailyBackupReset(): void {
  asked = false;
  failure = null;
}

/**
 * Why this store open's daily backup failed (null when it did not, or not yet); `onDone`
 * hears each answer, so a list on screen can show the backup just taken.
 */
export function useDailyBackup(onDone: () => void): string | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => (setTick((n) => n + 1), onDone());
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return failure;
}
