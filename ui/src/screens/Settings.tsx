// Settings: the organisation, document control defaults, working days and holidays, the
// store this window works on, its key, how it is locked, how long records are kept, its
// integrity checks (audit trail included), backups, signing and where restoring happens.
import { useEffect, useState } from "preact/hooks";
import { storeExportJson, retentionSet, settingsGet, storeBackup, storeVerify, type AppInfo, type BackupProgress, type StoreVerification } from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { formatNumber } from "../lib/format";
import { today } from "../lib/clock";
import { focusSection } from "../lib/router";
import { showError, showToast } from "../lib/toasts";
import { Field, describedBy } from "../components/Field";
import { Icon } from "../components/Icon";
import { LoadError } from "../components/LoadError";
import { DEFAULT_IDLE_MINUTES, IDLE_CHOICES, idleMinutes, setIdleMinutes } from "../lib/idle";
import { PageHeader } from "../components/PageHeader";
import { KeySection, OrganisationSections, RestoreSection } from "./SettingsSections";
import { ReviewBoard } from "./ReviewBoard";
import { SaveFile } from "../components/SaveFile";
import { SigningSection } from "./SettingsSigning";
import { AutoBackupsSection } from "./SettingsBackups";

const KEY_MODE_TEXT = {
  keychain: "In this computer's keychain: it opens without a password while you are logged in.",
  passphrase: "With a passphrase, asked each time Quorum opens or unlocks.",
} as const;

/** The section list at the top: each entry brings its section's heading into view. */
const SECTIONS: [string, string][] = [
  ["org-title", "Organisation"],
  ["doc-title", "Document control"],
  ["week-title", "Working days"],
  ["board-title", "Review board"],
  ["store-title", "Store"],
  ["lock-title", "Locking"],
  ["retention-title", "Retention"],
  ["integrity-title", "Integrity"],
  ["key-title", "Key"],
  ["backup-title", "Backup"],
  ["auto-backups-title", "Automatic backups"],
  ["your-data-title", "Your data"],
  ["signing-title", "Signing"],
  ["restore-title", "Restore"],
];

/**
 * `section`: the route's rest (#/settings/signing opens at the signing section). `onReopened`:
 * the open store was replaced by one of its automatic backups (the window loads everything again).
 */
export function Settings({ info, onInfo = () => {}, onReopened = onInfo, section = null }: { info: AppInfo; onInfo?: (info: AppInfo) => void; onReopened?: (info: AppInfo) => void; section?: string | null }) {
  const [minutes, setMinutes] = useState(idleMinutes);
  useEffect(() => {
    if (!section) return;
    // After the window has moved the focus to the new screen's title.
    const timer = setTimeout(() => focusSection(`${section}-title`), 0);
    return () => clearTimeout(timer);
  }, [section]);
  return (
    <div class="page">
      <PageHeader title="Settings" subtitle="The organisation, document control, working days, the store and its key, locking, retention, integrity checks, backups (automatic ones too) and signing. Each setting saves itself when you change it or leave its field." />
      <nav class="section-list" aria-label="Settings sections">
        {SECTIONS.map(([id, label]) => (
          <a
            key={id}
            href={`#/settings`}
            onClick={(e) => {
              e.preventDefault();
              focusSection(id);
            }}
          >
            {label}
          </a>
        ))}
      </nav>
      <div class="settings-grid">
        <OrganisationSections onInfo={onInfo} />
        <ReviewBoard />
        <section class="card" aria-labelledby="store-title">
          <h2 id="store-title">Store</h2>
          <dl class="details">
            <dt>Organisation</dt>
            <dd>{info.organisation}</dd>
            <dt>File</dt>
            <dd>
              <code class="break">{info.storePath}</code>
            </dd>
            <dt>Key</dt>
            <dd>{info.keyMode ? KEY_MODE_TEXT[info.keyMode] : "Unknown"}</dd>
            <dt>Version</dt>
            <dd class="num">Quorum {info.version}</dd>
          </dl>
        </section>
        <section class="card" aria-labelledby="lock-title">
          <h2 id="lock-title">Locking</h2>
          <div class="field">
            <label for="set-idle">Lock after inactivity</label>
            <select
              id="set-idle"
              value={String(minutes)}
              onChange={(e) => {
                const value = Number(e.currentTarget.value);
                setIdleMinutes(value);
                setMinutes(value);
              }}
              aria-describedby="set-idle-hint"
            >
              {IDLE_CHOICES.map((m) => (
                <option key={m} value={String(m)}>
                  {m === 0 ? "Never" : `${m} minutes${m === DEFAULT_IDLE_MINUTES ? " (default)" : ""}`}
                </option>
              ))}
            </select>
            <p class="field-hint" id="set-idle-hint">
              The store closes when nobody has used this window for that long; unlock it to continue. A setting of this computer.
            </p>
          </div>
          <p class="muted small">Lock at any time with the lock button at the bottom of the rail, or Ctrl+Shift+L.</p>
        </section>
        <Retention />
        <Integrity />
        <KeySection info={info} onInfo={onInfo} />
        <Backup storePath={info.storePath} />
        <AutoBackupsSection onReopened={onReopened} />
        <section class="card" aria-labelledby="your-data-title">
          <h2 id="your-data-title">Your data</h2>
          <p class="muted small">Everything in the store as one JSON file, readable without Quorum (every table as a list of rows, named as in the store). Unlike a backup, it is not encrypted: keep it somewhere safe.</p>
          <SaveFile id="export-json-path" label="Save everything to" fileName={`Quorum export ${today()}.json`} action="Export as JSON" busyLabel="Exporting…" save={storeExportJson} />
        </section>
        <SigningSection />
        <RestoreSection />
      </div>
    </div>
  );
}

