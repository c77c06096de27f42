// The one time input: the organisation's clock (24-hour for a UK organisation), typed times
// read in any common form, a clear empty state, a named error for text that is not a time,
// the arrow keys, and the label reaching the input.
import { afterEach, describe, expect, test } from "vitest";
import { act } from "preact/test-utils";
import { useState } from "preact/hooks";
import { TimeField } from "./TimeField";
import { setOrganisationZone } from "../lib/dates";
import { checkTime, formatTimeInput, parseTimeInput, shiftTime, uses24Hour } from "../lib/times";
import { $, byLabel, key, mount, type, unmount } from "../test/helpers";

function Harness({ initial = "", seen, error }: { initial?: string; seen: string[]; error?: string }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <label for="t">Start time</label>
      <TimeField id="t" value={value} onChange={(v) => (seen.push(v), setValue(v))} invalid={!!error} />
    </>
  );
}

const input = () => $<HTMLInputElement>("#t")!;
const readback = () => $("#t-time")!.textContent;
const problem = () => $("#t-format")?.textContent ?? null;
const blur = () => act(() => void input().dispatchEvent(new FocusEvent("blur")));

afterEach(() => {
  unmount();
  setOrganisationZone(null);
});

describe("reading a typed time", () => {
  test.each([
    ["0930", "09:30"],
    ["930", "09:30"],
    ["9:30", "09:30"],
    ["9.30", "09:30"],
    ["9h30", "09:30"],
    ["9", "09:00"],
    ["14:05", "14:05"],
    ["00:00", "00:00"],
    ["9:30 pm", "21:30"],
    ["9:30PM", "21:30"],
    ["12:15 am", "00:15"],
    ["12 pm", "12:00"],
    ["930p", "21:30"],
    ["2:30\u202fPM", "14:30"],
    ["  ", ""],
  ])("%j reads as %j", (text, hhmm) => expect(parseTimeInput(text)).toBe(hhmm));

  test.each(["24:00", "9:60", "13 pm", "0 am", "nine", "9:3", "12345", "9:30 x"])("%j is not a time", (text) => expect(parseTimeInput(text)).toBeNull());

  test("the arrow keys' steps land on the next multiple, round the clock", () => {
    expect(shiftTime("09:32", 5)).toBe("09:35");
    expect(shiftTime("09:32", -5)).toBe("09:30");
    expect(shiftTime("09:30", 5)).toBe("09:35");
    expect(shiftTime("23:55", 5)).toBe("00:00");
    expect(shiftTime("00:00", -5)).toBe("23:55");
    expect(shiftTime("09:32", 60)).toBe("10:32");
    expect(shiftTime("00:32", -60)).toBe("23:32");
  });

  test("a UK organisation's clock is 24-hour, a US one's 12-hour", () => {
    expect(uses24Hour("en-GB")).toBe(true);
    expect(formatTimeInput("14:30", "en-GB")).toBe("14:30");
    expect(uses24Hour("en-US")).toBe(false);
    expect(formatTimeInput("14:30", "en-US")).toBe("2:30 PM");
    expect(formatTimeInput("00:15", "en-US")).toBe("12:15 AM");
    expect(checkTime("", "Enter the start time.", "en-GB")).toBe("Enter the start time.");
    expect(checkTime("25:00", undefined, "en-GB")).toBe("Write the time as HH:MM (24-hour), e.g. 14:30.");
    expect(checkTime("09:30", undefined, "en-GB")).toBeUndefined();
  });
});

describe("TimeField for a UK organisation (Europe/London)", () => {
  test("empty: the pattern as placeholder and “No time” beside it; the label names the input", () => {
    setOrganisationZone("Europe/London");
    mount(<Harness seen={[]} />);
    expect(input().type).toBe("text");
    expect(input().value).toBe("");
    expect(input().placeholder).toBe("HH:MM");
    expect(readback()).toBe("No time");
    expect(input().getAttribute("aria-describedby")).toContain("t-time");
    expect(byLabel("Start time")).toBe(input());
  });

  test("shows 24-hour time, hands HH:MM back for what is typed, and writes it the UK way when left", async () => {
    setOrganisationZone("Europe/London");
    const seen: string[] = [];
    mount(<Harness initial="14:30" seen={seen} />);
    expect(input().value).toBe("14:30");
    await type(input(), "0930");
    expect(seen.at(-1)).toBe("09:30");
    await blur();
    expect(input().value).toBe("09:30");
    await type(input(), "2:15 pm");
    expect(seen.at(-1)).toBe("14:15");
    await blur();
    expect(input().value).toBe("14:15");
    expect(input().value).not.toMatch(/[ap]m/i);
    await type(input(), "");
    expect(seen.at(-1)).toBe("");
    expect(readback()).toBe("No time");
  });

  test("text that is not a time: the form gets the text, the message names the form once the field is left", async () => {
    setOrganisationZone("Europe/London");
    const seen: string[] = [];
    mount(<Harness seen={seen} />);
    await type(input(), "25:00");
    expect(seen.at(-1)).toBe("25:00");
    expect(problem()).toBeNull();
    await blur();
    expect(problem()).toBe("Write the time as HH:MM (24-hour), e.g. 14:30.");
    expect(input().getAttribute("aria-invalid")).toBe("true");
    expect(input().getAttribute("aria-describedby")).toContain("t-format");
    await type(input(), "21:00");
    expect(problem()).toBeNull();
  });

  test("the form's own error takes the place of the field's message", async () => {
    setOrganisationZone("Europe/London");
    mount(<Harness seen={[]} error="Enter the start time." />);
    await type(input(), "nope");
    await blur();
    expect(problem()).toBeNull();
    expect(input().getAttribute("aria-invalid")).toBe("true");
  });

  test("↑/↓ move five minutes, Page Up/Down an hour; an empty field starts at 09:00", async () => {
    setOrganisationZone("Europe/London");
    const seen: string[] = [];
    mount(<Harness seen={seen} />);
    await key(input(), "ArrowUp");
    expect(seen.at(-1)).toBe("09:00");
    await key(input(), "ArrowUp");
    expect(input().value).toBe("09:05");
    await key(input(), "PageUp");
    expect(input().value).toBe("10:05");
    await key(input(), "ArrowDown");
    await key(input(), "ArrowDown");
    expect(seen.at(-1)).toBe("09:55");
    await key(input(), "PageDown");
    expect(input().value).toBe("08:55");
  });
});

describe("TimeField for a US organisation (America/New_York)", () => {
  test("shows and steps on a 12-hour clock; the value stays 24-hour", async () => {
    setOrganisationZone("America/New_York");
    const seen: string[] = [];
    mount(<Harness initial="14:30" seen={seen} />);
    expect(input().value).toBe("2:30 PM");
    expect(input().placeholder).toBe("h:mm AM/PM");
    await key(input(), "ArrowUp");
    expect(input().value).toBe("2:35 PM");
    expect(seen.at(-1)).toBe("14:35");
    await type(input(), "1430");
    await blur();
    expect(input().value).toBe("2:30 PM");
  });
});
