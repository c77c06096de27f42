// Autosave for text the user types: a save runs a moment after the last keystroke, at
// once when the field loses focus, and before the component goes away or the window
// closes, so nothing typed is lost. The state is shown in words next to the field.
import { useEffect, useRef, useState } from "preact/hooks";
import { describeError } from "./toasts";

export const AUTOSAVE_MS = 800;

export type Saved = { status: "idle" | "saving" | "saved" } | { status: "error"; message: string };

export function useAutosave() {
  const [saved, setSaved] = useState<Saved>({ status: "idle" });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = useRef<null | (() => Promise<void>)>(null);

  /** Runs `work` now (cancelling a pending save) and reports its outcome. */
  const save = (work: () => Promise<unknown>) => {
    clearTimeout(timer.current);
    pending.current = null;
    setSaved({ status: "saving" });
    return work().then(
      () => setSaved({ status: "saved" }),
      (error) => setSaved({ status: "error", message: describeError(error).message }),
    );
  };
  /** Schedules `work` after the pause; a later call replaces it. */
  const later = (work: () => Promise<unknown>) => {
    clearTimeout(timer.current);
    const run = () => save(work);
    pending.current = run;
    setSaved({ status: "idle" });
    timer.current = setTimeout(() => void run(), AUTOSAVE_MS);
  };
  const flush = () => void pending.current?.();

  useEffect(() => {
    window.addEventListener("beforeunload", flush);
    return () => {
      window.removeEventListener("beforeunload", flush);
      flush();
    };
  }, []);

  return { saved, save, later, flush };
}

export function savedText(saved: Saved): string {
  switch (saved.status) {
    case "saving":
      return "Saving…";
    case "saved":
      return "Saved";
    case "error":
      return `Not saved: ${saved.message}`;
    default:
      return "";
  }
}
