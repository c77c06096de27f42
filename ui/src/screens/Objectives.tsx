// The ISMS objectives (clause 6.2): owner, measure, target and period, the latest result a
// review recorded, and recording a review's result with the next period's target (input d4
// and the "objectives and KPIs" output of the minutes).
import { useState } from "preact/hooks";
import {
  objectiveAdd,
  objectiveResultSet,
  objectivesList,
  objectiveUpdate,
  peopleList,
  reviewsList,
  type Met,
  type Objective,
  type ObjectiveChange,
  type ObjectiveOverview,
  type Person,
  type Review,
} from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { navigate } from "../lib/router";
import { useCommands } from "../lib/commands";
import { formatDate } from "../lib/format";
import { thisYear, today } from "../lib/clock";
import { describeError, showToast } from "../lib/toasts";
import { DataTable, type Column, type SortState } from "../components/DataTable";
import { PageHeader } from "../components/PageHeader";
import { LoadError } from "../components/LoadError";
import { SidePanel } from "../components/SidePanel";
import { EmptyState } from "../components/EmptyState";
import { Field, describedBy } from "../components/Field";

export const MET_TEXT: Record<Met, string> = {
  met: "Met",
  partly_met: "Partly met",
  not_met: "Not met",
  not_yet_due: "Not yet due",
};
const MET_TONE: Record<Met, string> = { met: "closed", partly_met: "in_progress", not_met: "overdue", not_yet_due: "open" };

function MetChip({ met }: { met: Met }) {
  return <span class={`chip chip-${MET_TONE[met]}`}>{MET_TEXT[met]}</span>;
}

function period(o: Objective): string {
  return `${formatDate(o.periodStart)} – ${formatDate(o.periodEnd)}`;
}

const COLUMNS: Column<ObjectiveOverview>[] = [
  {
    id: "title",
    header: "Objective",
    cell: (r) => (
      <span class="two-line">
        <span class="truncate" title={r.objective.title}>{r.objective.title}</span>
        <span class="truncate muted small" title={r.objective.measure}>{r.objective.measure}</span>
      </span>
    ),
    sortValue: (r) => r.objective.title,
  },
  { id: "owner", header: "Owner", width: "11rem", cell: (r) => r.objective.owner?.name ?? <span class="muted">No owner</span>, sortValue: (r) => r.objective.owner?.name ?? null },
  { id: "target", header: "Target", width: "7rem", cell: (r) => <span class="truncate" title={r.objective.target}>{r.objective.target}</span>, sortValue: (r) => r.objective.target },
  { id: "period", header: "Period", width: "12.5rem", cell: (r) => <span class="num">{period(r.objective)}</span>, sortValue: (r) => r.objective.periodEnd },
  {
    id: "latest",
    header: "Latest result",
    width: "19rem",
    cell: (r) =>
      r.latest ? (
        <span class="two-line">
          <span>
            <MetChip met={r.latest.met} />
          </span>
          <span class="truncate muted small">
            {r.latest.reviewReference}, {formatDate(r.latest.reviewOn)}
            {r.latest.nextTarget ? ` · next: ${r.latest.nextTarget}` : ""}
          </span>
        </span>
      ) : (
        <span class="muted">Not reviewed yet</span>
      ),
    sortValue: (r) => r.latest?.reviewOn ?? null,
  },
];

