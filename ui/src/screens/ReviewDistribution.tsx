// The distribution of approved minutes (Approval and export): who attended, in person or
// through a delegate, and whether the approved version reached them, when and how; the
// readiness check's words on what is missing or late and by when; "Send the minutes…", which
// writes an unsent email with the signed PDF for the mail program; and the record of a
// distribution once it has happened.
import { useEffect, useState } from "preact/hooks";
import { fileOpen, reviewCheck, reviewDistribute, reviewMinutesEmail, type Attendee, type DistributionMethod, type ReviewRecord } from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { today } from "../lib/clock";
import { checkDate } from "../lib/dates";
import { formatDate } from "../lib/format";
import { describeError, showError, showToast } from "../lib/toasts";
import { Field, describedBy } from "../components/Field";
import { DateField } from "../components/DateField";
import { Icon } from "../components/Icon";

export const METHOD_LABEL: Record<DistributionMethod, string> = { email: "Email", shared_folder: "Shared folder", printed: "Printed copy", in_person: "Handed over in person" };

/** Who the minutes go to: everyone who attended, in person or through a delegate (as core). */
export const attendedBy = (record: ReviewRecord): Attendee[] => record.attendees.filter((a) => a.attendance === "present" || a.attendance === "delegate");

/** The attendees the newest approved version has not reached yet. */
const notServed = (record: ReviewRecord): number[] => attendedBy(record).filter((a) => !record.distributions.some((d) => d.person.id === a.person.id)).map((a) => a.person.id);

/** The email beside the signed PDF, named after it. */
export const emlBeside = (pdf: string): string => `${pdf.trim().replace(/\.pdf$/i, "")}.eml`;

