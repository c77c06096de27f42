// The app's daily automatic backup (issue 18): asked once per store open, after the
// dashboard's data has loaded so it never delays the start (or a moment after the store
// opens on another screen). Fire and forget: a failure is logged, and Settings' Automatic
// backups section says it; no toast interrupts the work that just started.
import { backupsDaily } from "./ipc";
import { describeError } from "./toasts";

/** How long after opening on a screen other than the dashboard the backup is asked for. */
export const DAILY_BACKUP_DELAY_MS = 2000;

let asked = false;
let failure: string | null = null;

export function askDailyBackup(): void {
  if (asked) return;
  asked = true;
  backupsDaily().then(
    () => (failure = null),
    (error) => {
      failure = describeError(error).message;
      console.warn(`Quorum: the daily automatic backup failed: ${failure}`);
    },
  );
}

/** The store closed (locked, or replaced by a restore): its next open asks again. */
export function dailyBackupReset(): void {
  asked = false;
}

/** Why this session's daily backup failed; null when it did not. */
export const dailyBackupFailure = (): string | null => failure;
