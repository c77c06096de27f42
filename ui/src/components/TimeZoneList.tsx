import { timeZones } from "../lib/validation";

/** Read once: the list does not change while the window runs (about 400 names). */
let zones: string[] | null = null;

/** The time zones this computer knows, for a time-zone field's `list` (a combobox to type or pick in). */
export function TimeZoneList({ id }: { id: string }) {
  zones ??= timeZones();
  return (
    <datalist id={id}>
      {zones.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}
