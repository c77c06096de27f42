// The Settings sections over core's organisation settings, holidays and key changes:
// organisation, document control defaults, working week and holidays (each field saves
// itself when changed or left), key and passphrase, and where restoring a backup happens.
import { useState } from "preact/hooks";
import {
  appInfo,
  holidaysImport,
  holidaysList,
  organisationGet,
  organisationSet,
  peopleList,
  storeChangeKey,
  type AppInfo,
  type HolidayEntry,
  type KeyMode,
  type Organisation,
  type OrganisationChange,
  type Person,
} from "../lib/ipc";
import { useAsync } from "../lib/useAsync";
import { formatDate, formatNumber } from "../lib/format";
import { thisYear } from "../lib/clock";
import { timeZones } from "../lib/validation";
import { describeError, showError, showToast } from "../lib/toasts";
import { savedText, useAutosave, type Saved } from "../lib/autosave";
import { TimeZoneList } from "../components/TimeZoneList";
import { commitRemovals } from "../lib/undo";
import { Field, describedBy } from "../components/Field";
import { LoadError } from "../components/LoadError";
import { setOrganisationZone } from "../lib/dates";
import { ChooseFile } from "../components/SaveFile";

type Errors = Partial<Record<string, string>>;

const WEEK: [string, string][] = [
  ["mon", "Monday"],
  ["tue", "Tuesday"],
  ["wed", "Wednesday"],
  ["thu", "Thursday"],
  ["fri", "Friday"],
  ["sat", "Saturday"],
  ["sun", "Sunday"],
];


/**
 * Saves one change to the organisation's settings as soon as a field is changed or left: a
 * quiet "Saved" by the section's heading, a refusal (ours or the backend's) by the field.
 */
function useOrganisationSave(onSaved: (org: Organisation) => void) {
  const { saved, save } = useAutosave();
  const [errors, setErrors] = useState<Errors>({});
  const clear = (field: string) => setErrors((e) => ({ ...e, [field]: undefined }));
  const commit = (field: string, change: OrganisationChange | string) => {
    if (typeof change === "string") {
      setErrors((e) => ({ ...e, [field]: change }));
      return;
    }
    clear(field);
    void save(async () => {
      try {
        const next = await organisationSet(change);
        setOrganisationZone(next.timeZone);
        onSaved(next);
      } catch (err) {
        setErrors((e) => ({ ...e, [field]: describeError(err).message }));
        throw err;
      }
    });
  };
  return { saved, errors, clear, commit };
}

/** "Saving…", "Saved" or "Not saved" beside a section's heading; the reason is by the field. */
export function SaveState({ id, saved }: { id: string; saved: Saved }) {
  return (
    <span id={id} class={`saved-state ${saved.status}`} role="status">
      {saved.status === "error" ? "Not saved" : savedText(saved)}
    </span>
  );
}

/** Organisation, document control defaults, and the working week with its holidays. */
export function OrganisationSections({ onInfo }: { onInfo: (info: AppInfo) => void }) {
  const [state, reload] = useAsync(() => Promise.all([organisationGet(), peopleList()]));
  // What the last save answered; the forms keep what is typed, so nothing reloads under them.
  const [latest, setLatest] = useState<Organisation | null>(null);
  if (state.status === "loading")
    return (
      <section class="card" aria-busy="true">
        Loading the organisation…
      </section>
    );
  if (state.status === "error") return <LoadError what="The organisation's settings" onRetry={reload} />;
  const [loaded, people] = state.data;
  const org = latest ?? loaded;
  const saved = async (next: Organisation) => {
    setLatest(next);
    // The rail shows the organisation's name.
    if (next.name === org.name) return;
    try {
      onInfo(await appInfo());
    } catch (err) {
      showError(err);
    }
  };
  return (
    <>
      <OrganisationForm org={org} people={people} onSaved={saved} />
      <DocumentControlForm org={org} onSaved={saved} />
      <WorkingWeek org={org} onSaved={saved} />
    </>
  );
}

