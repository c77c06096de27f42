// What a review read from one of the organisation's registers, under the input it feeds: the
// snapshot cited (as at the meeting), its figures, the items an auditor asks about with what
// in the review answers each, and the rows read. Read-only: the register changes by importing
// a new snapshot on the Registers screen.
import { useState } from "preact/hooks";
import type { ConcernKind, RegisterExtract } from "../lib/ipc";
import { formatDate, formatNumber } from "../lib/format";
import type { SortState } from "../components/DataTable";
import { REGISTER_LABEL, RegisterRows, Sha } from "./RegisterParts";

const CONCERN: Record<ConcernKind, string> = {
  open_nonconformity: "Open nonconformity",
  acceptance_unsigned: "Risk accepted without the owner's sign-off",
  acceptance_expired: "Risk acceptance expired",
  major_incident: "Major incident",
};

export function RegisterExtractView({ extract }: { extract: RegisterExtract }) {
  const [sort, setSort] = useState<SortState | null>(null);
  const label = REGISTER_LABEL[extract.kind];
  const id = `extract-${extract.inputCode}-${extract.kind}`;
  return (
    <section class="register-extract" id={id} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>
        From the {label} snapshot taken on {formatDate(extract.snapshot.takenOn)}
      </h4>
      <p class="muted small">
        <span class="mono">{extract.snapshot.sourceName}</span>, <Sha sha={extract.snapshot.sourceSha256} />
      </p>
      <dl class="extract-figures" aria-label={`Figures from the ${label}`}>
        {extract.figures.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd class="num">{formatNumber(f.value)}</dd>
          </div>
        ))}
      </dl>
      {extract.concerns.length > 0 && (
        <ul class="concern-list" aria-label={`What the review must answer from the ${label}`}>
          {extract.concerns.map((c) => (
            <li key={`${c.kind}-${c.item}`} class={c.answeredBy ? "concern-answered" : "concern-open"}>
              <span class="muted">{CONCERN[c.kind]}:</span> <span class="mono">{c.item}</span> {c.title} <span class="muted">({c.detail})</span>
              <span class="concern-answer">{c.answeredBy ? `answered by ${c.answeredBy}` : "not answered"}</span>
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>
          The <span class="num">{extract.table.rows.length}</span> rows read
        </summary>
        <p class="muted small">{extract.scopeNote}</p>
        {extract.table.rows.length > 0 && <RegisterRows table={extract.table} sort={sort} onSort={setSort} label={`Rows read from the ${label}`} />}
      </details>
    </section>
  );
}
