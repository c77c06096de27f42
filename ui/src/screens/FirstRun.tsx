// First run: create a store (keychain or passphrase), open an existing one, restore a
// backup, or try demo data.
import { useState } from "preact/hooks";
import { storeCreate, storeOpen, storeOpenDemo, storeRestore, type AppInfo, type KeyMode } from "../lib/ipc";
import { TimeZoneList } from "../components/TimeZoneList";
import { passphraseStrength, systemTimeZone, validateCreate, type CreateForm, type FormErrors } from "../lib/validation";
import { showError } from "../lib/toasts";
import { Field, describedBy } from "../components/Field";
import { Icon } from "../components/Icon";
import { ChooseFile } from "../components/SaveFile";

export function FirstRun({ info, onDone }: { info: AppInfo; onDone: (info: AppInfo) => void }) {
  const [form, setForm] = useState<CreateForm>({
    organisation: "",
    leadName: "",
    leadEmail: "",
    timeZone: systemTimeZone(),
    keyMode: "keychain",
    passphrase: "",
    confirm: "",
  });
  const [errors, setErrors] = useState<FormErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState<null | "create" | "demo" | "open" | "restore">(null);
  const [openPath, setOpenPath] = useState("");
  const [openError, setOpenError] = useState<string | undefined>();
  const [backup, setBackup] = useState({ path: "", passphrase: "" });
  const [backupError, setBackupError] = useState<string | undefined>();
  const strength = passphraseStrength(form.passphrase);

  const set = (key: keyof CreateForm) => (e: Event) => {
    const next = { ...form, [key]: (e.currentTarget as HTMLInputElement).value };
    setForm(next);
    if (submitted) setErrors(validateCreate(next));
  };

  const create = async (e: Event) => {
    e.preventDefault();
    setSubmitted(true);
    const found = validateCreate(form);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`fr-${first}`)?.focus();
      return;
    }
    setBusy("create");
    try {
      onDone(
        await storeCreate({
          organisation: form.organisation.trim(),
          leadName: form.leadName.trim(),
          leadEmail: form.leadEmail.trim(),
          timeZone: form.timeZone.trim(),
          keyMode: form.keyMode,
          passphrase: form.keyMode === "passphrase" ? form.passphrase : undefined,
        }),
      );
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  };

  const demo = async () => {
    setBusy("demo");
    try {
      onDone(await storeOpenDemo());
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  };

  const open = async (e: Event) => {
    e.preventDefault();
    if (!openPath.trim()) {
      setOpenError("Enter the path of a Quorum store file (it ends in .db).");
      document.getElementById("fr-open-path")?.focus();
      return;
    }
    setOpenError(undefined);
    setBusy("open");
    try {
      onDone(await storeOpen({ path: openPath.trim() }));
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  };

  const restore = async (e: Event) => {
    e.preventDefault();
    if (!backup.path.trim()) {
      setBackupError("Enter the path of the backup file.");
      document.getElementById("fr-backup-path")?.focus();
      return;
    }
    setBackupError(undefined);
    setBusy("restore");
    try {
      onDone(await storeRestore({ backup: backup.path.trim(), passphrase: backup.passphrase || undefined }));
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  };

  const keyOption = (mode: KeyMode, title: string, text: string) => (
    <label class={`choice${form.keyMode === mode ? " checked" : ""}`}>
      <input type="radio" name="keyMode" value={mode} checked={form.keyMode === mode} onChange={() => setForm({ ...form, keyMode: mode })} />
      <span>
        <strong>{title}</strong>
        <span class="choice-text">{text}</span>
      </span>
    </label>
  );

  return (
    <main class="first-run">
      <header class="first-run-header">
        <span class="brand-mark" aria-hidden="true">Q</span>
        <div>
          <h1 tabIndex={-1}>Set up Quorum</h1>
          <p class="muted">Plan management reviews, write the minutes, track the actions. Everything stays on this computer, encrypted.</p>
        </div>
      </header>
      <div class="first-run-grid">
        <form class="card form-card" onSubmit={create} noValidate aria-labelledby="create-title">
          <h2 id="create-title">Create a new store</h2>
          <p class="muted small">
            It will be saved at <code>{info.storePath}</code>.
          </p>
          <Field id="fr-organisation" label="Organisation" hint="As it should appear on the minutes and the audit pack." error={errors.organisation}>
            <input id="fr-organisation" type="text" autoComplete="organization" value={form.organisation} onInput={set("organisation")} aria-invalid={!!errors.organisation} aria-describedby={describedBy("fr-organisation", errors.organisation)} />
          </Field>
          <div class="field-row">
            <Field id="fr-leadName" label="ISMS lead's name" error={errors.leadName}>
              <input id="fr-leadName" type="text" autoComplete="name" value={form.leadName} onInput={set("leadName")} aria-invalid={!!errors.leadName} aria-describedby={describedBy("fr-leadName", errors.leadName, false)} />
            </Field>
            <Field id="fr-leadEmail" label="ISMS lead's email" error={errors.leadEmail}>
              <input id="fr-leadEmail" type="email" autoComplete="email" value={form.leadEmail} onInput={set("leadEmail")} aria-invalid={!!errors.leadEmail} aria-describedby={describedBy("fr-leadEmail", errors.leadEmail, false)} />
            </Field>
          </div>
          <Field id="fr-timeZone" label="Time zone" hint="Meetings and deadlines are planned in this zone. Detected from this computer." error={errors.timeZone}>
            <input id="fr-timeZone" type="text" list="fr-zones" autocomplete="off" value={form.timeZone} onInput={set("timeZone")} aria-invalid={!!errors.timeZone} aria-describedby={describedBy("fr-timeZone", errors.timeZone)} />
            <TimeZoneList id="fr-zones" />
          </Field>
          <fieldset class="field">
            <legend>How the store's key is kept</legend>
            <div class="choices">
              {keyOption("keychain", "In this computer's keychain", "Opens without a password when you are logged in. Recommended.")}
              {keyOption("passphrase", "With a passphrase", "Asked each time Quorum opens. Lost passphrase, lost data.")}
            </div>
          </fieldset>
          {form.keyMode === "passphrase" && (
            <div class="field-row">
              <Field id="fr-passphrase" label="Passphrase" error={errors.passphrase}>
                <input id="fr-passphrase" type="password" autoComplete="new-password" value={form.passphrase} onInput={set("passphrase")} aria-invalid={!!errors.passphrase} aria-describedby={`${describedBy("fr-passphrase", errors.passphrase, false) ?? ""} fr-strength`.trim()} />
                <div class="strength" id="fr-strength" aria-live="polite">
                  <div class={`meter meter-${strength.score}`} aria-hidden="true">
                    <span />
                    <span />
                    <span />
                    <span />
                  </div>
                  <p class="field-hint">
                    {strength.label && <strong>{strength.label}. </strong>}
                    {strength.hint}
                  </p>
                </div>
              </Field>
              <Field id="fr-confirm" label="Confirm passphrase" error={errors.confirm}>
                <input id="fr-confirm" type="password" autoComplete="new-password" value={form.confirm} onInput={set("confirm")} aria-invalid={!!errors.confirm} aria-describedby={describedBy("fr-confirm", errors.confirm, false)} />
              </Field>
            </div>
          )}
          <div class="form-actions">
            <button type="submit" class="button primary" disabled={busy !== null}>
              {busy === "create" ? "Creating…" : "Create store"}
            </button>
          </div>
        </form>
        <div class="first-run-side">
          <section class="card" aria-labelledby="demo-title">
            <h2 id="demo-title">
              <Icon name="sparkle" /> Try with demo data
            </h2>
            <p class="muted small">A 120-person company with a year of reviews and a dozen actions in every state. Nothing you do there touches real data.</p>
            <button type="button" class="button" onClick={demo} disabled={busy !== null}>
              {busy === "demo" ? "Opening the demo…" : "Open the demo"}
            </button>
          </section>
          <form class="card" onSubmit={open} noValidate aria-labelledby="open-title">
            <h2 id="open-title">
              <Icon name="folder" /> Open an existing store
            </h2>
            <Field id="fr-open-path" label="Store file" hint="For example a copy restored from a backup." error={openError}>
              <input id="fr-open-path" type="text" placeholder="/path/to/quorum.db" value={openPath} onInput={(e) => setOpenPath(e.currentTarget.value)} aria-invalid={!!openError} aria-describedby={describedBy("fr-open-path", openError)} />
            </Field>
            <ChooseFile purpose="store" label="Choose the store file…" onChosen={(path) => (setOpenPath(path), setOpenError(undefined))} disabled={busy !== null} />
            <button type="submit" class="button" disabled={busy !== null}>
              {busy === "open" ? "Opening…" : "Open store"}
            </button>
          </form>
          <form class="card" onSubmit={restore} noValidate aria-labelledby="restore-title">
            <h2 id="restore-title">
              <Icon name="folder" /> Restore a backup
            </h2>
            <Field id="fr-backup-path" label="Backup file" hint="Quorum checks the backup opens and is intact before it becomes your store." error={backupError}>
              <input id="fr-backup-path" type="text" placeholder="/path/to/quorum-backup.db" value={backup.path} onInput={(e) => setBackup({ ...backup, path: e.currentTarget.value })} aria-invalid={!!backupError} aria-describedby={describedBy("fr-backup-path", backupError)} />
            </Field>
            <ChooseFile purpose="backup" label="Choose the backup file…" onChosen={(path) => (setBackup((b) => ({ ...b, path })), setBackupError(undefined))} disabled={busy !== null} />
            <Field id="fr-backup-passphrase" label="Its passphrase (if it has one)">
              <input id="fr-backup-passphrase" type="password" autoComplete="off" value={backup.passphrase} onInput={(e) => setBackup({ ...backup, passphrase: e.currentTarget.value })} />
            </Field>
            <button type="submit" class="button" disabled={busy !== null}>
              {busy === "restore" ? "Restoring…" : "Restore"}
            </button>
          </form>
        </div>
      </div>
    </main>
  );
}
