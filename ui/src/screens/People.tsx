// People and roles: who attends reviews, owns and verifies actions, and who is top
// management; the line manager is the first step of the escalation path.
import { useState } from "preact/hooks";
import { peopleList, personAdd, personUpdate, type Person, type PersonChange } from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { navigate } from "../lib/router";
import { useCommands } from "../lib/commands";
import { showError, showToast } from "../lib/toasts";
import { DataTable, type Column, type SortState } from "../components/DataTable";
import { PageHeader } from "../components/PageHeader";
import { LoadError } from "../components/LoadError";
import { SidePanel } from "../components/SidePanel";
import { Field, describedBy } from "../components/Field";
import { EscalationPath } from "./EscalationPath";

const COLUMNS: Column<Person>[] = [
  {
    id: "name",
    header: "Name",
    cell: (p) => (
      <span class="two-line">
        <span class="truncate" title={p.name}>{p.name}</span>
        <span class="truncate muted small" title={p.email ?? undefined}>{p.email ?? "No email"}</span>
      </span>
    ),
    sortValue: (p) => p.name,
  },
  {
    id: "job",
    header: "Role and department",
    cell: (p) => (
      <span class="two-line">
        <span class="truncate" title={p.jobTitle ?? undefined}>{p.jobTitle ?? <span class="muted">No job title</span>}</span>
        <span class="truncate muted small" title={p.department ?? undefined}>{p.department ?? ""}</span>
      </span>
    ),
    sortValue: (p) => p.jobTitle,
  },
  { id: "manager", header: "Line manager", width: "12rem", cell: (p) => p.lineManager?.name ?? <span class="muted">None</span>, sortValue: (p) => p.lineManager?.name ?? null },
  { id: "top", header: "Top management", width: "9.5rem", cell: (p) => (p.topManagement ? "Yes" : <span class="muted">No</span>), sortValue: (p) => (p.topManagement ? 0 : 1) },
  { id: "active", header: "Status", width: "7rem", cell: (p) => (p.active ? "Active" : <span class="muted">Inactive</span>), sortValue: (p) => (p.active ? 0 : 1) },
];

export function People({ selectedId }: { selectedId: string | null }) {
  const [showInactive, setShowInactive] = useState(false);
  const [state, reload] = useAsync(() => peopleList(showInactive), [showInactive]);
  const [adding, setAdding] = useState(false);
  const [sort, setSort] = useState<SortState | null>({ column: "name", direction: "asc" });
  const people = state.status === "ready" ? state.data : [];
  const selected = selectedId ? people.find((p) => String(p.id) === selectedId) : undefined;
  useCommands(
    "people",
    [
      { id: "people-add", title: "Add a person", group: "Actions", run: () => setAdding(true) },
      ...people.map((p) => ({ id: `person-${p.id}`, title: p.name, group: "Records" as const, keywords: `person ${p.email ?? ""} ${p.jobTitle ?? ""}`, run: () => navigate("people", String(p.id)) })),
    ],
    [people],
  );
  const saved = (person: Person, verb: string) => {
    showToast({ tone: "success", title: verb, message: person.name });
    setAdding(false);
    navigate("people");
    reload();
  };
  return (
    <div class="page page-wide">
      <PageHeader title="People" subtitle="Who attends reviews, owns and verifies actions; top management for the quorum; line managers for escalation.">
        <label class="checkbox">
          <input type="checkbox" checked={showInactive} onChange={(e) => setShowInactive(e.currentTarget.checked)} />
          Show inactive
        </label>
        <button type="button" id="add-person" class="button primary" onClick={() => setAdding(true)}>
          Add person
        </button>
      </PageHeader>
      {state.status === "loading" && <div class="loading" aria-busy="true">Loading…</div>}
      {state.status === "error" && <LoadError what="The people" onRetry={reload} />}
      {state.status === "ready" && (
        <>
          <DataTable label="People" columns={COLUMNS} rows={people} rowKey={(p) => String(p.id)} sort={sort} onSortChange={setSort} onOpen={(p) => navigate("people", String(p.id))} selectedKey={selected ? String(selected.id) : null} />
          <EscalationPath people={people} />
        </>
      )}
      {adding && (
        <SidePanel title="Add a person" subtitle="People" onClose={() => setAdding(false)}>
          <PersonForm people={people} onSave={(change) => personAdd(change).then((p) => saved(p, "Person added"))} />
        </SidePanel>
      )}
      {selected && !adding && (
        <SidePanel key={selected.id} title={selected.name} subtitle="People" onClose={() => navigate("people")}>
          <PersonForm person={selected} people={people} onSave={(change) => personUpdate(selected.id, change).then((p) => saved(p, "Saved"))} />
        </SidePanel>
      )}
    </div>
  );
}

