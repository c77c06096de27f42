// The one date input: a text field in the organisation's way of writing dates (DD/MM/YYYY for
// a UK organisation), its value ISO "YYYY-MM-DD" for the backend. Empty, it says "No date";
// filled, it repeats the date in words; text that is not a date gets the expected form when
// the field is left. ↑/↓ move a day, Page Up/Page Down a month (from today when empty); the
// calendar button (or Alt+↓) opens a month to pick from, with the keys too.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { today } from "../lib/clock";
import { dateFormatMessage, dateInWords, datePattern, formatDateInput, isIsoDate, monthGrid, monthTitle, parseDateInput, shiftDate, weekdayNames } from "../lib/dates";
import { useTypedValue } from "../lib/typedField";
import { Icon } from "./Icon";

const DATE = { is: isIsoDate, parse: parseDateInput, format: formatDateInput };

export function DateField({ id, value, onChange, invalid = false, describedBy, empty = "No date" }: {
  id: string;
  /** ISO "YYYY-MM-DD", "" for no date, or text that did not read as a date. */
  value: string;
  /** Called with the ISO date, "" when emptied, or the typed text when it is not a date. */
  onChange: (value: string) => void;
  /** The form shows an error for this field: the field's own message steps aside. */
  invalid?: boolean;
  describedBy?: string;
  /** What an empty field means, e.g. "Today" where the backend takes today. */
  empty?: string;
}) {
  const { loc, text, parsed, left, edit, set, leave } = useTypedValue(value, onChange, DATE);
  const [picking, setPicking] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey && e.key === "ArrowDown") {
      e.preventDefault();
      setPicking(true);
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const step: Record<string, [number, number]> = { ArrowUp: [1, 0], ArrowDown: [-1, 0], PageUp: [0, 1], PageDown: [0, -1] };
    const move = step[e.key];
    if (!move) return;
    e.preventDefault();
    set(parsed ? shiftDate(parsed, move[0], move[1]) : today());
  };
  const problem = parsed === null && left ? dateFormatMessage(loc) : undefined;
  const pattern = datePattern(loc);
  const readback = parsed ? dateInWords(parsed, loc) : parsed === "" ? empty : pattern;
  const described = [describedBy, `${id}-date`, problem && !invalid ? `${id}-format` : undefined].filter(Boolean).join(" ");
  return (
    <>
      <span class="date-field">
        <input
          id={id}
          ref={input}
          type="text"
          class="date-input"
          value={text}
          placeholder={pattern}
          autocomplete="off"
          spellcheck={false}
          aria-invalid={invalid || !!problem}
          aria-describedby={described}
          onInput={(e) => edit(e.currentTarget.value)}
          onBlur={leave}
          onKeyDown={onKeyDown}
        />
        <button type="button" class="icon-button date-open" id={`${id}-pick`} aria-label="Choose from a calendar" title="Choose from a calendar (Alt+↓)" aria-expanded={picking} aria-controls={picking ? `${id}-calendar` : undefined} onClick={() => setPicking(!picking)}>
          <Icon name="calendar" />
        </button>
        <span class={`date-readback${parsed ? "" : " muted"}`} id={`${id}-date`}>
          {readback}
        </span>
        {picking && (
          <Calendar
            id={`${id}-calendar`}
            value={parsed || today()}
            loc={loc}
            onPick={(iso) => (set(iso), setPicking(false), input.current?.focus())}
            onClose={(refocus) => (setPicking(false), refocus && input.current?.focus())}
          />
        )}
      </span>
      {problem && !invalid && (
        <p class="field-error" id={`${id}-format`}>
          {problem}
        </p>
      )}
    </>
  );
}

/**
 * A month to pick a day from: a grid of day buttons. ←/→ a day, ↑/↓ a week, Page Up/Down a
 * month, Home/End the week's ends, Enter or Space picks, Escape closes.
 */
function Calendar({ id, value, loc, onPick, onClose }: { id: string; value: string; loc: string | undefined; onPick: (iso: string) => void; onClose: (refocus: boolean) => void }) {
  const [focus, setFocus] = useState(value);
  const grid = useRef<HTMLDivElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => grid.current?.querySelector<HTMLElement>(`[data-day="${focus}"]`)?.focus(), [focus]);
  useEffect(() => {
    // A press outside closes it, as a menu does, leaving focus to what was pressed.
    const outside = (e: PointerEvent) => !dialog.current?.parentElement?.contains(e.target as Node) && onClose(false);
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, []);
  const weeks = monthGrid(focus, loc);
  const onKeyDown = (e: KeyboardEvent) => {
    const row = weeks.find((w) => w.includes(focus)) ?? [];
    const moves: Record<string, () => string> = {
      ArrowLeft: () => shiftDate(focus, -1),
      ArrowRight: () => shiftDate(focus, 1),
      ArrowUp: () => shiftDate(focus, -7),
      ArrowDown: () => shiftDate(focus, 7),
      PageUp: () => shiftDate(focus, 0, -1),
      PageDown: () => shiftDate(focus, 0, 1),
      Home: () => row[0] ?? focus,
      End: () => row[6] ?? focus,
    };
    if (moves[e.key]) {
      e.preventDefault();
      setFocus(moves[e.key]());
    } else if ((e.key === "Enter" || e.key === " ") && (e.target as HTMLElement).dataset.day) {
      // The day moved to, even before focus has followed it.
      e.preventDefault();
      onPick(focus);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onClose(true);
    }
  };
  const month = focus.slice(0, 7);
  return (
    <div class="date-calendar" id={id} role="dialog" aria-label="Choose a date" ref={dialog} onKeyDown={onKeyDown}>
      <div class="date-calendar-head">
        <button type="button" class="icon-button" aria-label="Previous month" onClick={() => setFocus(shiftDate(focus, 0, -1))}>
          <Icon name="chevronLeft" />
        </button>
        <strong aria-live="polite">{monthTitle(focus, loc)}</strong>
        <button type="button" class="icon-button" aria-label="Next month" onClick={() => setFocus(shiftDate(focus, 0, 1))}>
          <Icon name="chevronRight" />
        </button>
      </div>
      <div role="grid" ref={grid} aria-label={monthTitle(focus, loc)}>
        <div role="row" class="date-calendar-row">
          {weekdayNames(loc).map((d) => (
            <span role="columnheader" key={d} class="muted small">
              {d}
            </span>
          ))}
        </div>
        {weeks.map((week) => (
          <div role="row" class="date-calendar-row" key={week[0]}>
            {week.map((day) => (
              <span role="gridcell" key={day}>
                <button
                  type="button"
                  data-day={day}
                  tabIndex={day === focus ? 0 : -1}
                  class={`date-day${day.startsWith(month) ? "" : " muted"}${day === value ? " chosen" : ""}${day === today() ? " today" : ""}`}
                  aria-label={dateInWords(day, loc)}
                  aria-pressed={day === value}
                  onClick={() => onPick(day)}
                >
                  {Number(day.slice(8))}
                </button>
              </span>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
