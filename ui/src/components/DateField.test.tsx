import { afterEach, describe, expect, test } from "vitest";
import { act } from "preact/test-utils";
import { useState } from "preact/hooks";
import { DateField } from "./DateField";
import { setOrganisationZone } from "../lib/dates";
import { today } from "../lib/clock";
import { $, $$, click, key, mount, type, unmount } from "../test/helpers";

/** A form holding the field's value, as every screen does; `seen` records what it received. */
function Harness({ initial = "", seen, error }: { initial?: string; seen: string[]; error?: string }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <label for="d">Target date</label>
      <DateField id="d" value={value} onChange={(v) => (seen.push(v), setValue(v))} invalid={!!error} />
      <button type="button" id="reset" onClick={() => setValue("")}>
        Reset
      </button>
    </>
  );
}

const input = () => $<HTMLInputElement>("#d")!;
const readback = () => $("#d-date")!.textContent;
const problem = () => $("#d-format")?.textContent ?? null;
const blur = () => act(() => void input().dispatchEvent(new FocusEvent("blur")));

afterEach(() => {
  unmount();
  setOrganisationZone(null);
});

describe("DateField for a UK organisation (Europe/London)", () => {
  test("empty: no grey date, the pattern as placeholder and “No date” beside it", () => {
    setOrganisationZone("Europe/London");
    mount(<Harness seen={[]} />);
    expect(input().type).toBe("text");
    expect(input().value).toBe("");
    expect(input().placeholder).toBe("DD/MM/YYYY");
    expect(readback()).toBe("No date");
    expect(input().getAttribute("aria-describedby")).toContain("d-date");
  });

  test("shows an ISO value the UK way and hands ISO back for what is typed", async () => {
    setOrganisationZone("Europe/London");
    const seen: string[] = [];
    mount(<Harness initial="2027-03-09" seen={seen} />);
    expect(input().value).toBe("09/03/2027");
    expect(readback()).toMatch(/^Tue,? 9 March 2027$/);
    await type(input(), "25/12/2026");
    expect(seen.at(-1)).toBe("2026-12-25");
    expect(readback()).toMatch(/25 December 2026/);
    // Emptied: "" for the backend, and the empty state again.
    await type(input(), "");
    expect(seen.at(-1)).toBe("");
    expect(readback()).toBe("No date");
  });

  test("text that is not a date: the form gets the text, the message names the form once the field is left", async () => {
    setOrganisationZone("Europe/London");
    const seen: string[] = [];
    mount(<Harness seen={seen} />);
    await type(input(), "12/25/2026");
    expect(seen.at(-1)).toBe("12/25/2026");
    expect(problem()).toBeNull(); // not while typing
    await blur();
    expect(problem()).toMatch(/^Write the date as DD\/MM\/YYYY, e\.g\. 25\/12\/\d{4}\.$/);
    expect(input().getAttribute("aria-invalid")).toBe("true");
    expect(input().getAttribute("aria-describedby")).toContain("d-format");
    // Typing again clears the message; a date in words is read and rewritten on leaving.
    await type(input(), "9 mar 2027");
    expect(problem()).toBeNull();
    expect(seen.at(-1)).toBe("2027-03-09");
    await blur();
    expect(input().value).toBe("09/03/2027");
  });

  test("the form's own error replaces the field's message", async () => {
    setOrganisationZone("Europe/London");
    mount(<Harness seen={[]} error="Choose the target date." />);
    await type(input(), "soon");
    await blur();
    expect(problem()).toBeNull();
    expect(input().getAttribute("aria-invalid")).toBe("true");
  });

  test("keyboard: ↑ from empty is today, then ↑/↓ a day and Page Up/Down a month", async () => {
    setOrganisationZone("Europe/London");
    const seen: string[] = [];
    mount(<Harness seen={seen} />);
    await key(input(), "ArrowUp");
    expect(seen.at(-1)).toBe(today());
    await type(input(), "31/01/2027");
    await key(input(), "PageUp");
    expect(seen.at(-1)).toBe("2027-02-28");
    expect(input().value).toBe("28/02/2027");
    await key(input(), "ArrowDown");
    expect(seen.at(-1)).toBe("2027-02-27");
  });

  test("a value reset from outside shows the empty state", async () => {
    setOrganisationZone("Europe/London");
    mount(<Harness initial="2027-03-09" seen={[]} />);
    await act(() => $<HTMLButtonElement>("#reset")!.click());
    expect(input().value).toBe("");
    expect(readback()).toBe("No date");
  });
});

