// Settings' automatic backups (issue 18): where they are kept and what rotation keeps, the
// policy (saving itself on change like the other sections), and the list of backups, each
// restored in two clicks: "Restore…", then "Restore this backup" in a confirmation that says
// what happens. A backup taken under an older passphrase asks for it there and retries.
import { Fragment } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { appInfo, BackendError, backupsList, backupsPolicySet, backupsRestore, type AppInfo, type AutoBackup, type BackupPolicy, type BackupReason, type Backups } from "../lib/ipc";
import { commitRemovals } from "../lib/undo";
import { useAsync } from "../lib/useAsync";
import { useAutosave } from "../lib/autosave";
import { formatDateTime, formatNumber } from "../lib/format";
import { navigate } from "../lib/router";
import { useDailyBackup } from "../lib/dailyBackup";
import { describeError, showError, showToast } from "../lib/toasts";
import { Field, describedBy } from "../components/Field";
import { Icon } from "../components/Icon";
import { LoadError } from "../components/LoadError";
import { formatSize } from "./InputEvidence";
import { SaveState } from "./SettingsSections";

export const REASON_TEXT: Record<BackupReason, string> = {
  daily: "Daily",
  before_migration: "Before an update of the store's format",
  before_key_change: "Before a key change",
  before_restore: "Before a restore",
};

type PolicyField = "ab-enabled" | "ab-daily" | "ab-weekly";

/** `onReopened`: the store was replaced by a backup; the window loads everything again. */
export function AutoBackupsSection({ onReopened }: { onReopened: (info: AppInfo) => void }) {
  const [state, reload] = useAsync(backupsList);
  // The list as last read after a policy change (rotation may have deleted some), without a reload under the form.
  const [latest, setLatest] = useState<Backups | null>(null);
  const { saved, save } = useAutosave();
  /** Reads the list again (a policy change rotates it, a restore attempt adds to it), without a reload under the form. */
  const refresh = () => void backupsList().then(setLatest, showError);
  const failure = useDailyBackup(refresh);
  return (
    <section class="card auto-backups" aria-labelledby="auto-backups-title">
      <div class="card-head">
        <h2 id="auto-backups-title">Automatic backups</h2>
        <SaveState id="ab-saved" saved={saved} />
      </div>
      {failure && (
        <div class="banner banner-error" role="alert">
          <Icon name="alert" />
          <p>This session's daily backup failed: {failure}</p>
        </div>
      )}
      {state.status === "loading" && <p class="muted small">Reading the automatic backups…</p>}
      {state.status === "error" && <LoadError what="The automatic backups" onRetry={reload} />}
      {state.status === "ready" && (
        <AutoBackupsBody
          loaded={latest ?? state.data}
          save={save}
          onChanged={refresh}
          onReopened={onReopened}
        />
      )}
    </section>
  );
}