function PersonForm({ person, people, onSave }: { person?: Person; people: Person[]; onSave: (change: PersonChange) => Promise<void> }) {
  const [form, setForm] = useState({
    name: person?.name ?? "",
    email: person?.email ?? "",
    jobTitle: person?.jobTitle ?? "",
    department: person?.department ?? "",
    lineManagerId: person?.lineManager ? String(person.lineManager.id) : "",
    topManagement: person?.topManagement ?? false,
    active: person?.active ?? true,
  });
  const [errors, setErrors] = useState<{ name?: string; email?: string }>({});
  const [busy, setBusy] = useState(false);
  const text = (key: "name" | "email" | "jobTitle" | "department") => ({
    id: `person-${key}`,
    value: form[key],
    onInput: (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value }),
  });
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = {
      name: form.name.trim() ? undefined : "Enter the person's name.",
      email: !form.email.trim() || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim()) ? undefined : "Enter an email like name@example.com, or leave it empty.",
    };
    setErrors(found);
    if (found.name || found.email) {
      document.getElementById(found.name ? "person-name" : "person-email")?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSave({
        name: form.name.trim(),
        email: form.email.trim(),
        jobTitle: form.jobTitle.trim(),
        department: form.department.trim(),
        lineManagerId: form.lineManagerId ? Number(form.lineManagerId) : undefined,
        topManagement: form.topManagement,
        active: form.active,
      });
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form id="person-form" class="panel-form" onSubmit={submit} noValidate>
      <Field id="person-name" label="Name" error={errors.name}>
        <input type="text" autoComplete="off" {...text("name")} aria-invalid={!!errors.name} aria-describedby={describedBy("person-name", errors.name, false)} />
      </Field>
      <Field id="person-email" label="Email (optional)" error={errors.email}>
        <input type="email" autoComplete="off" {...text("email")} aria-invalid={!!errors.email} aria-describedby={describedBy("person-email", errors.email, false)} />
      </Field>
      <div class="field-row">
        <Field id="person-jobTitle" label="Job title">
          <input type="text" {...text("jobTitle")} />
        </Field>
        <Field id="person-department" label="Department">
          <input type="text" {...text("department")} />
        </Field>
      </div>
      <Field id="person-manager" label="Line manager" hint="The first step of the escalation path for the actions this person owns.">
        <select id="person-manager" value={form.lineManagerId} onChange={(e) => setForm({ ...form, lineManagerId: e.currentTarget.value })} aria-describedby="person-manager-hint">
          <option value="">None</option>
          {people
            .filter((p) => p.id !== person?.id)
            .map((p) => (
              <option key={p.id} value={String(p.id)}>
                {p.name}
              </option>
            ))}
        </select>
      </Field>
      <label class="checkbox">
        <input type="checkbox" checked={form.topManagement} onChange={(e) => setForm({ ...form, topManagement: e.currentTarget.checked })} />
        Top management (counts for the quorum)
      </label>
      {person && (
        <label class="checkbox">
          <input type="checkbox" checked={form.active} onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })} />
          Active (inactive people keep their history but are not offered for new reviews)
        </label>
      )}
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? "Saving…" : person ? "Save" : "Add person"}
        </button>
      </div>
    </form>
  );
}
