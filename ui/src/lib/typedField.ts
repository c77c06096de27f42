// What the date and time fields share: text typed in the organisation's form, a value kept
// in a canonical one for the backend (ISO dates, 24-hour times).
import { useState } from "preact/hooks";
import { useDateLocale } from "./dates";

export interface TypedForm {
  /** Whether a value is already canonical (and so shown in the organisation's form). */
  is: (value: string) => boolean;
  /** The canonical value of typed text, "" for empty text, null when it reads as none. */
  parse: (text: string, loc: string | undefined) => string | null;
  /** A canonical value in the organisation's form. */
  format: (canonical: string, loc: string | undefined) => string;
}

/**
 * The field's text and what it reads as. The text typed is kept with the value and locale it
 * belongs to: a value set from outside (a reset, another control) or a new locale shows that
 * value instead. `left`: the field was left since the last edit (a wrong form is said then).
 */
export function useTypedValue(value: string, onChange: (value: string) => void, { is, parse, format }: TypedForm) {
  const loc = useDateLocale();
  const shown = (v: string) => (is(v) ? format(v, loc) : v);
  const [typed, setTyped] = useState({ text: shown(value), value, loc });
  const [left, setLeft] = useState(false);
  const text = typed.value === value && typed.loc === loc ? typed.text : shown(value);
  const parsed = parse(text, loc);
  const show = (next: string, emitted: string) => {
    setTyped({ text: next, value: emitted, loc });
    if (emitted !== value) onChange(emitted);
  };
  return {
    loc,
    text,
    parsed,
    left,
    /** Typed text: emitted as its canonical value, or as typed when it reads as none. */
    edit: (next: string) => {
      setLeft(false);
      const canonical = parse(next, loc);
      show(next, canonical === null ? next : canonical);
    },
    /** A canonical value chosen by keys or a picker. */
    set: (canonical: string) => {
      setLeft(false);
      show(format(canonical, loc), canonical);
    },
    /** Leaving the field: readable text is shown in the organisation's form. */
    leave: () => {
      setLeft(true);
      if (parsed) show(format(parsed, loc), parsed);
    },
  };
}
