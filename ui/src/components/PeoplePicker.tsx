// A list of chosen names as chips, each removable, and one field that suggests people as
// you type (a combobox over the People list); Enter or Add puts the name in the list.
// `free` also accepts names that are not people (a distribution list may name a board).
import { useState } from "preact/hooks";
import { Icon } from "./Icon";

export function PeoplePicker({ id, label, values, options, free, readOnly, onChange }: { id: string; label: string; values: string[]; options: string[]; free: boolean; readOnly: boolean; onChange: (next: string[]) => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>();
  const add = () => {
    const name = text.trim();
    if (!name) return;
    const known = options.find((o) => o.toLowerCase() === name.toLowerCase());
    if (!known && !free) return setError(`${name} is not in People: add them there first, or choose a name from the list.`);
    const value = known ?? name;
    if (!values.includes(value)) onChange([...values, value]);
    setText("");
    setError(undefined);
  };
  return (
    <div class="field people-picker" role="group" aria-labelledby={`${id}-label`}>
      <span class="field-label" id={`${id}-label`}>
        {label}
      </span>
      <ul class="picked" aria-label={`${label}: chosen`}>
        {values.length === 0 && <li class="muted small">None yet</li>}
        {values.map((v) => (
          <li key={v} class="chip chip-open" title={v}>
            <span class="truncate">{v}</span>
            {!readOnly && (
              <button type="button" class="chip-remove" aria-label={`Remove ${v}`} onClick={() => onChange(values.filter((x) => x !== v))}>
                <Icon name="close" size={12} />
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <div class="inline-form">
          <input
            id={id}
            type="text"
            role="combobox"
            list={`${id}-people`}
            autocomplete="off"
            aria-label={`Add to ${label.toLowerCase()}`}
            placeholder={free ? "A person or a group" : "A person"}
            value={text}
            onInput={(e) => (setText(e.currentTarget.value), setError(undefined))}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                add();
              }
            }}
            aria-invalid={!!error}
            aria-describedby={error ? `${id}-error` : undefined}
          />
          <datalist id={`${id}-people`}>
            {options.filter((o) => !values.includes(o)).map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
          <button type="button" class="button small" id={`${id}-add`} onClick={add}>
            Add
          </button>
        </div>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
