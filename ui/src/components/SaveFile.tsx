// Saving an export: the path is pre-filled with a suggestion that names no existing file
// (export_path_suggest), the user may type another; Quorum never overwrites. After the
// write, the path is shown with an Open button (the system's program for the file), and the
// message that says it was saved offers Open too.
import { useEffect, useState } from "preact/hooks";
import { exportPathSuggest, fileOpen } from "../lib/ipc";
import { showError, showToast } from "../lib/toasts";
import { Field, describedBy } from "./Field";
import { Icon } from "./Icon";

export function SaveFile({ id, label, fileName, action, busyLabel, save, onSaved }: {
  id: string;
  label: string;
  /** The file name wanted, e.g. "MR-2027-01 invitation.ics". */
  fileName: string;
  /** The button's text, e.g. "Save the calendar". */
  action: string;
  busyLabel?: string;
  /** Writes the file; resolves with the path written. */
  save: (path: string) => Promise<string>;
  onSaved?: (path: string) => void;
}) {
  const [path, setPath] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [written, setWritten] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    exportPathSuggest(fileName).then((p) => live && setPath(p), showError);
    return () => {
      live = false;
    };
  }, [fileName]);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!path.trim()) {
      setError("Enter where to save the file.");
      return;
    }
    setBusy(true);
    try {
      const done = await save(path.trim());
      setWritten(done);
      showToast({ tone: "success", title: "Saved", message: done.split(/[\\/]/).pop() ?? done, action: { label: "Open", run: () => void fileOpen(done).catch(showError) } });
      onSaved?.(done);
      // The next save suggests a fresh name: the written one now exists.
      exportPathSuggest(fileName).then(setPath, showError);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="save-file" onSubmit={submit} noValidate>
      <Field id={id} label={label} hint="Quorum never overwrites a file: choose a name that does not exist yet." error={error}>
        <input id={id} type="text" value={path} spellcheck={false} onInput={(e) => (setPath(e.currentTarget.value), setError(undefined))} aria-invalid={!!error} aria-describedby={describedBy(id, error)} />
      </Field>
      <div class="form-actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? (busyLabel ?? "Saving…") : action}
        </button>
      </div>
      {written && <WrittenFile path={written} />}
    </form>
  );
}

/** A file Quorum wrote: its path and a button that opens it. */
export function WrittenFile({ path, openLabel = "Open" }: { path: string; openLabel?: string }) {
  return (
    <p class="written-file" role="status">
      <Icon name="check" />
      <span>
        Saved <span class="mono">{path}</span>
      </span>
      <button type="button" class="button ghost small" onClick={() => fileOpen(path).catch(showError)} aria-label={`${openLabel} ${path}`}>
        {openLabel}
      </button>
    </p>
  );
}