function OrganisationForm({ org, people, onSaved }: { org: Organisation; people: Person[]; onSaved: (org: Organisation) => void }) {
  const [name, setName] = useState(org.name);
  const [zone, setZone] = useState(org.timeZone);
  const [lead, setLead] = useState(org.ismsLead ? String(org.ismsLead.id) : "");
  const [cadence, setCadence] = useState(String(org.reviewCadenceMonths));
  const [requiresChair, setRequiresChair] = useState(org.quorum.requiresChair);
  const [minTop, setMinTop] = useState(String(org.quorum.minTopManagement));
  const [minMembers, setMinMembers] = useState(String(org.quorum.minMembers));
  const { saved, errors, clear, commit } = useOrganisationSave(onSaved);
  const zones = timeZones();

  const saveName = () => {
    const value = name.trim();
    if (!value) return commit("org-name", "Enter the organisation's name: it heads the minutes.");
    if (value !== org.name) commit("org-name", { name: value });
  };
  const saveZone = () => {
    const value = zone.trim();
    if (!value) return commit("org-zone", "Enter a time zone such as Europe/London.");
    if (zones.length > 0 && !zones.includes(value) && value !== "UTC") return commit("org-zone", `${value} is not a time zone this computer knows: write it like Europe/London.`);
    if (value !== org.timeZone) commit("org-zone", { timeZone: value });
  };
  /** The quorum is one setting: the field changed carries any refusal. */
  const saveQuorum = (field: string, chair = requiresChair) => {
    const top = Number(minTop);
    const members = Number(minMembers);
    if (!Number.isInteger(top) || top < 0 || top > 50) return commit("org-min-top", "Enter a whole number from 0 to 50.");
    if (!Number.isInteger(members) || members < 1 || members > 100) return commit("org-min-members", "Enter a whole number from 1 to 100.");
    if (members < top) return commit("org-min-members", "The members present include the top management: at least as many as top management.");
    clear("org-min-top");
    clear("org-min-members");
    const quorum = { requiresChair: chair, minTopManagement: top, minMembers: members };
    if (JSON.stringify(quorum) !== JSON.stringify(org.quorum)) commit(field, { quorum });
  };

  return (
    <section class="card" aria-labelledby="org-title">
      <div class="card-head">
        <h2 id="org-title">Organisation</h2>
        <SaveState id="org-saved" saved={saved} />
      </div>
      <Field id="org-name" label="Name" hint="Heads the minutes, the invitations and the audit pack." error={errors["org-name"]}>
        <input id="org-name" type="text" value={name} onInput={(e) => (setName(e.currentTarget.value), clear("org-name"))} onChange={saveName} aria-invalid={!!errors["org-name"]} aria-describedby={describedBy("org-name", errors["org-name"])} />
      </Field>
      <Field id="org-zone" label="Time zone" hint="Meetings are planned and shown in it (IANA name, e.g. Europe/London); date fields follow its country's way of writing dates." error={errors["org-zone"]}>
        <input id="org-zone" type="text" list="org-zones" value={zone} onInput={(e) => (setZone(e.currentTarget.value), clear("org-zone"))} onChange={saveZone} aria-invalid={!!errors["org-zone"]} aria-describedby={describedBy("org-zone", errors["org-zone"])} autocomplete="off" />
      </Field>
      <TimeZoneList id="org-zones" />
      <Field id="org-lead" label="ISMS lead" hint="Organises the reviews: the invitations come from this person, and the window records changes in their name." error={errors["org-lead"]}>
        <select id="org-lead" value={lead} onChange={(e) => (setLead(e.currentTarget.value), commit("org-lead", { ismsLeadId: Number(e.currentTarget.value) }))} aria-describedby={describedBy("org-lead", errors["org-lead"])}>
          {!org.ismsLead && <option value="">Not set</option>}
          {people.map((p) => (
            <option key={p.id} value={String(p.id)}>
              {p.name}
              {p.jobTitle ? `, ${p.jobTitle}` : ""}
            </option>
          ))}
        </select>
      </Field>
      <Field id="org-cadence" label="Review cadence" hint="How often a management review is planned. ISO 27001 expects at least one a year." error={errors["org-cadence"]}>
        <select id="org-cadence" value={cadence} onChange={(e) => (setCadence(e.currentTarget.value), commit("org-cadence", { reviewCadenceMonths: Number(e.currentTarget.value) }))} aria-describedby={describedBy("org-cadence", errors["org-cadence"])}>
          {[1, 2, 3, 4, 6, 12].map((m) => (
            <option key={m} value={String(m)}>
              {m === 1 ? "Every month" : m === 12 ? "Once a year" : `Every ${m} months`}
            </option>
          ))}
        </select>
      </Field>
      <fieldset class="fieldset">
        <legend>Quorum</legend>
        <p class="field-hint">A meeting counts as a management review only with its quorum; the minutes record whether it was met.</p>
        <label class="checkbox">
          <input type="checkbox" id="org-chair" checked={requiresChair} onChange={(e) => (setRequiresChair(e.currentTarget.checked), saveQuorum("org-min-top", e.currentTarget.checked))} />
          The chair must be present
        </label>
        <div class="field-row">
          <Field id="org-min-top" label="Top management, at least" error={errors["org-min-top"]}>
            <input id="org-min-top" type="number" min={0} max={50} value={minTop} onInput={(e) => (setMinTop(e.currentTarget.value), clear("org-min-top"))} onChange={() => saveQuorum("org-min-top")} aria-invalid={!!errors["org-min-top"]} aria-describedby={describedBy("org-min-top", errors["org-min-top"], false)} />
          </Field>
          <Field id="org-min-members" label="Members present, at least" error={errors["org-min-members"]}>
            <input id="org-min-members" type="number" min={1} max={100} value={minMembers} onInput={(e) => (setMinMembers(e.currentTarget.value), clear("org-min-members"))} onChange={() => saveQuorum("org-min-members")} aria-invalid={!!errors["org-min-members"]} aria-describedby={describedBy("org-min-members", errors["org-min-members"], false)} />
          </Field>
        </div>
      </fieldset>
    </section>
  );
}

