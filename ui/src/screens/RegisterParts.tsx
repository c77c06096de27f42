// Pieces the Registers screen, its import panel and the review's register extracts share: a
// snapshot's SHA-256 shortened (whole in a tooltip, copied with a button), a register's rows as
// a table, and the changes between two snapshots.
import { useMemo } from "preact/hooks";
import type { RegisterChanges, RegisterKind, RegisterTable } from "../lib/ipc";
import { showError, showToast } from "../lib/toasts";
import { DataTable, type Column, type SortState } from "../components/DataTable";
import { Icon } from "../components/Icon";

/** "Internal audit findings" from core's "internal audit findings". */
export const title = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);

/** The first characters of a SHA-256, with the whole in a tooltip and a copy button. */
export function Sha({ sha, id }: { sha: string; id?: string }) {
  const copy = () =>
    navigator.clipboard?.writeText(sha).then(
      () => showToast({ tone: "info", title: "Copied", message: "The SHA-256 is on the clipboard." }),
      showError,
    );
  return (
    <span class="sha">
      SHA-256{" "}
      <span class="mono" id={id} title={sha}>
        {sha.slice(0, 12)}…
      </span>
      <button type="button" class="icon-button" onClick={copy} aria-label="Copy the full SHA-256" title="Copy the full SHA-256">
        <Icon name="copy" />
      </button>
    </span>
  );
}

/** A register's rows as a dense, sortable table under its template's column names. */
export function RegisterRows({ table, sort, onSort, label }: { table: RegisterTable; sort: SortState | null; onSort: (s: SortState) => void; label: string }) {
  const columns = useMemo<Column<string[]>[]>(
    () =>
      table.columns.map((header, i) => ({
        id: String(i),
        header,
        width: i === 0 ? "7rem" : header === "Title" || header === "Finding" ? "18rem" : "9rem",
        cell: (row) => (row[i] ? <span class="truncate" title={row[i]}>{row[i]}</span> : <span class="muted">—</span>),
        sortValue: (row) => row[i] || null,
      })),
    [table],
  );
  return <DataTable label={label} columns={columns} rows={table.rows} rowKey={(row) => row[0]} sort={sort} onSortChange={onSort} empty="No rows." />;
}

/** New, changed (with the columns) and gone rows, each list folded under its count. */
export function ChangeList({ changes }: { changes: RegisterChanges }) {
  const none = !changes.new.length && !changes.changed.length && !changes.gone.length;
  if (none) return <p class="muted">No row changed.</p>;
  return (
    <div class="change-list">
      <p class="change-counts">
        <strong class="num">{changes.new.length}</strong> new, <strong class="num">{changes.changed.length}</strong> changed, <strong class="num">{changes.gone.length}</strong> gone
      </p>
      {changes.new.length > 0 && (
        <details>
          <summary>
            <span class="num">{changes.new.length}</span> new
          </summary>
          <p class="mono small">{changes.new.join(", ")}</p>
        </details>
      )}
      {changes.changed.length > 0 && (
        <details>
          <summary>
            <span class="num">{changes.changed.length}</span> changed
          </summary>
          <ul class="small">
            {changes.changed.map((c) => (
              <li key={c.id}>
                <span class="mono">{c.id}</span>: {c.columns.join(", ")}
              </li>
            ))}
          </ul>
        </details>
      )}
      {changes.gone.length > 0 && (
        <details>
          <summary>
            <span class="num">{changes.gone.length}</span> gone
          </summary>
          <p class="mono small">{changes.gone.join(", ")}</p>
        </details>
      )}
    </div>
  );
}

/** Core's labels of the registers, for the places that have only the kind. */
export const REGISTER_LABEL: Record<RegisterKind, string> = { risks: "risks", incidents: "incidents", audit_findings: "internal audit findings", suppliers: "supplier reviews" };
