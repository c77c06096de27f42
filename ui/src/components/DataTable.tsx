// A dense, sortable table with a sticky header and keyboard row navigation:
// ↑/↓ (or j/k) move, Home/End jump, Enter opens the row.
import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Icon } from "./Icon";

export type SortDirection = "asc" | "desc";
export interface SortState {
  column: string;
  direction: SortDirection;
}

export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ComponentChildren;
  /** Makes the column sortable. Null (no value) sorts last in both directions. */
  sortValue?: (row: T) => string | number | null;
  numeric?: boolean;
  /** CSS width, e.g. "8rem". */
  width?: string;
}

export function sortRows<T>(rows: T[], columns: Column<T>[], sort: SortState | null): T[] {
  const column = sort && columns.find((c) => c.id === sort.column);
  if (!column?.sortValue || !sort) return rows;
  const value = column.sortValue;
  const factor = sort.direction === "asc" ? 1 : -1;
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const c = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
    return c * factor;
  });
}

interface Props<T> {
  label: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  sort: SortState | null;
  onSortChange: (sort: SortState) => void;
  onOpen?: (row: T) => void;
  /** The row shown in a detail panel, highlighted. */
  selectedKey?: string | null;
  empty?: ComponentChildren;
  /** Multi-select: a checkbox per row (Space toggles the focused row) and one for all shown. */
  selection?: { selected: ReadonlySet<string>; onChange: (next: Set<string>) => void };
}

export function DataTable<T>({ label, columns, rows, rowKey, sort, onSortChange, onOpen, selectedKey, empty, selection }: Props<T>) {
  const sorted = useMemo(() => sortRows(rows, columns, sort), [rows, columns, sort]);
  const [active, setActive] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);

  useEffect(() => {
    if (active >= sorted.length) setActive(Math.max(0, sorted.length - 1));
  }, [sorted.length, active]);

  // Keep the active row on the selected record when one is opened from elsewhere.
  useEffect(() => {
    if (!selectedKey) return;
    const i = sorted.findIndex((r) => rowKey(r) === selectedKey);
    if (i >= 0) setActive(i);
  }, [selectedKey, sorted, rowKey]);

  const focusRow = (i: number) => {
    const clamped = Math.min(Math.max(i, 0), sorted.length - 1);
    setActive(clamped);
    const row = body.current?.querySelectorAll<HTMLTableRowElement>(":scope > tr")[clamped];
    row?.focus();
    row?.scrollIntoView?.({ block: "nearest" });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const moves: Record<string, number> = { ArrowDown: active + 1, j: active + 1, ArrowUp: active - 1, k: active - 1, Home: 0, End: sorted.length - 1, PageDown: active + 10, PageUp: active - 10 };
    if (e.key in moves) {
      e.preventDefault();
      focusRow(moves[e.key]);
    } else if (e.key === " " && selection && (e.target as HTMLElement).tagName === "TR") {
      // The focused row itself (focus and the active index agree, but the target is certain).
      e.preventDefault();
      const key = (e.target as HTMLElement).dataset.key;
      if (key) toggle(key);
    } else if (e.key === "Enter" && onOpen && sorted[active]) {
      e.preventDefault();
      onOpen(sorted[active]);
    }
  };

  const toggle = (key: string) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    selection.onChange(next);
  };
  const shownKeys = sorted.map(rowKey);
  const allShown = shownKeys.length > 0 && shownKeys.every((k) => selection?.selected.has(k));

  const toggleSort = (column: Column<T>) => {
    const direction: SortDirection = sort?.column === column.id && sort.direction === "asc" ? "desc" : "asc";
    onSortChange({ column: column.id, direction });
  };

  return (
    <div class="table-wrap">
      <table class="data-table" aria-label={label} aria-rowcount={sorted.length + 1}>
        <colgroup>
          {selection && <col style={{ width: "2.25rem" }} />}
          {columns.map((c) => (
            <col key={c.id} style={c.width ? { width: c.width } : undefined} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {selection && (
              <th scope="col" class="select-cell">
                <input
                  type="checkbox"
                  aria-label={allShown ? "Unselect all shown rows" : "Select all shown rows"}
                  checked={allShown}
                  onChange={() => selection.onChange(allShown ? new Set([...selection.selected].filter((k) => !shownKeys.includes(k))) : new Set([...selection.selected, ...shownKeys]))}
                />
              </th>
            )}
            {columns.map((c) => {
              const state = sort?.column === c.id ? sort.direction : null;
              return (
                <th
                  key={c.id}
                  scope="col"
                  class={c.numeric ? "num" : undefined}
                  aria-sort={state === "asc" ? "ascending" : state === "desc" ? "descending" : c.sortValue ? "none" : undefined}
                >
                  {c.sortValue ? (
                    <button type="button" class="th-sort" onClick={() => toggleSort(c)} title={`Sort by ${c.header.toLowerCase()}`}>
                      {c.header}
                      <Icon name={state === "asc" ? "arrowUp" : state === "desc" ? "arrowDown" : "sort"} size={12} class={state ? "" : "muted-icon"} />
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody ref={body} onKeyDown={onKeyDown}>
          {sorted.map((row, i) => {
            const key = rowKey(row);
            return (
              <tr
                key={key}
                data-key={key}
                tabIndex={i === active ? 0 : -1}
                aria-current={selectedKey === key ? "true" : undefined}
                aria-selected={selection ? selection.selected.has(key) : undefined}
                class={selectedKey === key ? "selected" : undefined}
                onFocus={() => setActive(i)}
                onClick={() => {
                  setActive(i);
                  onOpen?.(row);
                }}
              >
                {selection && (
                  <td class="select-cell" onClick={(e) => e.stopPropagation()}>
                    <input type="checkbox" tabIndex={-1} aria-label={`Select ${key}`} checked={selection.selected.has(key)} onChange={() => toggle(key)} />
                  </td>
                )}
                {columns.map((c) => (
                  <td key={c.id} class={c.numeric ? "num" : undefined}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {sorted.length === 0 && <div class="table-empty">{empty}</div>}
    </div>
  );
}