function DocumentControlForm({ org, onSaved }: { org: Organisation; onSaved: (org: Organisation) => void }) {
  const [classification, setClassification] = useState(org.classification);
  const [prefix, setPrefix] = useState(org.documentPrefix);
  const { saved, errors, clear, commit } = useOrganisationSave(onSaved);
  const year = thisYear();
  const saveClassification = () => {
    const value = classification.trim();
    if (!value) return commit("doc-class", "Enter a classification, e.g. Internal or Confidential.");
    if (value !== org.classification) commit("doc-class", { classification: value });
  };
  const savePrefix = () => {
    const value = prefix.trim();
    if (!value) return commit("doc-prefix", "Enter a prefix, e.g. ISMS-MR.");
    if (/\s/.test(value)) return commit("doc-prefix", "A document number prefix has no spaces: use hyphens, e.g. ISMS-MR.");
    if (value !== org.documentPrefix) commit("doc-prefix", { documentPrefix: value });
  };
  return (
    <section class="card" aria-labelledby="doc-title">
      <div class="card-head">
        <h2 id="doc-title">Document control defaults</h2>
        <SaveState id="doc-saved" saved={saved} />
      </div>
      <p class="muted small">What new minutes start with. Minutes already created keep theirs; change them in the review's Approve step.</p>
      <Field id="doc-class" label="Classification" hint="Printed on every page of the minutes." error={errors["doc-class"]}>
        <input id="doc-class" type="text" list="doc-classes" value={classification} onInput={(e) => (setClassification(e.currentTarget.value), clear("doc-class"))} onChange={saveClassification} aria-invalid={!!errors["doc-class"]} aria-describedby={describedBy("doc-class", errors["doc-class"])} />
      </Field>
      <datalist id="doc-classes">
        {["Public", "Internal", "Confidential", "Restricted"].map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <Field id="doc-prefix" label="Document number prefix" hint={`Minutes are numbered ${prefix.trim() || "PREFIX"}-${year}-01, ${prefix.trim() || "PREFIX"}-${year}-02 …`} error={errors["doc-prefix"]}>
        <input id="doc-prefix" type="text" value={prefix} onInput={(e) => (setPrefix(e.currentTarget.value), clear("doc-prefix"))} onChange={savePrefix} aria-invalid={!!errors["doc-prefix"]} aria-describedby={describedBy("doc-prefix", errors["doc-prefix"])} />
      </Field>
    </section>
  );
}

function WorkingWeek({ org, onSaved }: { org: Organisation; onSaved: (org: Organisation) => void }) {
  const [days, setDays] = useState<string[]>(org.workingDays);
  const { saved, errors, commit } = useOrganisationSave(onSaved);
  const error = errors.week;
  const toggle = (day: string, on: boolean) => {
    const next = WEEK.map(([d]) => d).filter((d) => (d === day ? on : days.includes(d)));
    setDays(next);
    commit("week", next.length === 0 ? "Tick at least one working day." : { workingDays: next });
  };
  return (
    <section class="card" aria-labelledby="week-title">
      <div class="card-head">
        <h2 id="week-title">Working days and holidays</h2>
        <SaveState id="week-saved" saved={saved} />
      </div>
      <fieldset class="fieldset" aria-describedby={error ? "week-error" : "week-hint"}>
        <legend>Working week</legend>
        <div class="weekdays">
          {WEEK.map(([day, label]) => (
            <label key={day} class="checkbox">
              <input type="checkbox" id={`week-${day}`} checked={days.includes(day)} onChange={(e) => toggle(day, e.currentTarget.checked)} />
              {label}
            </label>
          ))}
        </div>
        {error ? (
          <p class="field-error" id="week-error">
            {error}
          </p>
        ) : (
          <p class="field-hint" id="week-hint">
            The year planner puts meetings on these days, and preparation deadlines count them.
          </p>
        )}
      </fieldset>
      <Holidays />
    </section>
  );
}

function Holidays() {
  const [state, reload] = useAsync(holidaysList);
  const [path, setPath] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [imported, setImported] = useState<HolidayEntry[] | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!path.trim()) {
      setError("Enter the path of a holidays file.");
      document.getElementById("hol-path")?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await holidaysImport(path.trim());
      setImported(result.holidays);
      showToast({
        tone: "success",
        title: "Holidays imported",
        message: result.changed === 0 ? `All ${formatNumber(result.read)} days in the file were already listed.` : `${formatNumber(result.changed)} of ${formatNumber(result.read)} days added or renamed.`,
      });
      setPath("");
      reload();
    } catch (err) {
      setError(describeError(err).message);
      document.getElementById("hol-path")?.focus();
    } finally {
      setBusy(false);
    }
  };
  const list = state.status === "ready" ? state.data : imported;
  return (
    <div class="holidays">
      <h3>Public holidays</h3>
      {state.status === "error" && <LoadError what="The holidays" onRetry={reload} />}
      {state.status === "loading" && !list && <p class="muted small">Loading…</p>}
      {list && list.length === 0 && <p class="muted small">No holidays yet. Import your country's list so that no review or deadline lands on one.</p>}
      {list && list.length > 0 && (
        <ul class="holiday-list" aria-label="Public holidays">
          {list.map((h) => (
            <li key={h.date}>
              <span class="num">{formatDate(h.date)}</span> <span>{h.name}</span>
            </li>
          ))}
        </ul>
      )}
      <form class="stack" onSubmit={submit} noValidate aria-label="Import holidays">
        <Field id="hol-path" label="Import holidays from a file" hint="A text file of YYYY-MM-DD,Name lines, or an .ics calendar of all-day events. A day already listed takes the new name." error={error}>
          <input id="hol-path" type="text" value={path} placeholder="/home/you/holidays.txt" onInput={(e) => (setPath(e.currentTarget.value), setError(undefined))} aria-invalid={!!error} aria-describedby={describedBy("hol-path", error)} />
        </Field>
        <div>
          <ChooseFile purpose="holidays" label="Choose the file…" onChosen={(chosen) => (setPath(chosen), setError(undefined))} disabled={busy} />{" "}
          <button type="submit" class="button" disabled={busy}>
            {busy ? "Importing…" : "Import holidays"}
          </button>
        </div>
      </form>
    </div>
  );
}