describe("the calendar: a month to pick from, all by keyboard", () => {
  test("Alt+↓ opens it on the field's date; arrows, Page Down and Enter pick; focus returns to the field", async () => {
    setOrganisationZone("Europe/London");
    const seen: string[] = [];
    mount(<Harness initial="2027-03-09" seen={seen} />);
    await key(input(), "ArrowDown", { altKey: true });
    const dialog = $("#d-calendar")!;
    expect(dialog.getAttribute("role")).toBe("dialog");
    expect($("#d-pick")!.getAttribute("aria-expanded")).toBe("true");
    // Monday first for a UK organisation; March 2027 starts on a Monday.
    expect($$("#d-calendar [role='columnheader']").map((h) => h.textContent)).toEqual(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    expect($$("#d-calendar [data-day]")[0].dataset.day).toBe("2027-03-01");
    expect(document.activeElement?.getAttribute("data-day")).toBe("2027-03-09");
    expect(document.activeElement?.getAttribute("aria-pressed")).toBe("true");
    await key(document.activeElement!, "ArrowRight");
    await key(document.activeElement!, "ArrowDown");
    expect(document.activeElement?.getAttribute("data-day")).toBe("2027-03-17");
    await key(document.activeElement!, "PageDown");
    expect(document.activeElement?.getAttribute("data-day")).toBe("2027-04-17");
    expect(dialog.textContent).toContain("April 2027");
    await key(document.activeElement!, "Home");
    expect(document.activeElement?.getAttribute("data-day")).toBe("2027-04-12");
    await key(document.activeElement!, "Enter");
    expect(seen.at(-1)).toBe("2027-04-12");
    expect(input().value).toBe("12/04/2027");
    expect($("#d-calendar")).toBeNull();
    expect(document.activeElement).toBe(input());
  });

  test("an empty field opens on today; Escape closes without a change", async () => {
    setOrganisationZone("America/New_York");
    const seen: string[] = [];
    mount(<Harness seen={seen} />);
    await click($("#d-pick"));
    expect(document.activeElement?.getAttribute("data-day")).toBe(today());
    expect($$("#d-calendar [role='columnheader']")[0].textContent).toBe("Sun");
    await key(document.activeElement!, "Escape");
    expect($("#d-calendar")).toBeNull();
    expect(seen).toEqual([]);
    expect(input().value).toBe("");
    expect(document.activeElement).toBe(input());
    // A press outside closes it too, as a menu does.
    await click($("#d-pick"));
    expect($("#d-calendar")).not.toBeNull();
    await act(() => void document.body.dispatchEvent(new Event("pointerdown", { bubbles: true })));
    expect($("#d-calendar")).toBeNull();
    expect(seen).toEqual([]);
  });
});

describe("DateField for a US organisation (America/New_York)", () => {
  test("month first, both ways", async () => {
    setOrganisationZone("America/New_York");
    const seen: string[] = [];
    mount(<Harness initial="2027-03-09" seen={seen} />);
    expect(input().value).toBe("03/09/2027");
    expect(input().placeholder).toBe("MM/DD/YYYY");
    await type(input(), "12/25/2026");
    expect(seen.at(-1)).toBe("2026-12-25");
    await type(input(), "25/12/2026");
    await blur();
    expect(problem()).toMatch(/^Write the date as MM\/DD\/YYYY, e\.g\. 12\/25\/\d{4}\.$/);
  });

  test("the organisation's zone changing redraws the field", async () => {
    setOrganisationZone("America/New_York");
    mount(<Harness initial="2027-03-09" seen={[]} />);
    expect(input().value).toBe("03/09/2027");
    await act(() => setOrganisationZone("Europe/London"));
    expect(input().value).toBe("09/03/2027");
  });
});
