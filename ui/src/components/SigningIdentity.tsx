// The store's signing identity for signed PDFs: what it is (subject, SHA-256 fingerprint,
// validity, where it came from), or, when there is none, a way to make a self-signed one
// or import the organisation's PKCS#12 file. Used by the export panel; Settings can embed it.
import { useEffect, useState } from "preact/hooks";
import { identityCreate, identityGet, identityImport, identityRenew, type IdentityInfo } from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { formatDate } from "../lib/format";
import { showError, showToast } from "../lib/toasts";
import { Field, describedBy } from "./Field";
import { Icon } from "./Icon";
import { LoadError } from "./LoadError";

export function SigningIdentity({ onChange, compact = false }: { onChange?: (identity: IdentityInfo | null) => void; compact?: boolean }) {
  const [state, reload] = useAsync(identityGet);
  const [made, setMade] = useState<IdentityInfo | null>(null);
  // The embedding screen hears what the store has as soon as it is known.
  useEffect(() => {
    if (state.status === "ready") onChange?.(state.data);
  }, [state.status]);
  if (state.status === "loading") return <p class="muted small">Reading the signing identity…</p>;
  if (state.status === "error") return <LoadError what="The signing identity" onRetry={reload} />;
  const identity = made ?? state.data;
  const done = (next: IdentityInfo) => {
    setMade(next);
    onChange?.(next);
  };
  return (
    <section class={`signing-identity ${compact ? "compact" : "card"}`} aria-labelledby="identity-title">
      <h3 id="identity-title">Signing identity</h3>
      {identity ? (
        <>
          <IdentityDetails identity={identity} />
          {!compact && identity.source === "self_signed" && <Renew onRenewed={done} />}
        </>
      ) : (
        <NoIdentity onMade={done} />
      )}
    </section>
  );
}

function IdentityDetails({ identity }: { identity: IdentityInfo }) {
  return (
    <dl class="details identity-details">
      <dt>Subject</dt>
      <dd>{identity.subject}</dd>
      <dt>SHA-256</dt>
      <dd class="mono fingerprint" id="identity-fingerprint">
        {identity.fingerprintSha256}
      </dd>
      <dt>Valid</dt>
      <dd class="num">
        {formatDate(identity.notBefore)} to {formatDate(identity.notAfter)}
      </dd>
      <dt>Source</dt>
      <dd>
        {identity.source === "pkcs12" ? "Imported PKCS#12 file" : "Self-signed in Quorum"}
        {identity.chainCertificates > 0 && `, with ${identity.chainCertificates} chain certificate${identity.chainCertificates === 1 ? "" : "s"}`} · {identity.keyType}
      </dd>
    </dl>
  );
}

/** A new self-signed seal in place of the current one, after saying what it means. */
function Renew({ onRenewed }: { onRenewed: (identity: IdentityInfo) => void }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <div class="form-actions">
        <button type="button" id="identity-renew" class="button" onClick={() => setAsking(true)}>
          Renew the signing identity…
        </button>
      </div>
    );
  }
  const renew = async () => {
    setBusy(true);
    try {
      const identity = await identityRenew();
      showToast({ tone: "success", title: "Signing identity renewed", message: `New fingerprint ${identity.fingerprintSha256.slice(0, 16)}…. Give auditors the new certificate: it holds the old one too.` });
      setAsking(false);
      onRenewed(identity);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="banner banner-info" role="group" aria-labelledby="renew-note">
      <p id="renew-note">
        A new self-signed certificate, valid for the retention period plus two years, signs every export from now on. The old certificate is kept: files signed before stay
        verifiable, and the exported certificate and fingerprint card include it.
      </p>
      <div class="form-actions">
        <button type="button" id="identity-renew-confirm" class="button primary" disabled={busy} onClick={() => void renew()}>
          Make the new certificate
        </button>
        <button type="button" class="button" disabled={busy} onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function NoIdentity({ onMade }: { onMade: (identity: IdentityInfo) => void }) {
  const [busy, setBusy] = useState(false);
  const [importing, setImporting] = useState(false);
  const [path, setPath] = useState("");
  const [password, setPassword] = useState("");
  const [pathError, setPathError] = useState<string | undefined>();
  const act = async (work: () => Promise<IdentityInfo>, title: string) => {
    setBusy(true);
    try {
      const identity = await work();
      showToast({ tone: "success", title, message: `Fingerprint ${identity.fingerprintSha256.slice(0, 16)}…, shown in full in the signing card.` });
      onMade(identity);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="no-identity">
      <p class="banner banner-info" role="note">
        <Icon name="key" /> This store has no signing identity yet. Signed PDFs need one: a self-signed certificate made here (auditors compare its SHA-256 fingerprint), or your
        organisation's certificate from a PKCS#12 file.
      </p>
      <div class="form-actions">
        <button type="button" id="identity-create" class="button primary" disabled={busy} onClick={() => void act(() => identityCreate(), "Signing identity created")}>
          <Icon name="key" /> Create a self-signed signing identity
        </button>
        <button type="button" class="button" aria-expanded={importing} onClick={() => setImporting(!importing)}>
          Import a PKCS#12 file…
        </button>
      </div>
      {importing && (
        <form
          class="identity-import"
          aria-label="Import a PKCS#12 file"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!path.trim()) {
              setPathError("Enter the path of the .p12 or .pfx file.");
              return document.getElementById("identity-path")?.focus();
            }
            void act(() => identityImport(path.trim(), password), "Signing identity imported");
          }}
        >
          <Field id="identity-path" label="PKCS#12 file (.p12 or .pfx)" error={pathError}>
            <input id="identity-path" type="text" class="mono" value={path} onInput={(e) => (setPath(e.currentTarget.value), setPathError(undefined))} aria-invalid={!!pathError} aria-describedby={describedBy("identity-path", pathError, false)} />
          </Field>
          <Field id="identity-password" label="Its password">
            <input id="identity-password" type="password" autocomplete="off" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </Field>
          <div class="form-actions">
            <button type="submit" class="button" disabled={busy}>
              Import
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
