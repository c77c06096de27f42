// End-to-end on the real app: tauri-driver + WebKitWebDriver drive the built quorum-app
// binary (UI embedded from ui/dist) against a real SQLCipher store in a scratch folder.
// Run through tests/e2e/run.sh, which provides the display, the D-Bus session and the paths.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import assert from "node:assert/strict";
import { runOnApp, screenshots, until } from "./harness.mjs";

const STORE = process.env.QUORUM_DB;
const EXPORTS = process.env.QUORUM_EXPORT_DIR;
if (!EXPORTS) throw new Error("QUORUM_EXPORT_DIR is not set: run tests/e2e/run.sh");
const PASSPHRASE = "correct horse battery staple";
const shot = screenshots("flow");

/** Dismisses the toasts, as a user would when they cover the bottom of the window. */
async function dismissToasts(session) {
  for (const button of await session.findAll(".toast button[aria-label='Dismiss message']")) await button.click().catch(() => {});
}

/** Chooses an option of a select: WebDriver's click on an <option> selects it and fires change. */
async function choose(session, css, value) {
  await (await session.find(`${css} option[value='${value}']`)).click();
  assert.equal(await (await session.find(css)).property("value"), value, `${css} is ${value}`);
}

async function fill(session, css, text) {
  const input = await session.waitFor(css);
  await input.clear();
  await input.type(text);
}

/**
 * Fills a date field (the UI's DateField: text in the organisation's form, ISO typed is read
 * too). Should typed text not land, the value is set as the UI's own input event sets it.
 */
async function fillDate(session, css, iso) {
  const input = await session.waitFor(css);
  await input.clear();
  await input.type(iso);
  if ((await input.property("value")) === iso) return;
  await session.execute(
    `const input = document.querySelector(arguments[0]);
     Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, arguments[1]);
     input.dispatchEvent(new Event("input", { bubbles: true }));`,
    [css, iso],
  );
  assert.equal(await input.property("value"), iso, `${css} holds the date`);
}

