// Hash routing: #/dashboard, #/actions, #/actions/ACT-2026-004 …
import { useEffect, useState } from "preact/hooks";

export type RouteName = "dashboard" | "reviews" | "actions" | "registers" | "calendar" | "people" | "objectives" | "settings";

export const ROUTES: { name: RouteName; label: string; key: string }[] = [
  { name: "dashboard", label: "Dashboard", key: "D" },
  { name: "reviews", label: "Reviews", key: "R" },
  { name: "actions", label: "Actions", key: "A" },
  { name: "registers", label: "Registers", key: "E" },
  { name: "calendar", label: "Calendar", key: "C" },
  { name: "people", label: "People", key: "P" },
  { name: "objectives", label: "Objectives", key: "O" },
  { name: "settings", label: "Settings", key: "S" },
];

export interface Route {
  name: RouteName;
  /** The rest of the path, e.g. an action id. */
  param: string | null;
}

export function parseHash(hash: string): Route {
  const [, name, param] = hash.replace(/^#/, "").split("/");
  const found = ROUTES.find((r) => r.name === name);
  return found ? { name: found.name, param: param ? decodeURIComponent(param) : null } : { name: "dashboard", param: null };
}

export function navigate(name: RouteName, param?: string | null): void {
  const hash = `#/${name}${param ? `/${encodeURIComponent(param)}` : ""}`;
  if (location.hash !== hash) location.hash = hash;
}

/** Brings a section's heading into view and gives it the focus, so the keyboard goes on from there. */
export function focusSection(id: string) {
  const heading = document.getElementById(id);
  heading?.scrollIntoView?.({ block: "start" });
  heading?.setAttribute("tabindex", "-1");
  heading?.focus();
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
