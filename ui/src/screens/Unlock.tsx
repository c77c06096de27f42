// The locked store: a passphrase store asks for its passphrase; a keychain store (locked on
// demand or after idle time) fetches its key from the keychain again with one button.
import { useEffect, useRef, useState } from "preact/hooks";
import { BackendError, storeUnlock, type AppInfo } from "../lib/ipc";
import { showError } from "../lib/toasts";
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
        {info.lastError && info.lastError.kind !== "wrong_key" && info.lastError.kind !== "no_key" && (
          <div class="banner banner-error" role="alert">
            <Icon name="alert" />
            <p>{info.lastError.message}</p>
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
      </form>
    </main>
  );
}
