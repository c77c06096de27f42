// Settings' signing section: the identity that signs exports (with core's expiry warning),
// and what every signature carries: location, contact and, when set, a time-stamping
// authority, which can also timestamp a file signed offline. Each field saves itself when
// changed and left, like the other sections.
import { useState } from "preact/hooks";
import { chooseOpenPath, identitySettingsGet, identitySettingsSet, pdfTimestamp, type SigningSettings, type TimestampDone } from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { useAutosave } from "../lib/autosave";
import { describeError } from "../lib/toasts";
import { Field, describedBy } from "../components/Field";
import { LoadError } from "../components/LoadError";
import { IdentityWarning } from "../components/IdentityWarning";
import { SigningIdentity } from "../components/SigningIdentity";
import { SaveState } from "./SettingsSections";

type Key = keyof SigningSettings;

const FIELDS: { key: Key; id: string; label: string; hint: string }[] = [
  { key: "location", id: "sign-location", label: "Location", hint: "Where the documents are signed, e.g. London: written into each signature." },
  { key: "contact", id: "sign-contact", label: "Contact", hint: "How a reader reaches the signer, e.g. isms@northwind.example: written into each signature." },
  {
    key: "tsaUrl",
    id: "sign-tsa",
    label: "Time-stamping authority URL",
    hint: "Off by default. With a URL, each signature gets an RFC 3161 timestamp from that authority, and a CA-issued certificate also the revocation data its CA publishes; Quorum needs the network for them only while exporting or adding a timestamp.",
  },
];

export function SigningSection() {
  const [state, reload] = useAsync(identitySettingsGet);
  const { saved, save } = useAutosave();
  // A renewed identity asks core again whether to warn.
  const [identity, setIdentity] = useState<string | null>(null);
  return (
    <section class="card" aria-labelledby="signing-title">
      <div class="card-head">
        <h2 id="signing-title">Signing</h2>
        <SaveState id="sign-saved" saved={saved} />
      </div>
      <p class="muted small">The identity that signs exported minutes and audit packs. Its private key never leaves the encrypted store.</p>
      <IdentityWarning key={identity ?? "none"} id="signing-warning" />
      <SigningIdentity onChange={(next) => setIdentity(next?.fingerprintSha256 ?? null)} />
      {state.status === "loading" && <p class="muted small">Reading the signing settings…</p>}
      {state.status === "error" && <LoadError what="The signing settings" onRetry={reload} />}
      {state.status === "ready" && <SigningForm loaded={state.data} save={save} />}
    </section>
  );
}

function SigningForm({ loaded, save }: { loaded: SigningSettings; save: (work: () => Promise<unknown>) => Promise<void> }) {
  // What the backend holds (after its trimming), and what the fields show.
  const [stored, setStored] = useState(loaded);
  const [values, setValues] = useState(loaded);
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const commit = (key: Key) => {
    if (values[key] === stored[key]) return;
    const request = { ...stored, [key]: values[key] };
    void save(async () => {
      try {
        const next = await identitySettingsSet(request);
        setStored(next);
        setValues((v) => ({ ...v, [key]: next[key] }));
      } catch (err) {
        setErrors((e) => ({ ...e, [key]: describeError(err).message }));
        throw err;
      }
    });
  };
  return (
    <div class="signing-settings">
      <h3>In every signature</h3>
      {FIELDS.map((f) => (
        <Field key={f.key} id={f.id} label={f.label} hint={f.hint} error={errors[f.key]}>
          <input
            id={f.id}
            type="text"
            inputMode={f.key === "tsaUrl" ? "url" : undefined}
            class={f.key === "tsaUrl" ? "mono" : undefined}
            value={values[f.key]}
            autocomplete="off"
            onInput={(e) => {
              const value = e.currentTarget.value;
              setValues((v) => ({ ...v, [f.key]: value }));
              setErrors((er) => ({ ...er, [f.key]: undefined }));
            }}
            onChange={() => commit(f.key)}
            aria-invalid={!!errors[f.key]}
            aria-describedby={describedBy(f.id, errors[f.key])}
          />
        </Field>
      ))}
      <TimestampLater tsaUrl={stored.tsaUrl} />
    </div>
  );
}

/** `quorum timestamp` in the window: an export signed offline, upgraded once online. */
function TimestampLater({ tsaUrl }: { tsaUrl: string }) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<TimestampDone | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    const path = await chooseOpenPath("signedPdf");
    if (!path) return;
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      setDone(await pdfTimestamp(path));
    } catch (err) {
      setError(describeError(err).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="timestamp-later">
      <h3>A file signed offline</h3>
      <p class="muted small" id="timestamp-hint">
        Adds a timestamp from the authority above to a signed PDF, with the revocation data its signatures name, as an update at the end of the file:
        its signatures stay valid, and the timestamp proves they existed by then. Quorum uses the network only for this.
      </p>
      {!tsaUrl && <p class="muted small">Give the time-stamping authority's URL above first.</p>}
      <button type="button" disabled={!tsaUrl || busy} aria-describedby="timestamp-hint" onClick={() => void run()}>
        {busy ? "Adding the timestamp…" : "Add a timestamp to a signed PDF…"}
      </button>
      {done && (
        <p role="status" class="small" id="timestamp-done">
          Timestamped <span class="mono">{done.path}</span> from {done.tsaUrl}.{done.revocation ? ` Revocation data: ${done.revocation}` : ""}
        </p>
      )}
      {error && (
        <p role="alert" class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
