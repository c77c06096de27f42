// Small helpers for component and flow tests (happy-dom + Preact, no extra library).
import { render } from "preact";
import { act } from "preact/test-utils";
import type { ComponentChild } from "preact";

export let container: HTMLElement;

export function mount(node: ComponentChild): HTMLElement {
  container = document.createElement("div");
  document.body.innerHTML = "";
  document.body.appendChild(container);
  act(() => render(node, container));
  return container;
}

export function unmount(): void {
  if (container) act(() => render(null, container));
}

/** Lets promises and effects settle. */
export async function flush(times = 3): Promise<void> {
  for (let i = 0; i < times; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

/** Polls until `check` returns a truthy value (or throws after ~1 s). */
export async function waitFor<T>(check: () => T | null | undefined | false, what = "condition"): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = check();
    if (value) return value;
    await flush(1);
  }
  throw new Error(`Timed out waiting for ${what}.\n${document.body.innerHTML.slice(0, 2000)}`);
}

export const $ = <E extends Element = HTMLElement>(selector: string): E | null => document.querySelector<E>(selector);
export const $$ = <E extends Element = HTMLElement>(selector: string): E[] => [...document.querySelectorAll<E>(selector)];

export function byText(text: string | RegExp, selector = "*"): HTMLElement | undefined {
  return $$<HTMLElement>(selector).find((el) => {
    const t = el.textContent?.trim() ?? "";
    return typeof text === "string" ? t === text : text.test(t);
  });
}

export function heading(text: string | RegExp): HTMLElement | undefined {
  return byText(text, "h1, h2");
}

export function byLabel<E extends HTMLElement = HTMLInputElement>(label: string): E {
  const aria = $$<E>(`[aria-label]`).find((el) => el.getAttribute("aria-label") === label);
  if (aria) return aria;
  const l = $$<HTMLLabelElement>("label").find((el) => el.textContent?.trim() === label);
  const id = l?.getAttribute("for");
  const el = id ? document.getElementById(id) : (l?.querySelector("input, select") as HTMLElement | null);
  if (!el) throw new Error(`No control labelled "${label}"`);
  return el as E;
}

export async function type(el: HTMLInputElement, value: string): Promise<void> {
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

export async function choose(el: HTMLSelectElement, value: string): Promise<void> {
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event("change", { bubbles: true }));
  });
}

export async function click(el: Element | null | undefined): Promise<void> {
  if (!el) throw new Error("click: no element");
  await act(() => {
    (el as HTMLElement).click();
  });
  await flush();
}

export async function key(target: EventTarget, keyName: string, init: KeyboardEventInit = {}): Promise<void> {
  await act(() => {
    target.dispatchEvent(new KeyboardEvent("keydown", { key: keyName, bubbles: true, cancelable: true, ...init }));
  });
  await flush();
}

export async function goTo(hash: string): Promise<void> {
  await act(() => {
    location.hash = hash;
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  });
  await flush();
}
