// The command palette's registry: the shell registers navigation, screens register
// their actions and records while they are mounted.
import { useEffect, useState } from "preact/hooks";

export interface Command {
  id: string;
  title: string;
  group: "Navigate" | "Actions" | "Records" | "Store";
  /** Shown as a hint, e.g. "G A" or "Ctrl K". */
  shortcut?: string;
  /** Extra words to match on. */
  keywords?: string;
  run: () => void;
}

type Listener = () => void;
const sources = new Map<string, Command[]>();
const listeners = new Set<Listener>();

export function registerCommands(source: string, commands: Command[]): () => void {
  sources.set(source, commands);
  listeners.forEach((l) => l());
  return () => {
    if (sources.get(source) === commands) {
      sources.delete(source);
      listeners.forEach((l) => l());
    }
  };
}

const GROUP_ORDER: Command["group"][] = ["Navigate", "Actions", "Store", "Records"];

/** Navigation first, then screen actions, store, records (stable within a group). */
export function byGroup(commands: Command[]): Command[] {
  return [...commands].sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group));
}

export function allCommands(): Command[] {
  return byGroup([...sources.values()].flat());
}

/** Registers `commands` for as long as the calling component is mounted. */
export function useCommands(source: string, commands: Command[], deps: unknown[]): void {
  useEffect(() => registerCommands(source, commands), deps);
}

export function useAllCommands(): Command[] {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return allCommands();
}

/** Case-insensitive match on every word of the query, in title, group or keywords. */
export function matchCommands(commands: Command[], query: string): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return commands;
  return commands.filter((c) => {
    const hay = `${c.title} ${c.group} ${c.keywords ?? ""}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
export const modKey = isMac ? "⌘" : "Ctrl";
