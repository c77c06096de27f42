// WCAG AA for the design tokens, in both themes: 4.5:1 for text, 3:1 for bars and outlines.
import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const css = readFileSync(join(__dirname, "tokens.css"), "utf8");
const darkStart = css.indexOf("@media (prefers-color-scheme: dark)");

function tokens(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of block.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\b/g)) out[m[1]] = m[2];
  return out;
}
const light = tokens(css.slice(0, darkStart));
const dark = { ...light, ...tokens(css.slice(darkStart)) };

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

const TEXT: [string, string][] = [
  ["fg", "bg"], ["fg", "bg-subtle"], ["fg-muted", "bg"], ["fg-muted", "bg-subtle"], ["fg-muted", "bg-hover"],
  ["accent-fg", "bg"], ["accent-fg", "bg-selected"], ["fg-on-accent", "accent"], ["fg", "bg-selected"],
  ["danger-fg", "bg"], ["danger-fg", "danger-bg"], ["success-fg", "bg"],
  ...["open", "progress", "completed", "closed", "overdue", "escalated"].map((c) => [`chip-${c}-fg`, `chip-${c}-bg`] as [string, string]),
  ...["planned", "invitations_sent", "pack_circulated", "held", "minutes_drafted", "approved", "cancelled"].flatMap((c) => [
    [`review-${c}-fg`, `review-${c}-bg`] as [string, string],
    [`review-${c}-fg`, "bg"] as [string, string],
  ]),
];
const GRAPHICS: [string, string][] = [["bar-open", "bg"], ["bar-overdue", "bg"], ["bar-escalated", "bg"], ["focus", "bg"], ["border-control", "bg"]];

describe.each([["light", light], ["dark", dark]] as const)("%s theme", (_name, t) => {
  test.each(TEXT)("text %s on %s ≥ 4.5:1", (fg, bg) => {
    expect(contrast(t[fg], t[bg])).toBeGreaterThanOrEqual(4.5);
  });
  test.each(GRAPHICS)("%s on %s ≥ 3:1 (non-text)", (fg, bg) => {
    expect(contrast(t[fg], t[bg])).toBeGreaterThanOrEqual(3);
  });
});
