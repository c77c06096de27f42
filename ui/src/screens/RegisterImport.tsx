// Importing a register from a spreadsheet, in the order a careful user checks it: the file;
// which of its columns gives each field (proposed, or remembered for this layout; a change
// previews again); every row's problem; what changes since the newest snapshot; the day the
// register was extracted; then Import, which core refuses whole while any row is wrong.
// Nothing is written before Import.
import { useRef, useState } from "preact/hooks";
import { registersImport, registersPreview, type RegisterPreview, type RegisterSummary } from "../lib/ipc";
import { formatDate } from "../lib/format";
import { isIsoDate } from "../lib/dates";
import { describeError, showToast } from "../lib/toasts";
import { DateField } from "../components/DateField";
import { Field, describedBy } from "../components/Field";
import { ChooseFile } from "../components/SaveFile";
import { ChangeList, Sha } from "./RegisterParts";

type Mapping = Record<string, string>;

export function RegisterImport({ summary, onImported }: { summary: RegisterSummary; onImported: () => void }) {
  const [path, setPath] = useState("");
  const [preview, setPreview] = useState<RegisterPreview | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [previewing, setPreviewing] = useState(false);
  const [takenOn, setTakenOn] = useState("");
  const [importing, setImporting] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  // Only the newest preview counts: a slower earlier one must not overwrite it.
  const asked = useRef(0);

  const run = async (file: string, chosen?: Mapping) => {
    const n = ++asked.current;
    setPreviewing(true);
    setRefusal(null);
    try {
      const next = await registersPreview({ kind: summary.kind, path: file, ...(chosen ? { mapping: chosen } : {}) });
      if (n !== asked.current) return;
      setPreview(next);
      setMapping(next.mapping);
      setFileError(undefined);
    } catch (err) {
      if (n !== asked.current) return;
      setPreview(null);
      setMapping(null);
      setFileError(describeError(err).message);
    } finally {
      if (n === asked.current) setPreviewing(false);
    }
  };
  const submitFile = (e: Event) => {
    e.preventDefault();
    if (!path.trim()) {
      setFileError("Enter the path of the register's CSV or XLSX file, or choose it.");
      return;
    }
    void run(path.trim());
  };
  const remap = (key: string, column: string) => {
    const next = { ...(mapping ?? {}) };
    if (column) next[key] = column;
    else delete next[key];
    setMapping(next);
    void run(path.trim(), next);
  };
  const takenOnValid = takenOn === "" || isIsoDate(takenOn);
  const blocked = !preview || previewing || preview.problems.length > 0 || !takenOnValid;
  const doImport = async () => {
    if (!preview || blocked) return;
    setImporting(true);
    setRefusal(null);
    try {
      const done = await registersImport({ kind: summary.kind, path: path.trim(), mapping: mapping ?? undefined, ...(takenOn ? { takenOn } : {}) });
      showToast({ tone: "success", title: "Imported", message: `${done.sourceName}: the ${summary.label} as at ${formatDate(done.takenOn)}, ${done.rows} rows.` });
      onImported();
    } catch (err) {
      setRefusal(describeError(err).message);
    } finally {
      setImporting(false);
    }
  };
  const unmapped = preview ? preview.fields.filter((f) => f.required && !mapping?.[f.key]) : [];

  return (
    <div class="stack register-import">
      <form class="stack" onSubmit={submitFile} noValidate aria-label="The file to import">
        <Field id="imp-path" label="File (CSV or XLSX)" hint="The register as its owner exports it: one header row, then one row per item. Nothing is written before Import." error={fileError}>
          <input
            id="imp-path"
            type="text"
            value={path}
            spellcheck={false}
            placeholder="/home/you/risk-register.xlsx"
            onInput={(e) => {
              // Another file: what was previewed no longer stands for it.
              asked.current++;
              setPath(e.currentTarget.value);
              setPreview(null);
              setPreviewing(false);
              setFileError(undefined);
            }}
            aria-invalid={!!fileError}
            aria-describedby={describedBy("imp-path", fileError)}
          />
        </Field>
        <div class="form-actions">
          <ChooseFile purpose="register" label="Choose the file…" onChosen={(chosen) => (setPath(chosen), void run(chosen))} disabled={previewing || importing} />
          <button type="submit" id="imp-preview" class="button" disabled={previewing || importing}>
            {previewing ? "Reading…" : "Preview"}
          </button>
        </div>
      </form>

      {preview && (
        <>
          <section class="panel-section" aria-labelledby="imp-file-title">
            <h3 id="imp-file-title">
              <span class="mono">{preview.sourceName}</span>: <span class="num">{preview.rows}</span> rows
            </h3>
            <p class="muted small">
              <Sha sha={preview.sourceSha256} id="imp-sha" />
            </p>
            {preview.problems.length > 0 ? (
              <p class="field-error" id="imp-status">
                <a href="#imp-problems-title" onClick={(e) => (e.preventDefault(), document.getElementById("imp-problems-title")?.scrollIntoView({ block: "start" }))}>
                  {preview.problems.length} problem{preview.problems.length === 1 ? "" : "s"}
                </a>{" "}
                keep{preview.problems.length === 1 ? "s" : ""} this file from being imported.
              </p>
            ) : (
              <p class="small" id="imp-status">
                Every row reads as the register expects: check the columns and the changes below, then import.
              </p>
            )}
          </section>

          <section class="panel-section" aria-labelledby="imp-mapping-title">
            <h3 id="imp-mapping-title">Columns</h3>
            <p class="muted small" id="imp-mapping-note">
              {preview.mappingRemembered ? "The mapping remembered for this layout (the file's headers, in order)." : "Proposed from the file's headers: check each, and change any that is wrong; Quorum remembers it for files of this layout."}
            </p>
            <table class="kpi-table mapping-table" aria-label="Which column gives each field">
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Takes</th>
                  <th scope="col">Column in the file</th>
                </tr>
              </thead>
              <tbody>
                {preview.fields.map((f) => {
                  const missing = f.required && !mapping?.[f.key];
                  return (
                    <tr key={f.key} class={missing ? "unmapped" : undefined}>
                      <th scope="row">
                        {f.header} {f.required ? <span class="small">(required)</span> : <span class="muted small">(optional)</span>}
                      </th>
                      <td class="muted small">{f.accepts}</td>
                      <td>
                        <select id={`imp-map-${f.key}`} aria-label={`Column for ${f.header}`} aria-invalid={missing} value={mapping?.[f.key] ?? ""} disabled={importing} onChange={(e) => remap(f.key, e.currentTarget.value)}>
                          <option value="">{f.required ? "— choose a column —" : "— not in the file —"}</option>
                          {preview.headers.map((h) => (
                            <option key={h} value={h}>
                              {h}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {unmapped.length > 0 && (
              <p class="field-error" id="imp-unmapped">
                Every row needs {unmapped.map((f) => f.header).join(", ")}: choose the column that gives {unmapped.length === 1 ? "it" : "each"}.
              </p>
            )}
          </section>

          <section class="panel-section" aria-labelledby="imp-problems-title">
            <h3 id="imp-problems-title">{preview.problems.length ? `${preview.problems.length} problem${preview.problems.length === 1 ? "" : "s"}` : "No problems"}</h3>
            {preview.problems.length > 0 ? (
              <>
                <p class="muted small">Nothing can be imported while any row is wrong: fix these in the spreadsheet (row 1 is its header row), or the mapping above, then preview again.</p>
                <ul class="problem-list" id="imp-problems">
                  {preview.problems.map((p, i) => (
                    <li key={i}>
                      Row <span class="num">{p.row}</span>, column “{p.column}”: {p.message}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p class="muted small">Every row reads as the register expects.</p>
            )}
          </section>

          <section class="panel-section" aria-labelledby="imp-changes-title">
            <h3 id="imp-changes-title">
              {preview.changes.since ? `Changes since the snapshot of ${formatDate(preview.changes.since.takenOn)}` : "The first snapshot of this register"}
            </h3>
            <div id="imp-changes">
              <ChangeList changes={preview.changes} />
            </div>
          </section>

          <section class="panel-section" aria-label="Import">
            <div class="field">
              <label for="imp-taken-on">Taken on</label>
              <DateField id="imp-taken-on" value={takenOn} onChange={setTakenOn} empty="Today" describedBy="imp-taken-on-hint" />
              <p class="field-hint" id="imp-taken-on-hint">
                The day the register was extracted, if not today: the reviews of later meetings read this snapshot.
              </p>
            </div>
            <div class="form-actions">
              <button type="button" id="imp-run" class="button primary" disabled={blocked || importing} onClick={doImport} aria-describedby={refusal ? "imp-refusal" : undefined}>
                {importing ? "Importing…" : `Import ${preview.rows} rows`}
              </button>
            </div>
            {refusal && (
              <p class="field-error" id="imp-refusal" role="alert">
                {refusal}
              </p>
            )}
          </section>
        </>
      )}
    </div>
  );
}
