// The "New review" form, in a side panel over the reviews list. Core numbers the review
// (MR-YYYY-NN), adds the standard agenda and the inputs its scope requires.
import { useState } from "preact/hooks";
import { reviewCreate, type Scope, type Review, type Trigger } from "../lib/ipc";
import { TRIGGER_LABEL } from "../lib/labels";
import { systemTimeZone, isValidTimeZone } from "../lib/validation";
import { TimeZoneList } from "../components/TimeZoneList";
import { showError } from "../lib/toasts";
import { Field, describedBy } from "../components/Field";
import { SidePanel } from "../components/SidePanel";
import { TimeField } from "../components/TimeField";
import { checkTime } from "../lib/times";
import { DateField } from "../components/DateField";
import { checkDate } from "../lib/dates";


interface Form {
  title: string;
  trigger: Trigger | "";
  triggerText: string;
  scope: Scope;
  date: string;
  time: string;
  timeZone: string;
  duration: string;
  location: string;
}

type Errors = Partial<Record<keyof Form, string>>;

export function validateReview(form: Form): Errors {
  const errors: Errors = {};
  if (!form.title.trim()) errors.title = "Give the review a title, e.g. “Q1 2027 management review”.";
  if (form.trigger === "other" && !form.triggerText.trim()) errors.triggerText = "Describe what called for this review.";
  const date = checkDate(form.date, "Enter the meeting's date.");
  if (date) errors.date = date;
  const time = checkTime(form.time, "Enter the start time.");
  if (time) errors.time = time;
  if (!isValidTimeZone(form.timeZone.trim())) errors.timeZone = "Enter an IANA time zone such as Europe/London.";
  const minutes = Number(form.duration);
  if (!Number.isInteger(minutes) || minutes < 15 || minutes > 480) errors.duration = "Between 15 and 480 minutes.";
  return errors;
}

export function NewReview({ onClose, onCreated }: { onClose: () => void; onCreated: (review: Review) => void }) {
  const [form, setForm] = useState<Form>({ title: "", trigger: "", triggerText: "", scope: "both", date: "", time: "10:00", timeZone: systemTimeZone(), duration: "90", location: "" });
  const [errors, setErrors] = useState<Errors>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);

  const change = (next: Form) => {
    setForm(next);
    if (submitted) setErrors(validateReview(next));
  };
  const set = (key: keyof Form) => (e: Event) => change({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });

  const submit = async (e: Event) => {
    e.preventDefault();
    setSubmitted(true);
    const found = validateReview(form);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`nr-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      onCreated(
        await reviewCreate({
          title: form.title.trim(),
          trigger: form.trigger || null,
          triggerText: form.trigger === "other" ? form.triggerText.trim() : null,
          scope: form.scope,
          startsAt: `${form.date}T${form.time}:00`,
          timeZone: form.timeZone.trim(),
          durationMinutes: Number(form.duration),
          location: form.location.trim() || null,
        }),
      );
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const props = (key: keyof Form) => ({ id: `nr-${key}`, value: form[key], onInput: set(key), "aria-invalid": !!errors[key], "aria-describedby": describedBy(`nr-${key}`, errors[key], false) });

  return (
    <SidePanel title="New review" subtitle="Reviews" onClose={onClose}>
      <form id="new-review-form" class="panel-form" onSubmit={submit} noValidate>
        <Field id="nr-title" label="Title" error={errors.title}>
          <input type="text" {...props("title")} />
        </Field>
        <Field id="nr-trigger" label="Kind" error={errors.trigger}>
          <select id="nr-trigger" value={form.trigger} onChange={set("trigger")}>
            <option value="">Scheduled, at the planned interval (9.3.1)</option>
            <optgroup label="Ad hoc, after">
              {Object.entries(TRIGGER_LABEL).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </optgroup>
          </select>
        </Field>
        {form.trigger === "other" && (
          <Field id="nr-triggerText" label="What called for it" error={errors.triggerText}>
            <input type="text" {...props("triggerText")} />
          </Field>
        )}
        <Field id="nr-scope" label="Scope" error={errors.scope}>
          <select id="nr-scope" value={form.scope} onChange={set("scope")}>
            <option value="both">ISO 27001 and SOC 2</option>
            <option value="iso27001">ISO 27001 only</option>
            <option value="soc2">SOC 2 only</option>
          </select>
        </Field>
        <div class="field-row">
          <Field id="nr-date" label="Date" error={errors.date}>
            <DateField id="nr-date" value={form.date} onChange={(date) => change({ ...form, date })} invalid={!!errors.date} describedBy={describedBy("nr-date", errors.date, false)} />
          </Field>
          <Field id="nr-time" label="Start time" error={errors.time}>
            <TimeField id="nr-time" value={form.time} onChange={(time) => change({ ...form, time })} invalid={!!errors.time} describedBy={describedBy("nr-time", errors.time, false)} />
          </Field>
        </div>
        <div class="field-row">
          <Field id="nr-timeZone" label="Time zone" error={errors.timeZone}>
            <input type="text" list="nr-zones" autocomplete="off" {...props("timeZone")} />
            <TimeZoneList id="nr-zones" />
          </Field>
          <Field id="nr-duration" label="Length (minutes)" error={errors.duration}>
            <input type="number" min={15} max={480} step={15} {...props("duration")} />
          </Field>
        </div>
        <Field id="nr-location" label="Where (optional)" error={errors.location}>
          <input type="text" placeholder="Board room, or a video call link" {...props("location")} />
        </Field>
        <p class="muted small">Quorum numbers the review, adds the standard agenda and the 9.3.2 inputs its scope needs.</p>
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? "Creating…" : "Create review"}
          </button>
          <button type="button" class="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </SidePanel>
  );
}
