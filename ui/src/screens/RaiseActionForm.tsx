// Raising an action at a review, from the Actions tab or from a decision: what, who, by
// when (an auditor looks for all three), its priority and what raised it.
import { useEffect, useRef, useState } from "preact/hooks";
import { actionAdd, actionsLike, peopleList, type Action, type Priority, type SimilarAction, type Source } from "../lib/ipc";
import { navigate } from "../lib/router";
import { useAsync } from "../lib/useAsync";
import { showError, showToast } from "../lib/toasts";
import { Field, describedBy } from "../components/Field";
import { PRIORITY_LABEL, SOURCE_LABEL } from "./Actions";

type Errors = { description?: string; ownerId?: string; targetOn?: string };

export function RaiseActionForm(props: {
  /** Prefix of the fields' ids, e.g. "ra" gives "ra-description". */
  idPrefix: string;
  reviewId: number;
  decisionId?: number;
  initial: { description: string; source: Source };
  /** A visible heading (the Actions tab) or, without one, the form's accessible name. */
  heading?: string;
  label?: string;
  formId?: string;
  class: string;
  /** Smaller buttons and a Cancel, for a form opened inside another card. */
  onCancel?: () => void;
  onRaised: (added: Action) => Promise<unknown> | void;
}) {
  const { idPrefix: id, initial } = props;
  const [people] = useAsync(() => peopleList(false));
  const [form, setForm] = useState({ description: initial.description, ownerId: "", targetOn: "", priority: "medium" as Priority, source: initial.source });
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  // Open actions like the description typed: a second copy of an open action splits its
  // history, so the existing one is offered first.
  const [similar, setSimilar] = useState<{ description: string; actions: SimilarAction[] } | null>(null);
  // The warning appears on the render after the look-up; a refused submit moves focus to it.
  const focusWarning = useRef(false);
  useEffect(() => {
    if (!focusWarning.current) return;
    focusWarning.current = false;
    document.getElementById(`${id}-similar`)?.focus();
  }, [similar]);
  const lookUpSimilar = async (description: string): Promise<SimilarAction[]> => {
    const text = description.trim();
    if (!text) return [];
    if (similar?.description === text) return similar.actions;
    const actions = await actionsLike(text).catch(() => []);
    setSimilar({ description: text, actions });
    return actions;
  };
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });
  const small = props.onCancel ? " small" : "";

  const submit = async (e: Event) => {
    e.preventDefault();
    const found: Errors = {
      description: form.description.trim() ? undefined : "Say what must be done.",
      ownerId: form.ownerId ? undefined : "Choose who owns it.",
      targetOn: /^\d{4}-\d{2}-\d{2}$/.test(form.targetOn) ? undefined : "Choose the target date.",
    };
    setErrors(found);
    const first = (Object.keys(found) as (keyof Errors)[]).find((k) => found[k]);
    if (first) return document.getElementById(`${id}-${first}`)?.focus();
    // Once the warning is on screen the button reads "Raise anyway", so a submit then is
    // the user's choice to raise a second action.
    const warned = similar?.description === form.description.trim() && similar.actions.length > 0;
    if (!warned && (await lookUpSimilar(form.description)).length > 0) {
      focusWarning.current = true;
      return;
    }
    setBusy(true);
    try {
      const added = await actionAdd({ description: form.description.trim(), source: form.source, reviewId: props.reviewId, decisionId: props.decisionId, ownerId: Number(form.ownerId), targetOn: form.targetOn, priority: form.priority });
      showToast({ tone: "success", title: "Action raised", message: `${added.reference} ${added.description}` });
      setForm({ ...form, description: "", targetOn: "" });
      setSimilar(null);
      await props.onRaised(added);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const titleId = `${id}-title`;
  const shown = similar && similar.description === form.description.trim() ? similar.actions : [];

  return (
    <form id={props.formId} class={props.class} onSubmit={submit} noValidate aria-labelledby={props.heading ? titleId : undefined} aria-label={props.heading ? undefined : props.label}>
      {props.heading && <h2 id={titleId}>{props.heading}</h2>}
      <Field id={`${id}-description`} label="What must be done" error={errors.description}>
        <input id={`${id}-description`} type="text" value={form.description} onInput={set("description")} onBlur={(e) => void lookUpSimilar(e.currentTarget.value)} aria-invalid={!!errors.description} aria-describedby={describedBy(`${id}-description`, errors.description, false)} />
      </Field>
      {shown.length > 0 && (
        <div id={`${id}-similar`} class="banner banner-info similar-actions" role="status" tabIndex={-1}>
          <p>
            {shown.length === 1 ? "An open action says much the same:" : `${shown.length} open actions say much the same:`} update it rather than raise a second copy, or raise this one anyway if it is a different task.
          </p>
          <ul>
            {shown.map((a) => (
              <li key={a.reference}>
                <button type="button" class="link mono" onClick={() => navigate("actions", a.reference)}>
                  Open {a.reference}
                </button>{" "}
                {a.description} <span class="muted">({[a.status.replace("_", " "), a.owner, a.targetOn && `due ${a.targetOn}`].filter(Boolean).join(", ")})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="field-row">
        <Field id={`${id}-ownerId`} label="Owner" error={errors.ownerId}>
          <select id={`${id}-ownerId`} value={form.ownerId} onChange={set("ownerId")} aria-invalid={!!errors.ownerId} aria-describedby={describedBy(`${id}-ownerId`, errors.ownerId, false)}>
            <option value="">Choose…</option>
            {people.status === "ready" &&
              people.data.map((p) => (
                <option key={p.id} value={String(p.id)}>
                  {p.name}
                </option>
              ))}
          </select>
        </Field>
        <Field id={`${id}-targetOn`} label="Target date" error={errors.targetOn}>
          <input id={`${id}-targetOn`} type="date" value={form.targetOn} onInput={set("targetOn")} aria-invalid={!!errors.targetOn} aria-describedby={describedBy(`${id}-targetOn`, errors.targetOn, false)} />
        </Field>
      </div>
      <div class="field-row">
        <Field id={`${id}-priority`} label="Priority">
          <select id={`${id}-priority`} value={form.priority} onChange={set("priority")}>
            {Object.entries(PRIORITY_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-source`} label="Raised by">
          <select id={`${id}-source`} value={form.source} onChange={set("source")}>
            {Object.entries(SOURCE_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div class="form-actions">
        <button type="submit" class={`button primary${small}`} disabled={busy}>
          {busy ? "Raising…" : shown.length > 0 ? "Raise anyway" : "Raise action"}
        </button>
        {props.onCancel && (
          <button type="button" class="button small" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