function Retention() {
  const [state, reload] = useAsync(settingsGet);
  const [years, setYears] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  if (state.status === "loading") return <section class="card" aria-busy="true">Loading…</section>;
  if (state.status === "error") return <LoadError what="The retention period" onRetry={reload} />;
  const current = state.data.retentionYears;
  const value = years ?? String(current);
  const save = async (e: Event) => {
    e.preventDefault();
    const n = Number(value);
    if (!Number.isInteger(n) || n < current || n > 100) {
      setError(`Enter a whole number of years from ${current} (the current period: it can only grow) to 100.`);
      document.getElementById("set-retention")?.focus();
      return;
    }
    setBusy(true);
    try {
      await retentionSet(n);
      showToast({ tone: "success", title: "Saved", message: `Records are kept for ${n} years.` });
      setYears(null);
      reload();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card" onSubmit={save} noValidate aria-labelledby="retention-title">
      <h2 id="retention-title">Records retention</h2>
      <Field id="set-retention" label="Keep review records for (years)" hint="Counted from each review's meeting. It can only grow: records already promised to auditors stay kept." error={error}>
        <input id="set-retention" type="number" min={current} max={100} value={value} onInput={(e) => (setYears(e.currentTarget.value), setError(undefined))} aria-invalid={!!error} aria-describedby={describedBy("set-retention", error)} />
      </Field>
      <div>
        {/* The one setting with a button: it can never be shortened again. */}
        <button type="submit" class="button" disabled={busy || value === String(current)}>
          {busy ? "Extending…" : "Extend the period"}
        </button>
      </div>
    </form>
  );
}

function Integrity() {
  const [result, setResult] = useState<StoreVerification | null>(null);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    try {
      setResult(await storeVerify());
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="integrity-title">
      <h2 id="integrity-title">Integrity and audit trail</h2>
      <p class="muted small">Reads every page of the store: SQLite's and SQLCipher's checks, the links between records, and the audit trail's hash chain, which shows whether any recorded change was altered or removed.</p>
      <div>
        <button type="button" id="set-verify" class="button" onClick={verify} disabled={busy}>
          {busy ? "Checking…" : "Verify the store"}
        </button>
      </div>
      {result && (
        <div class={`banner ${result.ok ? "banner-info" : "banner-error"}`} role="status">
          <Icon name={result.ok ? "check" : "alert"} />
          <div>
            <p>
              <strong>{result.ok ? "Intact." : "Problems found."}</strong> The audit trail holds {formatNumber(result.auditEvents)} events
              {result.auditBroken ? `; its chain breaks at ${result.auditBroken}` : " and its chain is unbroken"}.
            </p>
            {result.faults.length > 0 && (
              <ul>
                {result.faults.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            )}
            {!result.ok && <p>Restore the store from a backup made before the problem, and keep this copy for investigation.</p>}
          </div>
        </div>
      )}
    </section>
  );
}

function Backup({ storePath }: { storePath: string }) {
  const suggested = storePath.replace(/\.db$/, "") + `-backup-${today()}.db`;
  const [path, setPath] = useState(suggested);
  const [progress, setProgress] = useState<BackupProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const run = async (e: Event) => {
    e.preventDefault();
    if (!path.trim()) {
      setError("Enter where to save the backup.");
      return;
    }
    setBusy(true);
    setProgress(null);
    try {
      const written = await storeBackup(path.trim(), setProgress);
      showToast({ tone: "success", title: "Backup saved", message: written });
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  const share = progress && progress.total > 0 ? progress.done / progress.total : 0;
  return (
    <form class="card" onSubmit={run} noValidate aria-labelledby="backup-title">
      <h2 id="backup-title">Backup</h2>
      <Field id="set-backup" label="Save an encrypted backup to" hint="The backup opens with the same key as the store. Keep it on another disk." error={error}>
        <input id="set-backup" type="text" value={path} onInput={(e) => (setPath(e.currentTarget.value), setError(undefined))} aria-invalid={!!error} aria-describedby={describedBy("set-backup", error)} />
      </Field>
      {busy && progress && <progress max={1} value={share} aria-label="Backup progress" />}
      <div>
        <button type="submit" class="button" disabled={busy}>
          {busy ? "Backing up…" : "Back up now"}
        </button>
      </div>
    </form>
  );
}