function AutoBackupsBody({ loaded, save, onChanged, onReopened }: { loaded: Backups; save: (work: () => Promise<unknown>) => Promise<void>; onChanged: () => void; onReopened: (info: AppInfo) => void }) {
  const [stored, setStored] = useState(loaded.policy);
  const [enabled, setEnabled] = useState(loaded.policy.enabled);
  const [daily, setDaily] = useState(String(loaded.policy.keepDaily));
  const [weekly, setWeekly] = useState(String(loaded.policy.keepWeekly));
  const [errors, setErrors] = useState<Partial<Record<PolicyField, string>>>({});
  const clear = (field: PolicyField) => setErrors((e) => ({ ...e, [field]: undefined }));

  /** Saves the policy with the fields as they are; a refusal (ours or core's) shows by `field`. */
  const commit = (field: PolicyField, on = enabled) => {
    const keepDaily = Number(daily);
    const keepWeekly = Number(weekly);
    if (!/^\d+$/.test(daily.trim()) || keepDaily < 1 || keepDaily > 365) return setErrors((e) => ({ ...e, "ab-daily": "Enter a whole number of days from 1 to 365." }));
    if (!/^\d+$/.test(weekly.trim()) || keepWeekly > 520) return setErrors((e) => ({ ...e, "ab-weekly": "Enter a whole number of weeks from 0 to 520." }));
    clear(field);
    const policy: BackupPolicy = { enabled: on, keepDaily, keepWeekly };
    if (JSON.stringify(policy) === JSON.stringify(stored)) return;
    void save(async () => {
      try {
        setStored(await backupsPolicySet(policy));
        onChanged();
      } catch (err) {
        setErrors((e) => ({ ...e, [field]: describeError(err).message }));
        throw err;
      }
    });
  };

  return (
    <>
      <p class="small">
        Quorum keeps encrypted copies of the store beside it: one on the first open of each day, and one before an update of the store's format, before a key change and before a
        restore. Each is checked after it is written and opens with the key the store had when it was taken.
      </p>
      <dl class="details">
        <dt>Folder</dt>
        <dd class="auto-backups-folder">
          <code class="break" id="ab-folder">
            {loaded.folder}
          </code>
          <CopyButton text={loaded.folder} />
        </dd>
        <dt>Kept</dt>
        <dd id="ab-kept">
          Every backup of the newest {formatNumber(stored.keepDaily)} {stored.keepDaily === 1 ? "day" : "days"} that have backups, and the newest of each of the newest{" "}
          {formatNumber(stored.keepWeekly)} {stored.keepWeekly === 1 ? "week" : "weeks"}. Older ones are deleted; the newest is never deleted.
        </dd>
      </dl>
      <fieldset class="fieldset">
        <legend>What to keep</legend>
        <label class="checkbox">
          <input type="checkbox" id="ab-enabled" checked={enabled} onChange={(e) => (setEnabled(e.currentTarget.checked), commit("ab-enabled", e.currentTarget.checked))} aria-describedby="ab-enabled-hint" />
          Take a backup on the first open of each day
        </label>
        {errors["ab-enabled"] ? (
          <p class="field-error" id="ab-enabled-hint">
            {errors["ab-enabled"]}
          </p>
        ) : (
          <p class="field-hint" id="ab-enabled-hint">
            Off, Quorum still takes one before an update of the store's format, a key change or a restore.
          </p>
        )}
        <div class="field-row">
          <Field id="ab-daily" label="Days of backups kept" hint="1 to 365." error={errors["ab-daily"]}>
            <input id="ab-daily" type="number" min={1} max={365} value={daily} onInput={(e) => (setDaily(e.currentTarget.value), clear("ab-daily"))} onChange={() => commit("ab-daily")} aria-invalid={!!errors["ab-daily"]} aria-describedby={describedBy("ab-daily", errors["ab-daily"])} />
          </Field>
          <Field id="ab-weekly" label="Weeks with a backup kept" hint="0 to 520." error={errors["ab-weekly"]}>
            <input id="ab-weekly" type="number" min={0} max={520} value={weekly} onInput={(e) => (setWeekly(e.currentTarget.value), clear("ab-weekly"))} onChange={() => commit("ab-weekly")} aria-invalid={!!errors["ab-weekly"]} aria-describedby={describedBy("ab-weekly", errors["ab-weekly"])} />
          </Field>
        </div>
      </fieldset>
      <BackupList backups={loaded.backups} onChanged={onChanged} onReopened={onReopened} />
    </>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard here: select the text so Ctrl+C copies it.
      const code = document.getElementById("ab-folder");
      if (code) window.getSelection()?.selectAllChildren(code);
    }
  };
  return (
    <button type="button" id="ab-copy" class="button small" onClick={() => void copy()} aria-label={copied ? "Folder copied" : "Copy the folder"}>
      {copied ? "Copied" : "Copy"}
    </button>
  );
}

