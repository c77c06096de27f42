// The Approval and export tab: document control of the minutes, approval by the chair and
// the named approvers (the last approval locks the revision), the revision history, a new
// revision of approved minutes, the signed PDF exports (minutes, audit pack) and, once
// approved, the distribution of the approved version (ReviewDistribution).
import { useEffect, useState } from "preact/hooks";
import {
  exportPathSuggest,
  exportPdf,
  fileOpen,
  peopleList,
  reviewApprove,
  reviewCheck,
  reviewDocumentSet,
  reviewRevise,
  type ExportProgress,
  type ExportSummary,
  type IdentityInfo,
  type ReviewRecord,
} from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { formatDate, formatDateTime, formatNumber } from "../lib/format";
import { describeError, showError, showToast } from "../lib/toasts";
import { Field, describedBy } from "../components/Field";
import { Icon } from "../components/Icon";
import { SigningIdentity } from "../components/SigningIdentity";
import { PeoplePicker } from "../components/PeoplePicker";
import { ApprovedDocument } from "./ApprovedDocument";
import { DistributionCard } from "./ReviewDistribution";
import { loadSession, saveSession } from "../lib/storage";

type OnChanged = (next: ReviewRecord) => void;

export function ReviewApproval({ record, onChanged }: { record: ReviewRecord; onChanged: OnChanged }) {
  const approved = record.review.status === "approved";
  const cancelled = record.review.status === "cancelled";
  // The minutes as the PDF will lay them out, read before saving.
  const [preview, setPreview] = useState(false);
  // The signed minutes exported last in this session, which "Send the minutes…" attaches.
  const signedKey = `quorum.review.signedMinutes.${record.review.reference}`;
  const [signed, setSigned] = useState(() => loadSession(signedKey, { path: "", version: "" }));
  const onExported = (summary: ExportSummary, kind: Kind) => {
    if (kind !== "minutes" || !summary.signedWith || !approved) return;
    const next = { path: summary.path, version: record.document.version };
    saveSession(signedKey, next);
    setSigned(next);
  };
  return (
    <div class="approval">
      {cancelled && (
        <p class="banner banner-info" role="note">
          <Icon name="info" /> This review was cancelled: its minutes are not approved or exported.
        </p>
      )}
      <div class="workspace-grid">
        <DocumentCard record={record} onChanged={onChanged} readOnly={approved || cancelled} />
        <ApprovalCard record={record} onChanged={onChanged} />
        <RevisionsCard record={record} onChanged={onChanged} />
        {!cancelled && <ExportPanel record={record} previewing={preview} onPreview={() => setPreview(!preview)} onExported={onExported} />}
        {approved && <DistributionCard record={record} onChanged={onChanged} signedPdf={signed.version === record.document.version && signed.path ? signed.path : null} />}
      </div>
      {preview && !cancelled && (
        <section class="export-preview" aria-label="Preview of the minutes" id="export-preview">
          <ApprovedDocument record={record} />
        </section>
      )}
    </div>
  );
}