export function Objectives({ selectedId = null }: { selectedId?: string | null }) {
  const [showRetired, setShowRetired] = useState(false);
  const [state, reload] = useAsync(() => Promise.all([objectivesList(showRetired), peopleList(), reviewsList()]), [showRetired]);
  const [adding, setAdding] = useState(false);
  const [sort, setSort] = useState<SortState | null>({ column: "title", direction: "asc" });
  const [selected, setSelected] = useState<string | null>(selectedId);
  const [rows, people, reviews] = state.status === "ready" ? state.data : [[], [], []];
  const open = rows.find((r) => String(r.objective.id) === selected);
  useCommands(
    "objectives",
    [
      { id: "objective-add", title: "Add an objective", group: "Actions", run: () => setAdding(true) },
      ...rows.map((r) => ({ id: `objective-${r.objective.id}`, title: r.objective.title, group: "Records" as const, keywords: `objective ${r.objective.measure}`, run: () => (navigate("objectives"), setSelected(String(r.objective.id))) })),
    ],
    [rows],
  );
  const close = () => (setAdding(false), setSelected(null));
  return (
    <div class="page page-wide">
      <PageHeader title="Objectives" subtitle="The information security objectives: what each review found, and the target for the next period.">
        <label class="checkbox">
          <input type="checkbox" checked={showRetired} onChange={(e) => setShowRetired(e.currentTarget.checked)} />
          Show retired
        </label>
        <button type="button" id="add-objective" class="button primary" onClick={() => (setSelected(null), setAdding(true))}>
          Add objective
        </button>
      </PageHeader>
      {state.status === "loading" && (
        <div class="loading" aria-busy="true">
          Loading…
        </div>
      )}
      {state.status === "error" && <LoadError what="The objectives" onRetry={reload} />}
      {state.status === "ready" && rows.length === 0 && (
        <EmptyState
          icon="objectives"
          title="No objectives yet"
          actions={
            <button type="button" class="button primary" onClick={() => setAdding(true)}>
              Add the first objective
            </button>
          }
        >
          ISO 27001 clause 6.2 asks for measurable information security objectives, and every management review looks at how they are doing (input 9.3.2 d 4). Add each with its owner,
          how it is measured, the target and the period.
        </EmptyState>
      )}
      {state.status === "ready" && rows.length > 0 && (
        <DataTable
          label="Objectives"
          columns={COLUMNS}
          rows={rows}
          rowKey={(r) => String(r.objective.id)}
          sort={sort}
          onSortChange={setSort}
          onOpen={(r) => (setAdding(false), setSelected(String(r.objective.id)))}
          selectedKey={open ? String(open.objective.id) : null}
        />
      )}
      {adding && (
        <SidePanel title="Add an objective" subtitle="Objectives" onClose={close}>
          <ObjectiveForm
            people={people}
            onSave={async (change) => {
              const added = await objectiveAdd(change);
              showToast({ tone: "success", title: "Objective added", message: added.title });
              setAdding(false);
              setSelected(String(added.id));
              reload();
            }}
          />
        </SidePanel>
      )}
      {open && !adding && (
        <SidePanel key={open.objective.id} title={open.objective.title} subtitle="Objectives" onClose={close}>
          <ObjectiveForm
            objective={open.objective}
            people={people}
            onSave={async (change) => {
              await objectiveUpdate(open.objective.id, change);
              showToast({ tone: "success", title: "Saved", message: open.objective.title });
              reload();
            }}
          />
          <ResultForm row={open} reviews={reviews} onSaved={reload} />
        </SidePanel>
      )}
    </div>
  );
}

type FormErrors = Partial<Record<"title" | "measure" | "target" | "start" | "end" | "form", string>>;

