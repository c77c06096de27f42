// An input's evidence: files dropped on the card (or chosen with the keyboard) go into the
// encrypted store with their SHA-256; a copy can be saved out and opened.
import { useEffect, useRef, useState } from "preact/hooks";
import { evidenceAdd, evidenceAddPath, evidenceSave, exportPathSuggest, fileOpen, type EvidenceInfo, type ReviewRecord } from "../lib/ipc";
import { describeError, showToast } from "../lib/toasts";
import { formatNumber } from "../lib/format";

/** Evidence over this is refused by core; saying so before reading the file spares the wait. */
const MAX_BYTES = 100 * 1024 * 1024;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 102.4) / 10)} KB`;
  return `${formatNumber(Math.round(bytes / (1024 * 102.4)) / 10)} MB`;
}

/** The DOM event App's drop router sends to the evidence area under a drop, with the paths. */
export const DROPPED_PATHS = "quorum-dropped-paths";

/** Hands files dropped on the real window to the evidence area under the point; false if none. */
export function routeDroppedPaths(paths: string[], at: { x: number; y: number }): boolean {
  const target = document.elementFromPoint(at.x, at.y)?.closest<HTMLElement>(".input-card")?.querySelector<HTMLElement>("[data-drop-target]");
  if (!target) return false;
  target.dispatchEvent(new CustomEvent(DROPPED_PATHS, { detail: paths }));
  return true;
}

type Upload = { name: string; state: "adding" | "failed"; message?: string };

export function InputEvidence({ reference, code, clause, files, readOnly, onChanged }: { reference: string; code: string; clause: string; files: EvidenceInfo[]; readOnly: boolean; onChanged: (next: ReviewRecord) => void }) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const id = `evidence-${code}`;

  const add = async (chosen: FileList | File[]) => {
    for (const file of Array.from(chosen)) {
      if (file.size > MAX_BYTES) {
        setUploads((u) => [...u, { name: file.name, state: "failed", message: `${formatSize(file.size)}; evidence files are limited to 100 MB. Keep the large file in your document system and add a summary or an export of it.` }]);
        continue;
      }
      setUploads((u) => [...u.filter((x) => x.name !== file.name), { name: file.name, state: "adding" }]);
      try {
        const next = await evidenceAdd(reference, code, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
        setUploads((u) => u.filter((x) => x.name !== file.name));
        onChanged(next);
      } catch (error) {
        setUploads((u) => u.map((x) => (x.name === file.name ? { name: file.name, state: "failed", message: describeError(error).message } : x)));
      }
    }
  };

  // In the real window a drop arrives as Tauri's event with the files' paths (see App's drop
  // router, which hands them to the card under the pointer).
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = root.current;
    if (!el || readOnly) return;
    const onPaths = async (e: Event) => {
      for (const path of (e as CustomEvent<string[]>).detail) {
        const name = path.split(/[\\/]/).pop() || path;
        setUploads((u) => [...u.filter((x) => x.name !== name), { name, state: "adding" }]);
        try {
          const next = await evidenceAddPath(reference, code, path);
          setUploads((u) => u.filter((x) => x.name !== name));
          onChanged(next);
        } catch (error) {
          setUploads((u) => u.map((x) => (x.name === name ? { name, state: "failed", message: describeError(error).message } : x)));
        }
      }
    };
    el.addEventListener(DROPPED_PATHS, onPaths);
    return () => el.removeEventListener(DROPPED_PATHS, onPaths);
  }, [reference, code, readOnly, onChanged]);

  const [saved, setSaved] = useState<{ id: number; path: string } | null>(null);
  const saveCopy = async (file: EvidenceInfo) => {
    try {
      setSaved({ id: file.id, path: await evidenceSave(file.id, await exportPathSuggest(file.fileName)) });
    } catch (error) {
      showToast({ tone: "error", ...describeError(error) });
    }
  };
  const open = (path: string) => void fileOpen(path).catch((error) => showToast({ tone: "error", ...describeError(error) }));

  if (readOnly && files.length === 0) return null;
  return (
    <div
      ref={root}
      data-drop-target={readOnly ? undefined : code}
      class={`evidence ${over ? "drop-over" : ""}`}
      onDragOver={(e) => {
        if (readOnly) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        if (readOnly) return;
        e.preventDefault();
        setOver(false);
        if (e.dataTransfer?.files.length) void add(e.dataTransfer.files);
      }}
    >
      {files.length > 0 && (
        <ul class="evidence-list" aria-label={`Evidence for ${clause}`}>
          {files.map((f) => (
            <li key={f.id}>
              <span class="evidence-name">{f.fileName}</span>
              <span class="muted num">{formatSize(f.size)}</span>
              <span class="muted mono" title={`SHA-256 ${f.sha256}`}>
                SHA-256 {f.sha256.slice(0, 12)}…
              </span>
              <button type="button" class="button ghost small" onClick={() => void saveCopy(f)} aria-label={`Save a copy of ${f.fileName}`}>
                Save a copy
              </button>
              {saved?.id === f.id && (
                <span class="evidence-saved" role="status">
                  Saved to <span class="mono">{saved.path}</span>{" "}
                  <button type="button" class="button ghost small" onClick={() => open(saved.path)}>
                    Open
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {uploads.length > 0 && (
        <ul class="evidence-uploads" aria-live="polite">
          {uploads.map((u) => (
            <li key={u.name} class={u.state}>
              {u.state === "adding" ? `Adding ${u.name}…` : `${u.name} was not added: ${u.message}`}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <p class="drop-hint">
          <label for={`${id}-file`} class="button small">
            Add evidence files
          </label>
          <input
            id={`${id}-file`}
            class="visually-hidden"
            type="file"
            multiple
            onChange={(e) => {
              const input = e.currentTarget;
              if (input.files?.length) void add(input.files).then(() => (input.value = ""));
            }}
          />
          <span class="muted"> or drop them here. They are kept encrypted in the store, with their SHA-256.</span>
        </p>
      )}
    </div>
  );
}