function DocumentCard({ record, onChanged, readOnly }: { record: ReviewRecord; onChanged: OnChanged; readOnly: boolean }) {
  const doc = record.document;
  const [people] = useAsync(() => peopleList(false));
  const [classification, setClassification] = useState(doc.classification);
  const [distribution, setDistribution] = useState<string[]>(doc.distribution);
  const [approvers, setApprovers] = useState<number[]>(doc.approvers.map((p) => p.id));
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const chairId = record.chair?.id;
  const known = people.status === "ready" ? people.data : [];
  return (
    <section class="card" aria-labelledby="document-title">
      <h2 id="document-title">Document control</h2>
      <dl class="details">
        <dt>Number</dt>
        <dd class="mono">{doc.documentNumber}</dd>
        <dt>Version</dt>
        <dd class="num">
          {doc.version} ({doc.status === "approved" ? "approved" : "draft"})
        </dd>
        <dt>Released</dt>
        <dd class="num">{doc.releaseDate ? formatDate(doc.releaseDate) : <span class="muted">Not yet</span>}</dd>
        <dt>Chair</dt>
        <dd>{record.chair?.name ?? <span class="muted">No chair invited yet (Details and attendance)</span>}</dd>
      </dl>
      <form
        class="document-form"
        aria-label="Document control"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (!classification.trim()) {
            setError("The classification cannot be empty, e.g. Confidential.");
            return document.getElementById("doc-classification")?.focus();
          }
          setBusy(true);
          try {
            onChanged(await reviewDocumentSet(record.review.reference, { classification: classification.trim(), distribution, approvers }));
            showToast({ tone: "success", title: "Document control saved", message: doc.documentNumber });
          } catch (err) {
            showError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Field id="doc-classification" label="Classification" error={error}>
          <input id="doc-classification" type="text" value={classification} readOnly={readOnly} onInput={(e) => (setClassification(e.currentTarget.value), setError(undefined))} aria-invalid={!!error} aria-describedby={describedBy("doc-classification", error, false)} />
        </Field>
        <PeoplePicker id="doc-distribution" label="Distribution" values={distribution} options={known.map((p) => p.name)} free readOnly={readOnly} onChange={setDistribution} />
        <PeoplePicker
          id="doc-approvers"
          label="Approvers besides the chair"
          values={approvers.map((id) => known.find((p) => p.id === id)?.name ?? doc.approvers.find((p) => p.id === id)?.name ?? String(id))}
          options={known.filter((p) => p.id !== chairId).map((p) => p.name)}
          free={false}
          readOnly={readOnly}
          onChange={(names) => setApprovers(names.map((n) => known.find((p) => p.name === n)?.id ?? doc.approvers.find((p) => p.name === n)?.id).filter((id): id is number => id !== undefined))}
        />
        {!readOnly && (
          <div class="form-actions">
            <button type="submit" id="doc-save" class="button" disabled={busy}>
              Save document control
            </button>
          </div>
        )}
      </form>
    </section>
  );
}

/** Who must approve the current draft: the chair, then the named approvers. */
function required(record: ReviewRecord) {
  const chair = record.chair;
  if (!chair) return [];
  return [{ person: chair, role: "Chair" }, ...record.document.approvers.filter((p) => p.id !== chair.id).map((person) => ({ person, role: "Approver" }))];
}

function ApprovalCard({ record, onChanged }: { record: ReviewRecord; onChanged: OnChanged }) {
  const [busy, setBusy] = useState(false);
  const [anyway, setAnyway] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>();
  // The findings an approval answers for (all but the approval's own), checked again after each change.
  const [check] = useAsync(() => reviewCheck(record.review.reference), [record]);
  const open = check.status === "ready" ? check.data.filter((f) => f.section !== "approval") : [];
  const status = record.review.status;
  const approved = status === "approved";
  const draft = [...record.document.revisions].reverse().find((r) => r.status === "draft");
  const current = approved ? record.document.revisions.find((r) => r.version === record.document.version) : draft;
  const approvals = current?.approvals ?? [];
  const needed = required(record);
  const held = status === "held" || status === "minutes_drafted" || approved;
  const approve = async (personId: number) => {
    if (open.length && !(anyway && reason.trim())) {
      setAnyway(true);
      setReasonError(`Say why the minutes are approved with ${open.length} open finding${open.length === 1 ? "" : "s"}: the revision history prints it.`);
      setTimeout(() => document.getElementById("approve-reason")?.focus());
      return;
    }
    setBusy(true);
    try {
      const result = await reviewApprove(record.review.reference, personId, open.length ? reason.trim() : undefined);
      onChanged(result.record);
      showToast(
        result.approval.locked
          ? { tone: "success", title: "Minutes approved", message: `Version ${result.approval.version} is approved and locked.` }
          : { tone: "success", title: "Approval recorded", message: `Waiting for ${result.approval.waitingFor.join(", ")}.` },
      );
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="approve-title">
      <h2 id="approve-title">Approval of version {approved ? record.document.version : (draft?.version ?? record.document.version)}</h2>
      {!held && status !== "cancelled" && (
        <p class="banner banner-info" id="approve-gate">
          <Icon name="info" /> Minutes are approved after the meeting: mark the meeting held in Details and attendance first.
        </p>
      )}
      {held && !approved && open.length > 0 && (
        <div class="approve-findings" id="approve-findings">
          <p>
            <Icon name="alert" /> The readiness check has <strong class="num">{open.length}</strong> open finding{open.length === 1 ? "" : "s"}:
          </p>
          <ul class="shortfalls">
            {open.slice(0, 5).map((f) => (
              <li key={f.id}>{f.message}</li>
            ))}
            {open.length > 5 && <li class="muted">and {open.length - 5} more, listed under Readiness.</li>}
          </ul>
          <label class="check">
            <input type="checkbox" id="approve-anyway" checked={anyway} onChange={(e) => setAnyway(e.currentTarget.checked)} /> Approve anyway
          </label>
          {anyway && (
            <Field id="approve-reason" label="Why approve with open findings" hint="Recorded in the audit trail and printed in the revision history." error={reasonError}>
              <input id="approve-reason" type="text" value={reason} onInput={(e) => (setReason(e.currentTarget.value), setReasonError(undefined))} aria-invalid={!!reasonError} aria-describedby={describedBy("approve-reason", reasonError, true)} />
            </Field>
          )}
        </div>
      )}
      {needed.length === 0 ? (
        <p class="muted">Invite a chair in Details and attendance: the chair approves the minutes.</p>
      ) : (
        <ul class="approver-list">
          {needed.map(({ person, role }) => {
            const done = approvals.find((a) => a.person.id === person.id);
            return (
              <li key={person.id}>
                <span class={`chip ${done ? "chip-closed" : "chip-open"}`}>
                  <Icon name={done ? "check" : "circle"} size={12} />
                  <span>{done ? "Approved" : "Waiting"}</span>
                </span>
                <span>
                  {person.name} <span class="muted small">({role})</span>
                  {done && <span class="muted small num"> · {formatDateTime(done.approvedAt)}</span>}
                </span>
                {!done && !approved && status !== "cancelled" && (
                  <button type="button" class="button small primary" id={`approve-${person.id}`} disabled={busy || !held || check.status !== "ready"} onClick={() => void approve(person.id)}>
                    {open.length ? `Approve anyway as ${person.name}` : `Record approval by ${person.name}`}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {approved ? (
        <p class="approval-locked" id="approval-locked">
          <Icon name="lock" /> Version {record.document.version} was approved{record.document.releaseDate && <> on {formatDate(record.document.releaseDate)}</>} and is locked: nothing in this review changes until a new
          revision is opened under Revisions.
        </p>
      ) : (
        <p class="muted small">The last approval locks this version: its whole record is frozen with a SHA-256 and the review becomes Approved.</p>
      )}
    </section>
  );
}

function RevisionsCard({ record, onChanged }: { record: ReviewRecord; onChanged: OnChanged }) {
  const [particulars, setParticulars] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const approved = record.review.status === "approved";
  const revisions = record.document.revisions;
  return (
    <section class="card revisions-card" aria-labelledby="revisions-title">
      <h2 id="revisions-title">Revisions</h2>
      {revisions.length === 0 ? (
        <p class="muted small">No revision yet: the first approval makes version 1.0.</p>
      ) : (
        <table class="revisions-table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Released</th>
              <th scope="col">Particulars</th>
              <th scope="col">Approved by</th>
            </tr>
          </thead>
          <tbody>
            {revisions.map((r) => (
              <tr key={r.id}>
                <td class="num">{r.version}</td>
                <td>{r.status === "approved" ? "Approved" : "Draft"}</td>
                <td class="num">{r.releasedOn ? formatDate(r.releasedOn) : "—"}</td>
                <td>{r.particulars}</td>
                <td>{r.approvals.map((a) => (a.anywayReason ? `${a.person.name} (approved with ${a.openFindings} open readiness finding${a.openFindings === 1 ? "" : "s"}: ${a.anywayReason})` : a.person.name)).join(", ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {approved && (
        <form
          class="revise-form"
          aria-label="Open a new revision"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            if (!particulars.trim()) {
              setError("Say what the new revision changes and why.");
              return document.getElementById("revise-particulars")?.focus();
            }
            setBusy(true);
            try {
              const next = await reviewRevise(record.review.reference, particulars.trim());
              onChanged(next);
              setParticulars("");
              showToast({ tone: "success", title: `Version ${next.document.version} opened`, message: "The approved version stays as it was; edit the draft and approve it again." });
            } catch (err) {
              showError(err);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Field id="revise-particulars" label="What the next revision changes, and why" error={error}>
            <input id="revise-particulars" type="text" value={particulars} onInput={(e) => (setParticulars(e.currentTarget.value), setError(undefined))} aria-invalid={!!error} aria-describedby={describedBy("revise-particulars", error, false)} />
          </Field>
          <div class="form-actions">
            <button type="submit" id="revise" class="button" disabled={busy}>
              Revise: open the next version
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

type Kind = "minutes" | "pack";

function fileName(record: ReviewRecord, kind: Kind): string {
  const ref = record.review.reference;
  return kind === "minutes" ? `${ref} minutes v${record.document.version}.pdf` : `${ref} audit pack.pdf`;
}

/** The export dialog: what, paper, signed or not, where; progress from the backend's events. */
export function ExportPanel({ record, previewing, onPreview, onExported }: { record: ReviewRecord; previewing: boolean; onPreview: () => void; onExported?: (summary: ExportSummary, kind: Kind) => void }) {
  const [kind, setKind] = useState<Kind>("minutes");
  const [pageSize, setPageSize] = useState<"a4" | "letter">("a4");
  const [sign, setSign] = useState(true);
  const [location, setLocation] = useState("");
  const [path, setPath] = useState("");
  const [pathError, setPathError] = useState<string | undefined>();
  const [identity, setIdentity] = useState<IdentityInfo | null | undefined>(undefined);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [result, setResult] = useState<ExportSummary | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // A path that exists nowhere yet, in the exports folder, named after what is exported.
  const suggest = (which: Kind) =>
    exportPathSuggest(fileName(record, which)).then(
      (p) => setPath(p),
      (error) => showError(error),
    );
  useEffect(() => void suggest(kind), [kind, record.document.version]);

  const run = async (e: Event) => {
    e.preventDefault();
    if (!path.trim()) {
      setPathError("Choose where to save the PDF.");
      return document.getElementById("export-path")?.focus();
    }
    setBusy(true);
    setResult(null);
    setFailure(null);
    setProgress({ what: kind, stage: "reading", label: "reading the store", fraction: 0 });
    try {
      const summary = await exportPdf(kind, { reference: record.review.reference, path: path.trim(), pageSize, sign: sign && !!identity, location: location.trim() || undefined }, setProgress);
      setResult(summary);
      onExported?.(summary, kind);
      const name = summary.path.split(/[\\/]/).pop() ?? summary.path;
      showToast({ tone: "success", title: kind === "minutes" ? "Minutes exported" : "Audit pack exported", message: name, action: { label: "Open", run: () => void fileOpen(summary.path).catch(showError) } });
      void suggest(kind);
    } catch (error) {
      setFailure(describeError(error).message);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  const signable = sign && identity;

  return (
    <section class="card export-panel" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <form onSubmit={run} noValidate aria-label="Export a PDF">
        <fieldset class="export-kind">
          <legend>What</legend>
          <label class="checkbox">
            <input type="radio" name="export-kind" value="minutes" checked={kind === "minutes"} onChange={() => setKind("minutes")} />
            Minutes
          </label>
          <label class="checkbox">
            <input type="radio" name="export-kind" value="pack" checked={kind === "pack"} onChange={() => setKind("pack")} />
            Audit pack (minutes, readiness, register, evidence)
          </label>
        </fieldset>
        {record.review.status !== "approved" && kind === "minutes" && (
          <p class="muted small">
            <Icon name="info" size={12} /> Version {record.document.version} of these minutes is not approved yet: export them for circulation, and again once approved.
          </p>
        )}
        <div class="field-row">
          <Field id="export-paper" label="Paper">
            <select id="export-paper" value={pageSize} onChange={(e) => setPageSize(e.currentTarget.value as "a4" | "letter")}>
              <option value="a4">A4</option>
              <option value="letter">US Letter</option>
            </select>
          </Field>
          <Field id="export-location" label="Signed at (optional)">
            <input id="export-location" type="text" value={location} placeholder="e.g. London" disabled={!sign} onInput={(e) => setLocation(e.currentTarget.value)} />
          </Field>
        </div>
        <label class="checkbox">
          <input id="export-sign" type="checkbox" checked={sign} onChange={(e) => setSign(e.currentTarget.checked)} />
          Sign with the store's signing identity
        </label>
        {sign && <SigningIdentity compact onChange={setIdentity} />}
        <Field id="export-path" label="Save as" error={pathError} hint="Quorum never overwrites a file.">
          <input id="export-path" type="text" class="mono" value={path} onInput={(e) => (setPath(e.currentTarget.value), setPathError(undefined))} aria-invalid={!!pathError} aria-describedby={describedBy("export-path", pathError)} />
        </Field>
        <div class="form-actions">
          <button type="submit" id="export-run" class="button primary" disabled={busy || (sign && !identity)}>
            {busy ? "Exporting…" : signable ? `Export signed ${kind === "minutes" ? "minutes" : "audit pack"}` : `Export ${kind === "minutes" ? "minutes" : "audit pack"}`}
          </button>
          <button type="button" id="export-preview-toggle" class="button" aria-expanded={previewing} aria-controls="export-preview" onClick={onPreview}>
            {previewing ? "Hide the preview" : "Preview the minutes"}
          </button>
          {sign && identity === null && <span class="muted small">Create or import a signing identity first, or untick “Sign”.</span>}
        </div>
      </form>
      {progress && (
        <div class="export-progress" role="status" aria-live="polite">
          <progress id="export-progress" max={1} value={progress.fraction} aria-label="Export progress" />
          <span class="muted small">
            {Math.round(progress.fraction * 100)}% · {progress.label}
          </span>
        </div>
      )}
      {failure && (
        <p class="banner banner-error" role="alert">
          <Icon name="alert" /> {failure}
        </p>
      )}
      {result && (
        <div class="export-result" role="status" id="export-result">
          <p>
            <Icon name="check" /> Wrote <span class="mono">{result.path}</span> ({formatNumber(result.pages)} pages, {formatNumber(Math.round(result.bytes / 1024))} KB)
          </p>
          {result.signedWith ? (
            <p class="small">
              Signed with the certificate SHA-256 <span class="mono fingerprint" id="export-fingerprint">{result.signedWith}</span>. Give auditors this
              fingerprint yourself (not inside the file): checked against it, the seal proves the file is yours and unchanged.
              {result.timestamp && <span id="export-timestamp"> Timestamp: {result.timestamp}.</span>}
              {result.revocation && <span id="export-revocation"> Revocation data: {result.revocation}.</span>}
            </p>
          ) : (
            <p class="muted small">Not signed.</p>
          )}
          <button type="button" id="export-open" class="button small" onClick={() => fileOpen(result.path).catch(showError)}>
            <Icon name="folder" /> Open
          </button>
        </div>
      )}
    </section>
  );
}
