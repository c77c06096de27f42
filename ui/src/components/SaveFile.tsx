// Saving an export: the path is pre-filled with a suggestion that names no existing file
// (export_path_suggest); the user may type another, or pick one in the system's Save dialog
// ("Save as…"), which asks before an existing file is chosen (only then is one replaced). A
// cancelled dialog writes nothing. After the write, the path is shown with an Open button
// (the system's program for the file), and the message that says it was saved offers Open too.
import { useEffect, useState } from "preact/hooks";
import { chooseOpenPath, chooseSavePath, exportPathSuggest, fileOpen, fileShowInFolder, type FilePurpose } from "../lib/ipc";
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
  const write = async (target: string) => {
    setBusy(true);
    try {
      const done = await save(target);
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
  const submit = (e: Event) => {
    e.preventDefault();
    if (!path.trim()) {
      setError("Enter where to save the file.");
      return;
    }
    void write(path.trim());
  };
  const saveAs = async () => {
    let chosen: string | null;
    try {
      chosen = await chooseSavePath(path.trim());
    } catch (err) {
      showError(err);
      return;
    }
    if (!chosen) return;
    setPath(chosen);
    setError(undefined);
    await write(chosen);
  };
  return (
    <form class="save-file" onSubmit={submit} noValidate>
      <Field id={id} label={label} hint="Quorum replaces a file only when you choose it with Save as… and confirm." error={error}>
        <input id={id} type="text" value={path} spellcheck={false} onInput={(e) => (setPath(e.currentTarget.value), setError(undefined))} aria-invalid={!!error} aria-describedby={describedBy(id, error)} />
      </Field>
      <div class="form-actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? (busyLabel ?? "Saving…") : action}
        </button>
        <button type="button" class="button ghost" disabled={busy} onClick={saveAs}>
          Save as…
        </button>
      </div>
      {written && <WrittenFile path={written} />}
    </form>
  );
}

/** Opens the system's Open dialog for `purpose`; hands on the chosen path (nothing on Cancel). */
export function ChooseFile({ purpose, label, onChosen, disabled }: { purpose: FilePurpose; label: string; onChosen: (path: string) => void; disabled?: boolean }) {
  const choose = () =>
    chooseOpenPath(purpose).then((path) => {
      if (path) onChosen(path);
    }, showError);
  return (
    <button type="button" class="button ghost small" onClick={choose} disabled={disabled}>
      {label}
    </button>
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
      <button type="button" class="button ghost small" onClick={() => fileShowInFolder(path).catch(showError)} aria-label={`Show ${path} in its folder`}>
        Show in folder
      </button>
    </p>
  );
}
