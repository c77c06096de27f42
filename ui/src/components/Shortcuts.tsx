// The `?` overlay: every keyboard shortcut of the window, the fixed ones and those the
// current screen registered with the command palette.
import { useEffect, useRef } from "preact/hooks";
import { modKey, useAllCommands } from "../lib/commands";

const FIXED: [string, string][] = [
  [`${modKey} K`, "Open the command palette"],
  ["?", "Show this list of shortcuts"],
  ["/", "Search the current list (or open the palette)"],
  ["↑ ↓, Enter", "Move between rows, open the selected one"],
  ["Space", "Select a row of the register"],
  ["J / K", "With an action's panel open: the next or previous action"],
  ["↑ ↓, Page Up / Down", "In a date field: a day, a month later or earlier"],
  ["Alt ↓", "In a date field: choose from a calendar"],
  ["↑ ↓, Page Up / Down", "In a time field: 5 minutes, an hour later or earlier"],
  [`${modKey} Z`, "Undo a removal while its message shows"],
  ["← →", "Move between a review's tabs, or the registers' tabs"],
  ["Alt ↑ / Alt ↓", "Move an agenda item up or down"],
  ["Esc", "Close a panel or dialog"],
];

export function Shortcuts({ onClose }: { onClose: () => void }) {
  const commands = useAllCommands().filter((c) => c.shortcut);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  const rows: [string, string][] = [...FIXED, ...commands.map((c) => [c.shortcut!, c.title] as [string, string])];
  return (
    <div class="overlay" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        class="palette shortcuts"
        id="shortcuts"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === "Escape" || e.key === "?") {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          } else if (e.key === "Tab") e.preventDefault(); // one control: focus stays here
        }}
      >
        <div class="card-head">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button ref={close} type="button" class="button small" onClick={onClose}>
            Close
          </button>
        </div>
        <table class="shortcuts-table">
          <tbody>
            {rows.map(([keys, what]) => (
              <tr key={`${keys}${what}`}>
                <th scope="row">
                  <kbd>{keys}</kbd>
                </th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