async function flow(session) {
  console.log("first run: create a passphrase store");
  await session.waitFor("h1", { text: "Set up Quorum" });
  await shot(session, "first-run");
  await fill(session, "#fr-organisation", "Zoë Analytics Ltd");
  await fill(session, "#fr-leadName", "Priya Raman");
  await fill(session, "#fr-leadEmail", "priya@example.com");
  await fill(session, "#fr-timeZone", "Europe/London");
  await (await session.find("input[name='keyMode'][value='passphrase']")).click();
  await fill(session, "#fr-passphrase", PASSPHRASE);
  await fill(session, "#fr-confirm", PASSPHRASE);
  await (await session.find("form[aria-labelledby='create-title'] button[type='submit']")).click();

  console.log("dashboard");
  await session.waitFor("main h1", { text: "Dashboard" });
  await session.waitFor(".rail .store-org", { text: "Zoë Analytics Ltd" });
  await shot(session, "dashboard");
  const head = readFileSync(STORE).subarray(0, 16).toString("latin1");
  assert.notEqual(head, "SQLite format 3\0", "the store on disk is encrypted, not a plain SQLite file");

  console.log("people: add a member of top management");
  await (await session.find("a[href='#/people']")).click();
  await session.waitFor("main h1", { text: "People" });
  await (await session.waitFor("#add-person")).click();
  await fill(session, "#person-name", "Elena Novak");
  await fill(session, "#person-email", "elena@example.com");
  await fill(session, "#person-jobTitle", "Chief Operating Officer");
  await (await session.find("#person-form input[type='checkbox']")).click();
  await (await session.find("#person-form button[type='submit']")).click();
  const elena = await session.waitFor("table tbody tr", { text: "Elena Novak" });
  assert.match(await elena.property("textContent"), /Yes/, "Elena is top management");
  await shot(session, "people");

  console.log("create a review");
  await (await session.find("a[href='#/reviews']")).click();
  await session.waitFor("main h1", { text: "Reviews" });
  await (await session.waitFor("#new-review")).click();
  await fill(session, "#nr-title", "Q1 2027 management review");
  await fillDate(session, "#nr-date", "2027-03-09");
  await shot(session, "new-review");
  await (await session.find("form#new-review-form button[type='submit']")).click();
  await session.waitFor("main h1", { text: "Q1 2027 management review" });
  await session.waitFor(".workspace-ref", { text: "MR-2027-01" });
  await session.waitFor(".workspace", { text: "Planned" });

  console.log("invite the lead as chair, record attendance, check readiness");
  await dismissToasts(session);
  await fill(session, "#inv-person", "Priya");
  await choose(session, "#inv-role", "chair");
  await (await session.find("form.invite-form button[type='submit']")).click();
  const attendance = await session.waitFor(".attendance-table tbody tr", { text: "Priya Raman" });
  assert.match(await attendance.property("textContent"), /Chair/);
  await choose(session, ".attendance-table select", "present");
  assert.equal(await (await session.find(".attendance-table select")).property("value"), "present");
  await fill(session, "#inv-person", "elena@example.com");
  await choose(session, "#inv-role", "top_management");
  await dismissToasts(session);
  await (await session.find("form.invite-form button[type='submit']")).click();
  await session.waitFor(".attendance-table tbody tr", { text: "Elena Novak" });
  await choose(session, "#att-2", "present");
  // The meeting (2027-03-09) is after the app's clock: attendance and the quorum read as not
  // recorded yet, whatever is ticked; the quorum is worked out once the meeting is held (below).
  await session.waitFor("#quorum-outcome", { text: "Not recorded yet" });
  await shot(session, "review-workspace");

  console.log("fill an input: it autosaves");
  await (await session.find("#tab-inputs")).click();
  await fill(session, "#input-d2-summary", "Phishing click rate down to 3% (target 5%); patching within SLA 96%.");
  await session.waitFor("#input-d2-saved", { text: "Saved" });
  await session.waitFor(".inputs > p", { text: "1 of" });
  await shot(session, "inputs");

  console.log("raise an action at the review");
  await (await session.find("#tab-actions")).click();
  await fill(session, "#ra-description", "Run a phishing simulation for the finance team");
  await session.waitFor("#ra-ownerId option[value='2']");
  await choose(session, "#ra-ownerId", "2");
  await fillDate(session, "#ra-targetOn", "2027-06-30");
  await (await session.find("#raise-action-form button[type='submit']")).click();
  await session.waitFor(".panel-list li", { text: "Run a phishing simulation for the finance team" });
  // Numbered in the year it is raised, never reused: the first action of this store.
  assert.equal(await (await session.find(".panel-list li a")).property("textContent"), `ACT-${new Date(process.env.QUORUM_NOW).getUTCFullYear()}-001`);
  await shot(session, "action-raised");
  await dismissToasts(session);
  await (await session.find("#tab-readiness")).click();
  // Months before its meeting, what the review lacks is preparation with a milestone.
  await session.waitFor(".findings li", { text: "To prepare" });
  const findings = await (await session.find(".findings")).property("textContent");
  assert.doesNotMatch(findings, /Input 9\.3\.2 d\) 2\)/, "the filled input is no longer a finding");
  assert.match(findings, /Input 9\.3\.2 d\) 3\)/, "the empty ones still are");
  await shot(session, "readiness");

  console.log("agenda and minutes: write the minutes of the first item (autosave)");
  await (await session.find("#tab-agenda")).click();
  await fill(session, ".agenda-item:first-child textarea", "Priya opened the meeting: the chair and Elena present, quorum met. Zoë's apologies noted.");
  await session.waitFor(".agenda-item:first-child .saved-state", { text: "Saved" });
  await shot(session, "agenda-minutes");

  console.log("mark the meeting held: not before it starts; moved to the day it took place, then held");
  await (await session.find("#tab-details")).click();
  await dismissToasts(session);
  for (let i = 0; i < 4; i++) {
    const next = await session.waitFor("#lc-next");
    const label = await next.property("textContent");
    if (label.includes("held")) break;
    await next.click();
    await until(async () => (await (await session.waitFor("#lc-next")).property("textContent")) !== label, `the step after "${label}"`);
  }
  // The app's clock is QUORUM_NOW (2026-11-23): the meeting of 2027-03-09 has not happened.
  assert.equal(await (await session.find("#lc-next")).property("disabled"), true, "a future meeting cannot be marked held");
  await session.waitFor("#lc-gate", { text: "it can be marked held from then" });
  await shot(session, "held-gated");
  await (await session.find("#move-open")).click();
  // The day only: the time field keeps the meeting's 10:00.
  await fillDate(session, "#move-at", "2026-11-20");
  await (await session.find("#move-save")).click();
  await session.waitFor(".workspace .page-header", { text: "2026" });
  await until(async () => (await (await session.find("#lc-next")).property("disabled")) === false, "the moved meeting can be held");
  await dismissToasts(session);
  await (await session.find("#lc-next")).click();
  await session.waitFor(".workspace .chip", { text: "Held" });
  // Held: the quorum from the attendance recorded before (the chair, and Elena of top management).
  await until(async () => (await (await session.find("[role='tabpanel']")).property("textContent")).includes("1 present in person"), "top management present");
  assert.doesNotMatch(await (await session.find("#quorum-outcome")).property("textContent"), /Not recorded yet/);
  await shot(session, "held");

  console.log("decisions: one decision, an explicit none with its reason for every other area");
  await dismissToasts(session);
  await (await session.find("#tab-decisions")).click();
  await (await session.waitFor("#area-resources-decide")).click();
  await fill(session, "#dec-resources-text", "Fund a second security engineer from Q2");
  await (await session.find("#area-resources form button[type='submit']")).click();
  await session.waitFor("#area-resources .decision-text", { text: "Fund a second security engineer" });
  for (const area of ["continual_improvement", "isms_change", "risk_treatment", "objectives_kpis", "corrective_preventive", "policy_document", "approved_exception"]) {
    await (await session.waitFor(`#area-${area}-none`)).click();
    await fill(session, `#none-${area}`, "Nothing was raised in this area this period");
    await (await session.find(`#area-${area} form button[type='submit']`)).click();
    await session.waitFor(`#area-${area} .area-none`);
  }
  await session.waitFor("#decisions-summary", { text: "Every output area" });
  console.log("the conclusion on the ISMS (9.3.1), each verdict with its rationale");
  await fill(session, "#conclusion-suitable-why", "The scope and the policy still fit the business");
  await (await session.find("input[name='conclusion-adequate'][value='yes_with_changes']")).click();
  await fill(session, "#conclusion-adequate-why", "Once the second security engineer is funded");
  await fill(session, "#conclusion-effective-why", "Objectives met; no major incident in the period");
  await (await session.find("#conclusion form button[type='submit']")).click();
  await session.waitFor("#conclusion-adequate", { text: "Yes, with the changes decided" });
  await shot(session, "decisions");

  console.log("approve the minutes as the chair, anyway and with the reason (8 of 9 items have no minutes): they lock");
  await dismissToasts(session);
  await (await session.find("#tab-approval")).click();
  await session.waitFor("#approve-findings", { text: "open finding" });
  await (await session.waitFor("#approve-1")).click();
  // Approving over open findings asks for the reason first.
  await session.waitFor("#approve-reason-error", { text: "Say why" });
  await fill(session, "#approve-reason", "The board approved the decisions; the remaining minutes follow in 1.1");
  await shot(session, "approve-anyway");
  await (await session.find("#approve-1")).click();
  await session.waitFor("#approval-locked", { text: "locked" });
  await session.waitFor(".workspace .chip", { text: "Approved" });
  await session.waitFor(".revisions-table", { text: "open readiness finding" });
  await shot(session, "approved");

  console.log("export signed minutes into the exports folder");
  await dismissToasts(session);
  await (await session.waitFor("#identity-create")).click();
  const identityFingerprint = (await (await session.waitFor("#identity-fingerprint")).property("textContent")).trim();
  const pathInput = await session.waitFor("#export-path");
  await until(async () => (await pathInput.property("value")) !== "", "the export path is suggested");
  const pdf = await pathInput.property("value");
  assert.equal(pdf, join(EXPORTS, "MR-2027-01 minutes v1.0.pdf"), "the suggested path is in QUORUM_EXPORT_DIR");
  await (await session.find("#export-run")).click();
  await session.waitFor("#export-result", { text: "Wrote", timeout: 30_000 });
  assert.equal((await (await session.find("#export-fingerprint")).property("textContent")).trim(), identityFingerprint, "signed with the store's identity");
  await shot(session, "exported");
  assert.ok(existsSync(pdf), `the PDF was written at ${pdf}`);
  const bytes = readFileSync(pdf);
  assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-");
  assert.ok(bytes.includes("/ByteRange"), "the PDF carries a signature");
  const pdfsig = spawnSync("pdfsig", [pdf], { encoding: "utf8" });
  if (pdfsig.error) console.log("  pdfsig is not installed: signature checked by its /ByteRange only");
  else {
    assert.match(pdfsig.stdout, /Signature is Valid\./, `pdfsig: ${pdfsig.stdout}`);
    assert.match(pdfsig.stdout, /Total document signed/, `pdfsig: ${pdfsig.stdout}`);
  }
  // A second export never replaces the file: the path suggested next is a new one.
  await until(async () => (await pathInput.property("value")) !== pdf, "a new path is suggested");

  console.log("approved reads as the document: its content on pages, no forms, the reason in the revision history");
  await (await session.find("#tab-document")).click();
  await session.waitFor("#approved-document", { text: "Priya opened the meeting" });
  await session.waitFor(".workspace-locked", { text: "approved and locked" });
  assert.equal((await session.findAll("#approved-document input, #approved-document textarea, #approved-document select")).length, 0, "no form fields on approved minutes");
  assert.equal((await session.findAll("#tab-agenda")).length, 0, "the editing tabs come back with a new revision");
  await session.waitFor("#approved-document", { text: "remaining minutes follow in 1.1" });
  await shot(session, "approved-document");

  console.log("registers: import the risk register from a CSV file (its path typed: no native dialog)");
  const riskCsv = join(dirname(STORE), "risk-register-e2e.csv");
  writeFileSync(
    riskCsv,
    [
      "Risk ID,Title,Owner,Inherent level,Residual level,Treatment,Plan status,Plan due,Accepted by,Accepted on,Acceptance expires",
      "R-90,Test risk,Ravi Patel,high,medium,mitigate,in_progress,2027-01-31,,,",
      "R-91,Second test risk,Priya Raman,critical,high,mitigate,not_started,2027-03-31,,,",
      "",
    ].join("\n"),
  );
  await dismissToasts(session);
  await (await session.find("a[href='#/registers']")).click();
  await session.waitFor("main h1", { text: "Registers" });
  await session.waitFor(".empty-state", { text: "No snapshot of the risks yet" });
  await (await session.waitFor("#reg-import")).click();
  // The panel moves focus to its heading as it opens: typing before that would land on the page
  // (where "/" opens the palette).
  await until(async () => await session.execute("return document.activeElement === document.querySelector('.side-panel h2')"), "the import panel has focus");
  await fill(session, "#imp-path", riskCsv);
  await (await session.find("#imp-preview")).click();
  await session.waitFor("#imp-problems-title", { text: "No problems" });
  await session.waitFor("#imp-changes", { text: "2 new, 0 changed, 0 gone" });
  assert.equal(await (await session.find("#imp-map-owner")).property("value"), "Owner", "the template's headers map themselves");
  await shot(session, "register-import");
  await (await session.find("#imp-run")).click();
  await session.waitFor("#reg-newest", { text: "risk-register-e2e.csv" });
  await session.waitFor("#reg-newest", { text: "2 rows" });
  await session.waitFor("table[aria-label='Snapshots'] tbody tr", { text: "risk-register-e2e.csv" });
  assert.equal((await session.findAll("table[aria-label='Snapshots'] tbody tr")).length, 1, "one snapshot");
  await session.waitFor("table[aria-label^='The register as at'] tbody", { text: "R-90" });
  await shot(session, "registers");
  // The "Imported" message would cover the bottom of the next screens' buttons.
  await dismissToasts(session);

  console.log("the review is in the list");
  await (await session.find("a[href='#/reviews']")).click();
  const row = await session.waitFor("table tbody tr", { text: "MR-2027-01" });
  assert.match(await row.property("textContent"), /Q1 2027 management review/);
  await shot(session, "reviews-list");

  console.log("settings: verify the store, back it up");
  await (await session.find("a[href='#/settings']")).click();
  await session.waitFor("main h1", { text: "Settings" });
  await (await session.waitFor("#set-verify")).click();
  await session.waitFor("[role='status']", { text: "Intact." });
  const backup = join(dirname(STORE), "quorum-e2e-backup.db");
  await fill(session, "#set-backup", backup);
  await (await session.find("form[aria-labelledby='backup-title'] button[type='submit']")).click();
  await session.waitFor(".toast", { text: "Backup saved" });
  assert.ok(existsSync(backup), "the backup file was written");
  assert.notEqual(readFileSync(backup).subarray(0, 16).toString("latin1"), "SQLite format 3\0", "the backup is encrypted");
  await shot(session, "settings");
  await (await session.find("a[href='#/reviews']")).click();
  await session.waitFor("main h1", { text: "Reviews" });

  console.log("lock, then unlock with the passphrase");
  await (await session.find("button[aria-label='Lock the store']")).click();
  await session.waitFor("#unlock-passphrase");
  await shot(session, "locked");
  await fill(session, "#unlock-passphrase", "not the passphrase");
  await (await session.find("form.unlock-card button[type='submit']")).click();
  await session.waitFor(".field-error", { text: "does not open this store" });
  await shot(session, "wrong-passphrase");
  await fill(session, "#unlock-passphrase", PASSPHRASE);
  await (await session.find("form.unlock-card button[type='submit']")).click();
  // Unlocking returns to the screen the user locked from, with the data read again.
  await session.waitFor("main h1", { text: "Reviews" });
  await session.waitFor("table tbody tr", { text: "MR-2027-01" });
  await shot(session, "unlocked");
}

await runOnApp("flow", flow, shot);
