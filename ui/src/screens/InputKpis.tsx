// An input's KPIs: each with its value against the target and its trend against the same
// KPI in the previous review (core computes both); add, replace by name, remove.
import { useState } from "preact/hooks";
import { reviewKpiRemove, reviewKpiSet, type Kpi, type ReviewRecord } from "../lib/ipc";
import { describeError } from "../lib/toasts";
import { removeWithUndo, reviewPart } from "../lib/undo";
import { DateField } from "../components/DateField";
import { formatDate, formatNumber } from "../lib/format";

const TREND: Record<Kpi["trend"], string> = {
  improving: "Better",
  worsening: "Worse",
  unchanged: "Unchanged",
  new: "First measured",
};

/** The arrow shows where the value went (up or down); the word and colour say if that is good. */
function direction(k: Kpi): { mark: string; said: string } {
  if (k.previous === null || k.value === k.previous) return { mark: k.previous === null ? "•" : "→", said: "" };
  return k.value > k.previous ? { mark: "↑", said: "up" } : { mark: "↓", said: "down" };
}

function withUnit(value: number, unit: string): string {
  // "count" says what the number is, not a unit to print after it.
  if (unit === "%") return `${formatNumber(value)}%`;
  return unit && unit !== "count" ? `${formatNumber(value)} ${unit}` : formatNumber(value);
}

export function InputKpis({ reference, code, clause, kpis, readOnly, onChanged }: { reference: string; code: string; clause: string; kpis: Kpi[]; readOnly: boolean; onChanged: (next: ReviewRecord) => void }) {
  const [adding, setAdding] = useState(false);
  const id = `kpi-${code}`;

  // The one delete pattern: gone at once, Undo offered, deleted when the offer ends.
  const remove = (k: Kpi) =>
    removeWithUndo({
      key: reviewPart.kpi(reference, code, k.name),
      title: "KPI removed",
      message: `${k.name} (${clause})`,
      remove: () => reviewKpiRemove(reference, code, k.name).then(onChanged),
      refocus: `${id}-remove-${k.name}`,
      focusAfter: `${id}-add`,
    });

  return (
    <div class="kpis">
      {kpis.length > 0 && (
        <table class="kpi-table">
          <caption class="visually-hidden">KPIs presented for {clause}</caption>
          <thead>
            <tr>
              <th scope="col">KPI</th>
              <th scope="col" class="num">Value</th>
              <th scope="col" class="num">Target</th>
              <th scope="col">Against previous review</th>
              {!readOnly && <th scope="col"><span class="visually-hidden">Remove</span></th>}
            </tr>
          </thead>
          <tbody>
            {kpis.map((k) => (
              <tr key={k.name}>
                <th scope="row">
                  {k.name}
                  {k.measuredOn && <span class="muted small"> measured {formatDate(k.measuredOn)}</span>}
                </th>
                <td class={`num ${k.meetsTarget === false ? "off-target" : ""}`}>
                  {withUnit(k.value, k.unit)}
                  {k.meetsTarget !== null && <span class="kpi-target-state">{k.meetsTarget ? " · on target" : " · off target"}</span>}
                </td>
                <td class="num">{k.target === null ? "—" : `${k.better === "higher" ? "≥" : "≤"} ${withUnit(k.target, k.unit)}`}</td>
                <td class={`trend trend-${k.trend}`}>
                  <span aria-hidden="true">{direction(k).mark} </span>
                  {direction(k).said && `${direction(k).said}, `}
                  {direction(k).said ? TREND[k.trend].toLowerCase() : TREND[k.trend]}
                  {k.previous !== null && <span class="muted"> (was {withUnit(k.previous, k.unit)})</span>}
                </td>
                {!readOnly && (
                  <td>
                    <button type="button" class="button ghost small" id={`${id}-remove-${k.name}`} onClick={() => remove(k)} aria-label={`Remove the KPI ${k.name}`}>
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!readOnly &&
        (adding ? (
          <KpiForm id={id} onCancel={() => setAdding(false)} onSave={(kpi) => reviewKpiSet(reference, code, kpi).then((next) => (setAdding(false), onChanged(next)))} />
        ) : (
          <button type="button" class="button small" id={`${id}-add`} onClick={() => setAdding(true)}>
            Add a KPI
          </button>
        ))}
    </div>
  );
}

function KpiForm({ id, onSave, onCancel }: { id: string; onSave: (kpi: { name: string; value: number; target: number | null; unit: string; better: "higher" | "lower"; measuredOn?: string }) => Promise<void>; onCancel: () => void }) {
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [target, setTarget] = useState("");
  const [unit, setUnit] = useState("");
  const [better, setBetter] = useState<"higher" | "lower">("higher");
  const [measuredOn, setMeasuredOn] = useState("");
  const [error, setError] = useState<string | undefined>();

  const submit = (e: Event) => {
    e.preventDefault();
    const number = (text: string) => Number(text.trim().replace(",", "."));
    if (!name.trim()) return setError("Name the KPI, e.g. “Phishing click rate”.");
    if (!value.trim() || !Number.isFinite(number(value))) return setError("Enter the KPI's value as a number, e.g. 3.5.");
    if (target.trim() && !Number.isFinite(number(target))) return setError("Enter the target as a number, or leave it empty.");
    void onSave({ name: name.trim(), value: number(value), target: target.trim() ? number(target) : null, unit: unit.trim(), better, measuredOn: measuredOn || undefined }).catch((err) => setError(describeError(err).message));
  };

  return (
    <form class="kpi-form" onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && onCancel()} noValidate aria-label="Add a KPI">
      <label>
        KPI
        <input id={`${id}-name`} type="text" value={name} onInput={(e) => setName(e.currentTarget.value)} autoFocus />
      </label>
      <label>
        Value
        <input id={`${id}-value`} type="text" inputMode="decimal" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
      </label>
      <label>
        Target
        <input id={`${id}-target`} type="text" inputMode="decimal" value={target} onInput={(e) => setTarget(e.currentTarget.value)} />
      </label>
      <label>
        Unit
        <input id={`${id}-unit`} type="text" value={unit} placeholder="%, days…" onInput={(e) => setUnit(e.currentTarget.value)} />
      </label>
      <label>
        Better when
        <select id={`${id}-better`} value={better} onChange={(e) => setBetter(e.currentTarget.value as "higher" | "lower")}>
          <option value="higher">higher</option>
          <option value="lower">lower</option>
        </select>
      </label>
      <div class="kpi-measured">
        <label for={`${id}-measured`}>Measured on</label>
        <DateField id={`${id}-measured`} value={measuredOn} onChange={setMeasuredOn} empty="Not recorded" />
      </div>
      <div class="kpi-form-buttons">
        <button type="submit" class="button primary small">
          Add KPI
        </button>
        <button type="button" class="button ghost small" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
