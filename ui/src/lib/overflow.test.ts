import { afterEach, describe, expect, test } from "vitest";
import { titleCutText, watchCutText } from "./overflow";

/** An element laid out with `shown` pixels of room for `needed` pixels of text. */
function box(html: string, room: number, needed: number): HTMLElement {
  document.body.innerHTML = html;
  const el = document.body.firstElementChild as HTMLElement;
  Object.defineProperty(el, "clientWidth", { value: room, configurable: true });
  Object.defineProperty(el, "scrollWidth", { value: needed, configurable: true });
  Object.defineProperty(el, "clientHeight", { value: 20, configurable: true });
  Object.defineProperty(el, "scrollHeight", { value: 20, configurable: true });
  return el;
}

afterEach(() => (document.body.innerHTML = ""));

describe("cut text gets its full text as a tooltip", () => {
  test("an ellipsis with more text than room: the title is the whole text", () => {
    const el = box(`<span style="overflow: hidden; white-space: nowrap; text-overflow: ellipsis">Replace the end-of-life firewall at the Leeds office</span>`, 100, 380);
    titleCutText(el);
    expect(el.title).toBe("Replace the end-of-life firewall at the Leeds office");
  });

  test("text that fits, or text without an ellipsis, is left alone", () => {
    const fits = box(`<span style="text-overflow: ellipsis">Short</span>`, 100, 40);
    titleCutText(fits);
    expect(fits.hasAttribute("title")).toBe(false);
    const plain = box(`<span>Not styled to be cut</span>`, 100, 380);
    titleCutText(plain);
    expect(plain.hasAttribute("title")).toBe(false);
  });

  test("an element's own title stays", () => {
    const el = box(`<span title="Its own words" style="text-overflow: ellipsis">Long text that is cut here</span>`, 50, 300);
    titleCutText(el);
    expect(el.title).toBe("Its own words");
  });

  test("the pointer on a child of the cut element", () => {
    const el = box(`<span style="text-overflow: ellipsis"><strong>Hannah</strong> Lindqvist-Bergström</span>`, 60, 200);
    titleCutText(el.querySelector("strong"));
    expect(el.title).toBe("Hannah Lindqvist-Bergström");
  });

  test("a select shows its chosen label, following the choice", () => {
    document.body.innerHTML = `<select><option value="1">MR-2026-01 Q1 2026 management review</option><option value="2">Hannah Lindqvist, Information Security Officer</option></select>`;
    const select = document.querySelector("select")!;
    const stop = watchCutText();
    select.dispatchEvent(new Event("pointerover", { bubbles: true }));
    expect(select.title).toBe("MR-2026-01 Q1 2026 management review");
    select.value = "2";
    select.dispatchEvent(new Event("pointerover", { bubbles: true }));
    expect(select.title).toBe("Hannah Lindqvist, Information Security Officer");
    stop();
  });
});
