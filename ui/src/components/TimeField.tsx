// The one time input: a text field in the organisation's clock (24-hour "14:30" for a UK
// organisation, "2:30 PM" for a US one), its value "HH:MM" (24-hour) for the backend. It reads
// "0930", "9:30", "9.30" or "9:30 pm"; empty, it says so; text that is not a time gets the
// expected form when the field is left. ↑/↓ move 5 minutes, Page Up/Page Down an hour.
// The label is the caller's (`<label for={id}>`, e.g. through Field), as for any input.
import { formatTimeInput, isTime, parseTimeInput, shiftTime, timeFormatMessage, timePattern } from "../lib/times";
import { useTypedValue } from "../lib/typedField";

const TIME = { is: isTime, parse: (text: string) => parseTimeInput(text), format: formatTimeInput };

/** Where the arrow keys start in an empty field. */
const FIRST = "09:00";

export function TimeField({ id, value, onChange, invalid = false, describedBy, empty = "No time" }: {
  id: string;
  /** "HH:MM" (24-hour), "" for no time, or text that did not read as a time. */
  value: string;
  /** Called with "HH:MM", "" when emptied, or the typed text when it is not a time. */
  onChange: (value: string) => void;
  /** The form shows an error for this field: the field's own message steps aside. */
  invalid?: boolean;
  describedBy?: string;
  /** What an empty field means. */
  empty?: string;
}) {
  const { loc, text, parsed, left, edit, set, leave } = useTypedValue(value, onChange, TIME);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const steps: Record<string, number> = { ArrowUp: 5, ArrowDown: -5, PageUp: 60, PageDown: -60 };
    const by = steps[e.key];
    if (!by) return;
    e.preventDefault();
    set(parsed ? shiftTime(parsed, by) : FIRST);
  };
  const problem = parsed === null && left ? timeFormatMessage(loc) : undefined;
  const pattern = timePattern(loc);
  const readback = parsed === "" ? empty : parsed === null ? pattern : "";
  const described = [describedBy, `${id}-time`, problem && !invalid ? `${id}-format` : undefined].filter(Boolean).join(" ");
  return (
    <>
      <span class="time-field">
        <input
          id={id}
          type="text"
          class="time-input"
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
        <span class="time-readback muted" id={`${id}-time`}>
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