function ObjectiveForm({ objective, people, onSave }: { objective?: Objective; people: Person[]; onSave: (change: ObjectiveChange) => Promise<void> }) {
  const year = thisYear();
  const [form, setForm] = useState({
    title: objective?.title ?? "",
    ownerId: objective?.owner ? String(objective.owner.id) : "",
    measure: objective?.measure ?? "",
    target: objective?.target ?? "",
    periodStart: objective?.periodStart ?? `${year}-01-01`,
    periodEnd: objective?.periodEnd ?? `${year}-12-31`,
    active: objective?.active ?? true,
  });
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: Event) => (setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value }), setErrors({}));
  const submit = async (e: Event) => {
    e.preventDefault();
    const found: FormErrors = {
      title: form.title.trim() ? undefined : "Enter the objective, e.g. “Patch critical vulnerabilities promptly”.",
      measure: form.measure.trim() ? undefined : "Say how it is measured, e.g. “Median days to patch a critical CVE”.",
      target: form.target.trim() ? undefined : "Enter the target, e.g. “≤ 14 days”.",
      start: form.periodStart ? undefined : "Enter the first day of the period.",
      end: !form.periodEnd ? "Enter the last day of the period." : form.periodStart && form.periodEnd < form.periodStart ? "The period ends before it starts." : undefined,
    };
    setErrors(found);
    const first = (["title", "measure", "target", "start", "end"] as const).find((k) => found[k]);
    if (first) {
      document.getElementById(`obj-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSave({
        title: form.title.trim(),
        measure: form.measure.trim(),
        target: form.target.trim(),
        periodStart: form.periodStart,
        periodEnd: form.periodEnd,
        ...(form.ownerId ? { ownerId: Number(form.ownerId) } : {}),
        ...(objective ? { active: form.active } : {}),
      });
    } catch (err) {
      setErrors({ form: describeError(err).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel-form" onSubmit={submit} noValidate aria-label={objective ? "Edit the objective" : "New objective"}>
      <Field id="obj-title" label="Objective" error={errors.title}>
        <input id="obj-title" type="text" value={form.title} onInput={set("title")} aria-invalid={!!errors.title} aria-describedby={describedBy("obj-title", errors.title, false)} />
      </Field>
      <Field id="obj-owner" label="Owner" hint="Who answers for it at the review.">
        <select id="obj-owner" value={form.ownerId} onChange={set("ownerId")} aria-describedby="obj-owner-hint">
          {!objective?.owner && <option value="">No owner yet</option>}
          {people.map((p) => (
            <option key={p.id} value={String(p.id)}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="obj-measure" label="Measure" hint="How progress is measured." error={errors.measure}>
        <input id="obj-measure" type="text" value={form.measure} onInput={set("measure")} aria-invalid={!!errors.measure} aria-describedby={describedBy("obj-measure", errors.measure)} />
      </Field>
      <Field id="obj-target" label="Target" error={errors.target}>
        <input id="obj-target" type="text" value={form.target} onInput={set("target")} aria-invalid={!!errors.target} aria-describedby={describedBy("obj-target", errors.target, false)} />
      </Field>
      <div class="field-row">
        <Field id="obj-start" label="Period from" error={errors.start}>
          <input id="obj-start" type="date" value={form.periodStart} onInput={set("periodStart")} aria-invalid={!!errors.start} aria-describedby={describedBy("obj-start", errors.start, false)} />
        </Field>
        <Field id="obj-end" label="Period to" error={errors.end}>
          <input id="obj-end" type="date" value={form.periodEnd} onInput={set("periodEnd")} aria-invalid={!!errors.end} aria-describedby={describedBy("obj-end", errors.end, false)} />
        </Field>
      </div>
      {objective && (
        <label class="checkbox">
          <input type="checkbox" checked={form.active} onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })} />
          Active (a retired objective keeps its results but is not offered to new reviews)
        </label>
      )}
      {errors.form && (
        <p class="field-error" role="alert">
          {errors.form}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? "Saving…" : objective ? "Save objective" : "Add objective"}
        </button>
      </div>
    </form>
  );
}

/** Reviews whose content may still change, the nearest meeting first. */
function editableReviews(reviews: Review[]): Review[] {
  const day = today();
  return reviews
    .filter((r) => r.status !== "approved" && r.status !== "cancelled")
    .sort((a, b) => Math.abs(Date.parse(a.startsAt.slice(0, 10)) - Date.parse(day)) - Math.abs(Date.parse(b.startsAt.slice(0, 10)) - Date.parse(day)));
}

function ResultForm({ row, reviews, onSaved }: { row: ObjectiveOverview; reviews: Review[]; onSaved: () => void }) {
  const choices = editableReviews(reviews);
  const [reference, setReference] = useState(choices[0]?.reference ?? "");
  const [met, setMet] = useState<Met | "">("");
  const [note, setNote] = useState("");
  const [measured, setMeasured] = useState("");
  const [nextTarget, setNextTarget] = useState("");
  const [errors, setErrors] = useState<{ met?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  if (choices.length === 0)
    return (
      <section class="panel-section" aria-labelledby="res-title">
        <h3 id="res-title">Record a review's result</h3>
        <p class="muted small">No review can take a result: approved minutes do not change and cancelled reviews are closed. Create or plan a review first.</p>
      </section>
    );
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!met) {
      setErrors({ met: "Choose what the review found." });
      document.getElementById("res-met-met")?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await objectiveResultSet({ reference, objectiveId: row.objective.id, met, measured: measured.trim(), note: note.trim(), nextTarget: nextTarget.trim() });
      showToast({ tone: "success", title: "Result recorded", message: `${reference}: ${MET_TEXT[result.met].toLowerCase()}${result.nextTarget ? `; next target ${result.nextTarget}` : ""}` });
      setMet("");
      setMeasured("");
      setNote("");
      setNextTarget("");
      onSaved();
    } catch (err) {
      setErrors({ form: describeError(err).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel-form panel-section" onSubmit={submit} noValidate aria-labelledby="res-title">
      <h3 id="res-title">Record a review's result</h3>
      {row.latest && (
        <p class="small">
          Latest: <MetChip met={row.latest.met} /> at {row.latest.reviewReference} ({formatDate(row.latest.reviewOn)}){row.latest.note ? `: ${row.latest.note}` : ""}.
        </p>
      )}
      <Field id="res-review" label="Review">
        <select id="res-review" value={reference} onChange={(e) => setReference(e.currentTarget.value)}>
          {choices.map((r) => (
            <option key={r.reference} value={r.reference}>
              {r.reference} · {r.title} ({formatDate(r.startsAt.slice(0, 10))})
            </option>
          ))}
        </select>
      </Field>
      <fieldset class="fieldset" aria-describedby={errors.met ? "res-met-error" : undefined}>
        <legend>What the review found</legend>
        <div class="weekdays">
          {(Object.keys(MET_TEXT) as Met[]).map((m) => (
            <label key={m} class="radio">
              <input type="radio" name="res-met" id={`res-met-${m}`} checked={met === m} onChange={() => (setMet(m), setErrors({}))} />
              {MET_TEXT[m]}
            </label>
          ))}
        </div>
        {errors.met && (
          <p class="field-error" id="res-met-error">
            {errors.met}
          </p>
        )}
      </fieldset>
      <Field id="res-measured" label="Measured value" hint={`What was measured for the period: ${row.objective.measure.toLowerCase()} (target ${row.objective.target}).`}>
        <input id="res-measured" type="text" value={measured} onInput={(e) => setMeasured(e.currentTarget.value)} aria-describedby="res-measured-hint" />
      </Field>
      <Field id="res-note" label="Note (optional)">
        <input id="res-note" type="text" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </Field>
      <Field id="res-next" label="Target for the next period" hint={`Leave empty to confirm the current target (${row.objective.target}).`}>
        <input id="res-next" type="text" value={nextTarget} onInput={(e) => setNextTarget(e.currentTarget.value)} aria-describedby="res-next-hint" />
      </Field>
      {errors.form && (
        <p class="field-error" role="alert">
          {errors.form}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? "Saving…" : "Record result"}
        </button>
      </div>
    </form>
  );
}
