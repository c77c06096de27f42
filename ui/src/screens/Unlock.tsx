import { useEffect, useRef, useState } from "preact/hooks";
import { BackendError, storeUnlock, type AppInfo } from "../lib/ipc";
import { showError } from "../lib/toasts";
import { Field, describedBy } from "../components/Field";
import { Icon } from "../components/Icon";

export function Unlock({ info, onDone }: { info: AppInfo; onDone: (info: AppInfo) => void }) {
  const [passphrase, setPassphrase] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!passphrase) {
      setError("Enter the passphrase you chose when the store was created.");
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      onDone(await storeUnlock({ passphrase }));
    } catch (err) {
      if (err instanceof BackendError && err.kind === "wrong_passphrase") {
        setError(`${err.message} Check Caps Lock and try again.`);
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
          The store at <code>{info.storePath}</code> is encrypted with a passphrase.
        </p>
        {info.lastError && info.lastError.kind !== "wrong_passphrase" && (
          <div class="banner banner-error" role="alert">
            <Icon name="alert" />
            <p>{info.lastError.message}</p>
          </div>
        )}
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
        <button type="submit" class="button primary block" disabled={busy}>
          {busy ? "Unlocking…" : "Unlock"}
        </button>
      </form>
    </main>
  );
}
