// Lock after idle time: a preference of this computer (localStorage), not of the store, so
// it holds before any store is unlocked. 0 means never.
import { useEffect } from "preact/hooks";

const KEY = "quorum.idleLockMinutes";
export const IDLE_CHOICES = [5, 10, 15, 30, 60, 0] as const;
export const DEFAULT_IDLE_MINUTES = 15;

export function idleMinutes(): number {
  try {
    const raw = localStorage.getItem(KEY);
    const value = raw === null ? DEFAULT_IDLE_MINUTES : Number(raw);
    return (IDLE_CHOICES as readonly number[]).includes(value) ? value : DEFAULT_IDLE_MINUTES;
  } catch {
    return DEFAULT_IDLE_MINUTES;
  }
}

export function setIdleMinutes(minutes: number): void {
  try {
    localStorage.setItem(KEY, String(minutes));
  } catch {
    /* storage disabled: the default applies */
  }
  window.dispatchEvent(new Event("quorum-idle-changed"));
}

const ACTIVITY = ["keydown", "pointerdown", "pointermove", "wheel", "focusin"] as const;

/** Calls `onIdle` once the user has done nothing in the window for the chosen time. */
export function useIdleLock(onIdle: (minutes: number) => void): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      const minutes = idleMinutes();
      if (minutes > 0) timer = setTimeout(() => onIdle(minutes), minutes * 60_000);
    };
    arm();
    ACTIVITY.forEach((e) => window.addEventListener(e, arm, { passive: true }));
    window.addEventListener("quorum-idle-changed", arm);
    return () => {
      clearTimeout(timer);
      ACTIVITY.forEach((e) => window.removeEventListener(e, arm));
      window.removeEventListener("quorum-idle-changed", arm);
    };
  }, [onIdle]);
}
