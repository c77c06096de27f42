import { useCallback, useEffect, useState } from "preact/hooks";
import { showError } from "./toasts";

export type AsyncState<T> =
  | { status: "loading" }
  | { status: "ready"; data: T }
  | { status: "error"; error: unknown };

/** Loads data from the backend; a failure is shown as a toast and kept for the screen. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[] = []): [AsyncState<T>, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ status: "loading" });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState({ status: "loading" });
    load().then(
      (data) => live && setState({ status: "ready", data }),
      (error) => {
        if (!live) return;
        showError(error);
        setState({ status: "error", error });
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return [state, useCallback(() => setTick((n) => n + 1), [])];
}
