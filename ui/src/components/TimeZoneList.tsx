import { timeZones } from "../lib/validation";

/** The time zones this computer knows, for a time-zone field's `list` (a combobox to type or pick in). */
export function TimeZoneList({ id }: { id: string }) {
  return (
    <datalist id={id}>
      {timeZones().map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}