export function DistributionCard({ record, onChanged, signedPdf }: { record: ReviewRecord; onChanged: (next: ReviewRecord) => void; signedPdf: string | null }) {
  const reference = record.review.reference;
  const version = record.document.version;
  const attended = attendedBy(record);
  // The check words what is missing or late, with its due date: read again after each change.
  const [check] = useAsync(() => reviewCheck(reference), [record]);
  const findings = check.status === "ready" ? check.data.filter((f) => f.item === "distribution") : [];
  // Copies recorded for people who are not attendees (core takes anyone named).
  const others = record.distributions.filter((d) => !attended.some((a) => a.person.id === d.person.id));
  const due = findings.map((f) => /due by (\d{4}-\d{2}-\d{2})/.exec(f.message)?.[1]).find(Boolean);
  const [chosen, setChosen] = useState<number[]>(() => notServed(record));
  const [sentOn, setSentOn] = useState(today());
  const [method, setMethod] = useState<DistributionMethod>("email");
  const [errors, setErrors] = useState<{ people?: string; sentOn?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const found = { people: chosen.length ? undefined : "Choose who received the minutes.", sentOn: checkDate(sentOn, "Enter the day the minutes were sent.") };
    setErrors(found);
    if (found.people || found.sentOn) return document.getElementById(found.people ? `dist-person-${attended[0]?.person.id}` : "dist-on")?.focus();
    setBusy(true);
    setFailure(null);
    try {
      const next = await reviewDistribute({ reference, people: chosen, sentOn, method });
      onChanged(next);
      setChosen(notServed(next));
      showToast({ tone: "success", title: "Distribution recorded", message: `Version ${version} reached ${chosen.length} ${chosen.length === 1 ? "person" : "people"} on ${formatDate(sentOn)}.` });
    } catch (error) {
      setFailure(describeError(error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card distribution-card" id="distribution" aria-labelledby="distribution-title">
      <h2 id="distribution-title">Distribution of version {version}</h2>
      {attended.length === 0 ? (
        <p class="muted">Nobody is recorded as attending: the approved minutes go to those who attended, in person or through a delegate.</p>
      ) : (
        <table class="attendance-table distribution-table">
          <thead>
            <tr>
              <th scope="col">Attendee</th>
              <th scope="col">Attended</th>
              <th scope="col">Received the approved version</th>
            </tr>
          </thead>
          <tbody>
            {attended.map((a) => {
              const got = record.distributions.find((d) => d.person.id === a.person.id);
              return (
                <tr key={a.person.id} id={`dist-row-${a.person.id}`}>
                  <td>{a.person.name}</td>
                  <td>{a.attendance === "delegate" ? `Through ${a.delegateName ?? "a delegate"}` : "In person"}</td>
                  <td>
                    <span class={`chip ${got ? "chip-closed" : "chip-open"}`}>
                      <Icon name={got ? "check" : "circle"} size={12} />
                      <span>{got ? "Received" : "Not yet"}</span>
                    </span>
                    {got && (
                      <span class="muted small num">
                        {" "}
                        {formatDate(got.sentOn)} · {METHOD_LABEL[got.method]}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {others.length > 0 && (
        <p class="muted small" id="distribution-others">
          Also sent to {others.map((d) => `${d.person.name} (${formatDate(d.sentOn)} · ${METHOD_LABEL[d.method]})`).join(", ")}.
        </p>
      )}
      {findings.length > 0 ? (
        <div class="distribution-findings" id="distribution-findings">
          {due && (
            <p id="distribution-due">
              <strong>Due by {formatDate(due)}</strong>
              {record.document.releaseDate && <span class="muted"> (10 working days after the approval on {formatDate(record.document.releaseDate.slice(0, 10))})</span>}
            </p>
          )}
          {findings.map((f) => (
            <p key={f.id} class={`finding-line finding-${f.severity}`}>
              <Icon name={f.severity === "nonconformity" ? "alert" : "info"} size={14} /> {f.message}. <span class="muted small">{f.fix}.</span>
            </p>
          ))}
        </div>
      ) : (
        check.status === "ready" &&
        attended.length > 0 && (
          <p id="distribution-done">
            <Icon name="check" /> Every attendee has version {version}.
          </p>
        )
      )}
      <SendMinutes record={record} signedPdf={signedPdf} />
      {attended.length > 0 && (
        <form class="distribution-form" aria-label="Record a distribution" noValidate onSubmit={submit}>
          <h3>Record a distribution</h3>
          <fieldset class="distribution-people" aria-describedby={errors.people ? "dist-people-error" : undefined}>
            <legend>Who received it</legend>
            {attended.map((a) => (
              <label key={a.person.id} class="checkbox">
                <input
                  type="checkbox"
                  id={`dist-person-${a.person.id}`}
                  checked={chosen.includes(a.person.id)}
                  onChange={(e) => (setChosen(e.currentTarget.checked ? [...chosen, a.person.id] : chosen.filter((id) => id !== a.person.id)), setErrors({ ...errors, people: undefined }))}
                />
                {a.person.name}
              </label>
            ))}
            {errors.people && (
              <p class="field-error" id="dist-people-error">
                {errors.people}
              </p>
            )}
          </fieldset>
          <div class="field-row">
            <Field id="dist-on" label="Sent on" error={errors.sentOn}>
              <DateField id="dist-on" value={sentOn} onChange={(v) => (setSentOn(v), setErrors({ ...errors, sentOn: undefined }))} invalid={!!errors.sentOn} describedBy={describedBy("dist-on", errors.sentOn, false)} />
            </Field>
            <Field id="dist-method" label="How">
              <select id="dist-method" value={method} onChange={(e) => setMethod(e.currentTarget.value as DistributionMethod)}>
                {Object.entries(METHOD_LABEL).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          {failure && (
            <p class="banner banner-error" role="alert" id="dist-failure">
              <Icon name="alert" /> {failure}
            </p>
          )}
          <div class="form-actions">
            <button type="submit" id="dist-record" class="button" disabled={busy}>
              Record the distribution
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/**
 * "Send the minutes…": an unsent email (.eml) beside the signed PDF, to the attendees other
 * than the ISMS lead who sends it, with the PDF attached; opened in the mail program as a draft.
 */
function SendMinutes({ record, signedPdf }: { record: ReviewRecord; signedPdf: string | null }) {
  const [open, setOpen] = useState(false);
  const [pdf, setPdf] = useState(signedPdf ?? "");
  // The email's path follows the PDF's until it is edited.
  const [eml, setEml] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ pdf?: string; eml?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [written, setWritten] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A newer signed export replaces the path.
  useEffect(() => void (signedPdf && setPdf(signedPdf)), [signedPdf]);
  const out = eml ?? (pdf.trim() ? emlBeside(pdf) : "");

  if (!open)
    return (
      <p class="send-minutes">
        <button type="button" id="send-minutes" class="button primary" onClick={() => (setOpen(true), setTimeout(() => document.getElementById("send-pdf")?.focus()))}>
          <Icon name="mail" /> Send the minutes…
        </button>
        <span class="muted small"> Writes an email to the attendees with the signed PDF attached, for your mail program.</span>
      </p>
    );

  const submit = async (e: Event) => {
    e.preventDefault();
    const found = { pdf: pdf.trim() ? undefined : "Give the path of the signed minutes PDF: export them signed (Export) first.", eml: out.trim() ? undefined : "Enter where to write the email." };
    setErrors(found);
    if (found.pdf || found.eml) return document.getElementById(found.pdf ? "send-pdf" : "send-eml")?.focus();
    setBusy(true);
    setFailure(null);
    try {
      const path = await reviewMinutesEmail(record.review.reference, pdf.trim(), out.trim());
      setWritten(path);
      showToast({ tone: "success", title: "Email written", message: path.split(/[\\/]/).pop() ?? path, action: { label: "Open", run: () => void fileOpen(path).catch(showError) } });
      setTimeout(() => document.getElementById("send-open")?.focus());
    } catch (error) {
      setFailure(describeError(error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="send-form" aria-label="Send the minutes" noValidate onSubmit={submit}>
      <h3>Send the minutes</h3>
      <Field id="send-pdf" label="Signed minutes (PDF)" hint={signedPdf ? "The signed minutes exported last." : "Export the minutes signed (Export) and their path comes here, or give the path of the signed PDF."} error={errors.pdf}>
        <input id="send-pdf" type="text" class="mono" spellcheck={false} value={pdf} onInput={(e) => (setPdf(e.currentTarget.value), setErrors({}), setWritten(null))} aria-invalid={!!errors.pdf} aria-describedby={describedBy("send-pdf", errors.pdf)} />
      </Field>
      <Field id="send-eml" label="Write the email to" hint="Beside the PDF; Quorum never overwrites a file." error={errors.eml}>
        <input id="send-eml" type="text" class="mono" spellcheck={false} value={out} onInput={(e) => (setEml(e.currentTarget.value), setErrors({}), setWritten(null))} aria-invalid={!!errors.eml} aria-describedby={describedBy("send-eml", errors.eml)} />
      </Field>
      {failure && (
        <p class="banner banner-error" role="alert" id="send-failure">
          <Icon name="alert" /> {failure}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" id="send-write" class="button primary" disabled={busy}>
          {busy ? "Writing…" : "Write the email"}
        </button>
        <button type="button" class="button ghost" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
      {written && (
        <div class="send-result" role="status" id="send-result">
          <p>
            <Icon name="check" /> Wrote <span class="mono">{written}</span>: an unsent email to the attendees with the signed minutes attached.
          </p>
          <button type="button" id="send-open" class="button small primary" onClick={() => fileOpen(written).catch(showError)}>
            Open it in the mail program
          </button>
          <p class="muted small">Once you have sent it, record the distribution below: who received it, when and how.</p>
        </div>
      )}
    </form>
  );
}