function BackupList({ backups, onChanged, onReopened }: { backups: AutoBackup[]; onChanged: () => void; onReopened: (info: AppInfo) => void }) {
  const [chosen, setChosen] = useState<string | null>(null);
  if (backups.length === 0) return <p class="muted small">No automatic backup yet: the first is taken when the store opens today.</p>;
  const cancel = (path: string) => {
    setChosen(null);
    setTimeout(() => [...document.querySelectorAll<HTMLElement>("[data-restore]")].find((el) => el.dataset.restore === path)?.focus());
  };
  return (
    <table class="backups-table" aria-label="Automatic backups">
      <thead>
        <tr>
          <th scope="col">Taken</th>
          <th scope="col">Why</th>
          <th scope="col" class="num">
            Size
          </th>
          <th scope="col">
            <span class="visually-hidden">Restore</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {backups.map((b) => (
          <Fragment key={b.path}>
            <tr>
              <td>{formatDateTime(b.takenAt)}</td>
              <td>{REASON_TEXT[b.reason]}</td>
              <td class="num">{formatSize(b.bytes)}</td>
              <td>
                <button
                  type="button"
                  class="button small"
                  data-restore={b.path}
                  aria-label={`Restore the backup of ${formatDateTime(b.takenAt)}…`}
                  aria-expanded={chosen === b.path}
                  onClick={() => setChosen(chosen === b.path ? null : b.path)}
                >
                  Restore…
                </button>
              </td>
            </tr>
            {chosen === b.path && (
              <tr class="backups-confirm-row">
                <td colSpan={4}>
                  <ConfirmRestore backup={b} onCancel={() => cancel(b.path)} onFailed={onChanged} onReopened={onReopened} />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

/** The second click: says what happens, asks for the old passphrase when the backup needs it. */
function ConfirmRestore({ backup, onCancel, onFailed, onReopened }: { backup: AutoBackup; onCancel: () => void; onFailed: () => void; onReopened: (info: AppInfo) => void }) {
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const [passphrase, setPassphrase] = useState("");
  const [error, setError] = useState<string | undefined>();
  const confirm = useRef<HTMLButtonElement>(null);
  const when = formatDateTime(backup.takenAt);
  // The confirmation takes the focus when it opens.
  useEffect(() => confirm.current?.focus(), []);
  const restore = async (e: Event) => {
    e.preventDefault();
    if (asking && !passphrase) {
      setError("Enter the passphrase the store had when this backup was taken.");
      document.getElementById("ab-passphrase")?.focus();
      return;
    }
    setBusy(true);
    try {
      // Removals waiting on their Undo belong to the store as it is: done before it is replaced.
      await commitRemovals();
      const info = await backupsRestore({ path: backup.path, ...(asking ? { passphrase } : {}) });
      showToast({ tone: "success", title: "Backup restored", message: `The store is as it was on ${when}. The store as it was before the restore is kept in the list (Before a restore).` });
      // Every screen reads the restored store again; Settings opens at this section.
      navigate("settings", "auto-backups");
      onReopened(info);
    } catch (err) {
      // A failed restore changes nothing, but the store was closed and opened again: if it did
      // not open, the lock screen follows (with the error). It backed up the store first: the list has one more.
      const now = await appInfo().catch(() => null);
      if (now && now.storeState !== "open") return (showError(err), onReopened(now));
      onFailed();
      if (err instanceof BackendError && (err.kind === "wrong_key" || err.kind === "no_key")) {
        // The first refusal only asks; a passphrase given and refused says why by the field.
        setAsking(true);
        setError(asking ? err.message : undefined);
        setPassphrase("");
        setTimeout(() => document.getElementById("ab-passphrase")?.focus());
      } else showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="banner banner-info backups-confirm"
      aria-labelledby="ab-confirm-title"
      aria-describedby="ab-confirm-what"
      noValidate
      onSubmit={restore}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !busy) {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <div>
        <p id="ab-confirm-title">
          <strong>Restore the backup of {when}?</strong>
        </p>
        <p id="ab-confirm-what">
          Quorum first backs up the store as it is now (it stays in this list as “Before a restore”), then replaces the store with this backup. Changes made since {when} are
          replaced; the backup taken first still holds them.
        </p>
        {asking && (
          <Field id="ab-passphrase" label="The store's passphrase when this backup was taken" hint="The passphrase has changed since: this backup opens with the one it had then." error={error}>
            <input id="ab-passphrase" type="password" autocomplete="off" value={passphrase} onInput={(e) => (setPassphrase(e.currentTarget.value), setError(undefined))} aria-invalid={!!error} aria-describedby={describedBy("ab-passphrase", error)} />
          </Field>
        )}
        <div class="form-actions">
          <button type="submit" id="ab-confirm" class="button primary" ref={confirm} disabled={busy}>
            {busy ? "Restoring…" : "Restore this backup"}
          </button>
          <button type="button" class="button" disabled={busy} onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </form>
  );
}
