// The locked store: a passphrase store asks for its passphrase; a keychain store (locked on
// demand or after idle time) fetches its key from the keychain again with one button. A store
// found damaged can be salvaged from here into a new one, which then opens.
import { useEffect, useRef, useState } from "preact/hooks";
import { BackendError, chooseSavePath, storeSalvage, storeUnlock, type AppInfo, type SalvageDone } from "../lib/ipc";
import { describeError, showError } from "../lib/toasts";
import { Field, describedBy } from "../components/Field";
import { Icon } from "../components/Icon";

export function Unlock({ info, reason, onDone }: { info: AppInfo; reason?: string | null; onDone: (info: AppInfo) => void }) {
  const keychain = info.keyMode === "keychain";
  const [passphrase, setPassphrase] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => (keychain ? button : input).current?.focus(), [keychain]);

  // Core's words for the damage, from the start's opening or from an unlock.
  const [damage, setDamage] = useState<string | null>(info.lastError?.kind === "corrupt" ? info.lastError.message : null);
  const [salvaged, setSalvaged] = useState<SalvageDone | null>(null);
  const [salvageError, setSalvageError] = useState<string | null>(null);

  const salvage = async () => {
    if (!keychain && !passphrase) {
      setError("Enter the passphrase: the salvaged store keeps the same key.");
      input.current?.focus();
      return;
    }
    const out = await chooseSavePath(info.storePath.replace(/(\.db)?$/, " salvaged.db"));
    if (!out) return;
    setBusy(true);
    setSalvageError(null);
    try {
      setSalvaged(await storeSalvage({ out, passphrase: keychain ? "" : passphrase }));
    } catch (err) {
      setSalvageError(describeError(err).message);
    } finally {
      setBusy(false);
    }
  };

  if (salvaged) {
    return (
      <main class="centered">
        <section class="card unlock-card" aria-labelledby="salvaged-title">
          <h1 id="salvaged-title" tabIndex={-1}>
            Salvaged into {salvaged.info.storePath}
          </h1>
          <p class="muted small">The damaged file is unchanged. The new store opens with the same key; {salvaged.lostAnything ? "what was lost is listed below." : "nothing was lost."}</p>
          <pre class="salvage-report" id="salvage-report">
            {salvaged.lines.join("\n")}
          </pre>
          <button type="button" class="button primary block" autoFocus onClick={() => onDone(salvaged.info)}>
            Open the salvaged store
          </button>
        </section>
      </main>
    );
  }

  // What stops the store opening, other than its key (which the passphrase field answers).
  const banner = damage ?? (info.lastError && info.lastError.kind !== "wrong_key" && info.lastError.kind !== "no_key" ? info.lastError.message : null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!keychain && !passphrase) {
      setError("Enter the passphrase you chose when the store was created.");
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      onDone(await storeUnlock({ passphrase: keychain ? "" : passphrase }));
    } catch (err) {
      if (err instanceof BackendError && err.kind === "wrong_key" && !keychain) {
        setError(err.message);
        setPassphrase("");
        input.current?.focus();
      } else if (err instanceof BackendError && err.kind === "corrupt") {
        setDamage(err.message);
      } else {
        showError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="centered">
      <form class="card unlock-card" onSubmit={submit} noValidate aria-labelledby="unlock-title">
        <div class="empty-icon">
          <Icon name="lock" size={20} />
        </div>
        <h1 id="unlock-title" tabIndex={-1}>
          Unlock {info.organisation ?? "your store"}
        </h1>
        <p class="muted small">
          The store at <code>{info.storePath}</code> is {keychain ? "locked. Its key is in this computer's keychain." : "encrypted with a passphrase."}
        </p>
        {reason && (
          <p class="muted small" id="unlock-reason" role="status">
            {reason}
          </p>
        )}
        {banner && (
          <div class="banner banner-error" role="alert">
            <Icon name="alert" />
            <p>{banner}</p>
          </div>
        )}
        {!keychain && (
          <Field id="unlock-passphrase" label="Passphrase" error={error}>
            <input
              ref={input}
              id="unlock-passphrase"
              type="password"
              autoComplete="current-password"
              value={passphrase}
              onInput={(e) => {
                setPassphrase(e.currentTarget.value);
                setError(undefined);
              }}
              aria-invalid={!!error}
              aria-describedby={describedBy("unlock-passphrase", error, false)}
            />
          </Field>
        )}
        <button ref={button} type="submit" class="button primary block" disabled={busy}>
          {busy ? "Unlocking…" : "Unlock"}
        </button>
        {damage && (
          <div class="salvage" aria-labelledby="salvage-title">
            <h2 id="salvage-title">Salvage what can be read</h2>
            <p class="muted small" id="salvage-hint">
              Copies every row that can still be read into a new store with the same key, and says exactly what was lost. The damaged file stays as it is. A
              recent backup, restored, keeps more.
            </p>
            <button type="button" class="button block" id="salvage-start" disabled={busy} aria-describedby="salvage-hint" onClick={() => void salvage()}>
              {busy ? "Salvaging…" : "Salvage into a new store…"}
            </button>
            {salvageError && (
              <p role="alert" class="field-error">
                {salvageError}
              </p>
            )}
          </div>
        )}
      </form>
    </main>
  );
}