type KeyChoice = "passphrase" | "keychain";

/** Change the passphrase, rotate the keychain key, or move between the two. */
export function KeySection({ info, onInfo }: { info: AppInfo; onInfo: (info: AppInfo) => void }) {
  const mode: KeyMode | null = info.keyMode;
  const [choice, setChoice] = useState<KeyChoice>(mode === "keychain" ? "keychain" : "passphrase");
  const [first, setFirst] = useState("");
  const [second, setSecond] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const action =
    choice === "passphrase" ? (mode === "passphrase" ? "Change the passphrase" : "Switch to a passphrase") : mode === "keychain" ? "Give the store a new key" : "Keep the key in this computer's keychain";
  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(null);
    const found: Errors = {};
    if (choice === "passphrase") {
      if ([...first].length < 10) found["key-new"] = "Choose at least 10 characters; several words work well.";
      else if (first !== second) found["key-again"] = "The two passphrases differ: type the same one twice.";
    }
    setErrors(found);
    const firstError = Object.keys(found)[0];
    if (firstError) {
      document.getElementById(firstError)?.focus();
      return;
    }
    setBusy(true);
    try {
      // Removals waiting on their Undo are done first: the re-key needs the store alone.
      await commitRemovals();
      const next = await storeChangeKey(choice === "passphrase" ? { mode: "passphrase", newPassphrase: first } : { mode: "keychain" });
      setFirst("");
      setSecond("");
      const message =
        choice === "passphrase"
          ? "The store now opens with the new passphrase only. Backups made before still open with the old key."
          : "The store has a new key in this computer's keychain. Backups made before still open with the old key.";
      setDone(message);
      showToast({ tone: "success", title: "Key changed", message });
      onInfo(next);
    } catch (err) {
      const message = describeError(err).message;
      if (choice === "passphrase") {
        setErrors({ "key-new": message });
        document.getElementById("key-new")?.focus();
      } else showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="key-title">
      <h2 id="key-title">Key and passphrase</h2>
      <p class="small">
        {mode === "keychain"
          ? "The store's key is a random key kept in this computer's keychain: Quorum opens without asking while you are logged in."
          : "The store opens with its passphrase, asked each time Quorum starts or unlocks. Nobody can recover a forgotten passphrase."}
      </p>
      <fieldset class="fieldset">
        <legend>What to do</legend>
        <label class="radio">
          <input type="radio" name="key-choice" id="key-choice-passphrase" checked={choice === "passphrase"} onChange={() => (setChoice("passphrase"), setErrors({}))} />
          {mode === "passphrase" ? "Change the passphrase" : "Switch to a passphrase"}
        </label>
        <label class="radio">
          <input type="radio" name="key-choice" id="key-choice-keychain" checked={choice === "keychain"} onChange={() => (setChoice("keychain"), setErrors({}))} />
          {mode === "keychain" ? "Give the store a new random key (key rotation)" : "Keep a random key in this computer's keychain instead"}
        </label>
      </fieldset>
      {choice === "passphrase" && (
        <>
          <Field id="key-new" label="New passphrase" hint="At least 10 characters; several words work well." error={errors["key-new"]}>
            <input id="key-new" type="password" autocomplete="new-password" value={first} onInput={(e) => (setFirst(e.currentTarget.value), setErrors({}))} aria-invalid={!!errors["key-new"]} aria-describedby={describedBy("key-new", errors["key-new"])} />
          </Field>
          <Field id="key-again" label="New passphrase again" error={errors["key-again"]}>
            <input id="key-again" type="password" autocomplete="new-password" value={second} onInput={(e) => (setSecond(e.currentTarget.value), setErrors({}))} aria-invalid={!!errors["key-again"]} aria-describedby={describedBy("key-again", errors["key-again"], false)} />
          </Field>
        </>
      )}
      <p class="muted small" id="key-consequences">
        Quorum re-encrypts a copy of the store with the new key, checks that it opens, and only then puts it in place. Backups made before keep the old key: they open with the old
        passphrase (or the old keychain entry). A recovery key printed before no longer opens the store. Make a backup after the change.
      </p>
      {done && (
        <p class="banner banner-info" role="status">
          {done}
        </p>
      )}
      <div>
        <button type="submit" class="button" disabled={busy} aria-describedby="key-consequences">
          {busy ? "Re-encrypting…" : action}
        </button>
      </div>
    </form>
  );
}

/** Restoring never replaces the open store: where it happens, in words. */
export function RestoreSection() {
  return (
    <section class="card" aria-labelledby="restore-title">
      <h2 id="restore-title">Restore from a backup</h2>
      <p class="small">An automatic backup is restored above, in two clicks. A backup you saved yourself is not restored over the store that is open. To go back to one:</p>
      <ol class="small steps">
        <li>Make a backup of the current store first (above), in case you need it again.</li>
        <li>Close Quorum and move the store file shown under Store out of its folder (keep it).</li>
        <li>Start Quorum: with no store in place it opens on the first-run screen. Choose “Restore a backup” and give the backup file; Quorum checks that it opens and is intact before it puts it in place.</li>
      </ol>
      <p class="muted small">A backup opens with the key the store had when the backup was made.</p>
    </section>
  );
}
