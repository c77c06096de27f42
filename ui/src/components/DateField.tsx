// The one date input: a text field in the organisation's way of writing dates (DD/MM/YYYY for
// a UK organisation), its value ISO "YYYY-MM-DD" for the backend. Empty, it says "No date";
// filled, it repeats the date in words; text that is not a date gets the expected form when
// the field is left. ↑/↓ move a day, Page Up/Page Down a month (from today when empty).
import { useState } from "preact/hooks";
import { today } from "../lib/clock";
import { dateFormatMessage, dateInWords, datePattern, formatDateInput, isIsoDate, parseDateInput, shiftDate, useDateLocale } from "../lib/dates";

export function DateField({ id, value, onChange, invalid = false, describedBy, disabled = false, label, empty = "No date" }: {
  id: string;
  /** ISO "YYYY-MM-DD", "" for no date, or text that did not read as a date. */
  value: string;
  /** Called with the ISO date, "" when emptied, or the typed text when it is not a date. */
  onChange: (value: string) => void;
  /** The form shows an error for this field: the field's own message steps aside. */
  invalid?: boolean;
  describedBy?: string;
  disabled?: boolean;
  /** An accessible name when no <label for> names the field. */
  label?: string;
  /** What an empty field means, e.g. "Today" where the backend takes today. */
  empty?: string;
}) {
  const loc = useDateLocale();
  const shown = (v: string) => (isIsoDate(v) ? formatDateInput(v, loc) : v);
  // The text typed, with the value and locale it belongs to: a value set from outside (a
  // reset, another control) or a new locale shows that value instead.
  const [typed, setTyped] = useState({ text: shown(value), value, loc });
  const [left, setLeft] = useState(false);
  const text = typed.value === value && typed.loc === loc ? typed.text : shown(value);
  const parsed = parseDateInput(text, loc);
  const show = (next: string, emitted: string) => {
    setTyped({ text: next, value: emitted, loc });
    if (emitted !== value) onChange(emitted);
  };
  const edit = (next: string) => {
    setLeft(false);
    const iso = parseDateInput(next, loc);
    show(next, iso === null ? next : iso);
  };
  const set = (iso: string) => {
    setLeft(false);
    show(formatDateInput(iso, loc), iso);
  };
  const onKeyDown = (e: KeyboardEvent) => {
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
          type="text"
          class="date-input"
          value={text}
          placeholder={pattern}
          autocomplete="off"
          spellcheck={false}
          disabled={disabled}
          aria-label={label}
          aria-invalid={invalid || !!problem}
          aria-describedby={described}
          onInput={(e) => edit(e.currentTarget.value)}
          onBlur={() => {
            setLeft(true);
            if (parsed) show(formatDateInput(parsed, loc), parsed);
          }}
          onKeyDown={onKeyDown}
        />
        <span class={`date-readback${parsed ? "" : " muted"}`} id={`${id}-date`}>
          {readback}
        </span>
      </span>
      {problem && !invalid && (
        <p class="field-error" id={`${id}-format`}>
          {problem}
        </p>
      )}
    </>
  );
}
