// Browser tests: the built mock UI (dist-mock) served by `vite preview` on 127.0.0.1,
// driven by playwright-core over Debian's Chromium. Screenshots go to test-artifacts/.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { preview } from "vite";

const ui = join(dirname(fileURLToPath(import.meta.url)), "..");
const artifacts = join(ui, "test-artifacts");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
// Stricter than the app's own CSP: a violation shows up as a console error below.
const CSP = "default-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'";

if (!existsSync(CHROMIUM)) {
  console.error(`\n*** E2E TESTS CANNOT RUN: no Chromium at ${CHROMIUM}.\n*** Install it with: apt-get install -y chromium (or set CHROMIUM_PATH).\n`);
  process.exit(1);
}
if (!existsSync(join(ui, "dist-mock", "index.html"))) {
  console.error("\n*** E2E TESTS CANNOT RUN: dist-mock/ is missing. Run `npm run build:mock` first.\n");
  process.exit(1);
}

let server;
let context;
let base;
let profile;
const problems = [];

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await preview({
    root: ui,
    mode: "mock",
    logLevel: "warn",
    build: { outDir: "dist-mock" },
    preview: { host: "127.0.0.1", port: 4317, strictPort: false, headers: { "Content-Security-Policy": CSP } },
  });
  base = server.resolvedUrls.local[0];
  profile = mkdtempSync(join(tmpdir(), "quorum-e2e-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
    locale: "en-GB",
    timezoneId: "Europe/London",
  });
});

after(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

// Every page lives at this instant (the mock's ?now=), whatever day the suite runs: the demo
// data is built around it, so the references and dates below hold on any date.
const NOW = "2026-11-23T09:00:00Z";
const YEAR = 2026;

/** Polls `check` until it holds (about 5 s), for state that settles after an event. */
async function until(check, what) {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** The address of a page of the mock build, living at NOW. */
function at(path) {
  const url = new URL(path, base);
  url.searchParams.set("now", NOW);
  return url.href;
}

async function open(path) {
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && problems.push(`${path}: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`${path}: ${e.message}`));
  await page.goto(at(path));
  return page;
}

/** Every interactive control must have an accessible name. */
async function assertLabelled(page, where) {
  const missing = await page.evaluate(() =>
    [...document.querySelectorAll("button, a[href], input, select, textarea, [tabindex='0']")]
      .filter((el) => {
        if (el.closest("[aria-hidden='true']") || el.type === "hidden") return false;
        const labelled = el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || el.labels?.length || el.closest("label");
        return !labelled && !(el.textContent ?? "").trim();
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  assert.deepEqual(missing, [], `unlabelled controls on ${where}`);
}

/** Saves the page in light and dark at 1280×800 (not when QUORUM_SHOTS=0: the runs with the
 * clock moved test behaviour, and the pictures of the first run are the ones to look at). */
async function shoot(page, name) {
  if (process.env.QUORUM_SHOTS === "0") return;
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(artifacts, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

describe("Quorum window (mock backend)", () => {
  test("first run → try with demo data → dashboard", async () => {
    const page = await open("/");
    await page.getByRole("heading", { name: "Set up Quorum" }).waitFor();
    await assertLabelled(page, "first run");
    await shoot(page, "01-first-run");
    // Validation: an empty form is refused with messages next to the fields.
    await page.getByRole("button", { name: "Create store" }).click();
    await page.getByText("Enter your organisation's name").waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "fr-organisation");
    await page.getByLabel("With a passphrase").check();
    await page.getByLabel("Passphrase", { exact: true }).fill("short");
    await shoot(page, "02-first-run-validation");
    await page.getByRole("button", { name: "Open the demo" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.getByText("days to go").waitFor();
    assert.match(await page.locator(".countdown-value").innerText(), /^10$/);
    await page.getByRole("img", { name: /Actions: open/ }).waitFor();
    assert.equal(await page.locator(".milestones li").count(), 4);
    await assertLabelled(page, "dashboard");
    await shoot(page, "03-dashboard");
    await page.close();
    // Before any action is closed there is no on-time share: a dash with a hint, not 0%.
    const fresh = await open("/?store=open&nothing-closed#/dashboard");
    // The readiness card counts the next review's check; its figures open it.
    await fresh.locator("#figure-nonconformities").waitFor();
    assert.equal(await fresh.getByLabel("Not measured yet").innerText(), "—");
    await fresh.getByText("shown once the first action is closed", { exact: false }).waitFor();
    await shoot(fresh, "03b-dashboard-nothing-closed");
    await fresh.close();
  });

  test("action register: filter, keyboard, detail panel, persistence", async () => {
    const page = await open("/?store=open#/actions");
    const rows = page.locator("table[aria-label='Action register'] tbody tr");
    await rows.first().waitFor();
    // The register opens on the open and overdue actions: nothing completed or closed.
    assert.equal(await page.getByLabel("Status").inputValue(), "active");
    const active = await rows.count();
    for (const text of await rows.allInnerTexts()) assert.doesNotMatch(text, /Completed|Closed/);
    await shoot(page, "04a-actions-default");
    // The description takes the free width (two lines, then an ellipsis) and carries its whole
    // text as its title; a filter's chosen label is its title too.
    const widths = await page.locator("table[aria-label='Action register'] thead th").evaluateAll((ths) => ths.map((th) => [th.textContent.trim(), th.getBoundingClientRect().width]));
    const widest = widths.reduce((a, b) => (b[1] > a[1] ? b : a));
    assert.equal(widest[0], "Action", `the description column is the widest: ${JSON.stringify(widths)}`);
    for (const [title, text] of await page.locator("table[aria-label='Action register'] td .clamp").evaluateAll((els) => els.map((el) => [el.title, el.textContent]))) assert.equal(title, text);
    assert.equal(await page.getByLabel("Status").getAttribute("title"), "Status: Open or in progress");
    await page.getByLabel("Status").selectOption("all");
    // The register reloads its page after the filter changes: wait for the larger list.
    await until(async () => (await rows.count()) > active, "every status's rows after choosing Any status");
    const all = await rows.count();
    assert.ok(all >= 12 && active < all, `expected a dozen actions and fewer open ones, saw ${active} of ${all}`);
    await page.getByLabel("Due").selectOption("overdue");
    // Core filters: the table changes when its answer arrives.
    await page.waitForFunction((all) => document.querySelectorAll("table[aria-label='Action register'] tbody tr").length < all, all);
    const overdue = await rows.count();
    assert.ok(overdue > 0 && overdue < all);
    for (const text of await rows.allInnerTexts()) assert.match(text, /overdue/i);
    // `/` focuses the search box.
    await page.locator("body").press("/");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), "Search actions");
    await page.keyboard.type("firewall");
    await page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 1);
    await page.getByLabel("Search actions").fill("");
    // The overdue rows come back when core answers the cleared search.
    await page.waitForFunction((n) => document.querySelectorAll("table[aria-label='Action register'] tbody tr").length === n, overdue);
    // Arrow keys move between rows, Enter opens the detail panel.
    await rows.first().focus();
    await page.keyboard.press("ArrowDown");
    const second = await page.evaluate(() => document.activeElement?.closest("tr")?.getAttribute("data-key"));
    assert.equal(second, await rows.nth(1).getAttribute("data-key"), "ArrowDown moved to the second row");
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: /./ }).waitFor();
    assert.equal(new URL(page.url()).hash, `#/actions/${second}`);
    await assertLabelled(page, "actions with detail panel");
    await shoot(page, "04-actions-detail");
    // Next (J) steps to the next action with the panel open; its row is marked and in view.
    // The buttons, not the keys: the keys are tested in Vitest, and here a key pressed while
    // the panel still settles its focus may go to a field.
    const third = await rows.nth(2).getAttribute("data-key");
    await page.getByRole("dialog", { name: /./ }).getByRole("button", { name: "Next →" }).click();
    await page.waitForFunction((key) => location.hash === `#/actions/${key}`, third);
    await page.getByRole("dialog", { name: /./ }).getByText(third, { exact: true }).waitFor();
    assert.equal(await rows.nth(2).getAttribute("aria-current"), "true");
    await page.getByRole("dialog", { name: /./ }).getByRole("button", { name: "← Previous" }).click();
    await page.waitForFunction((key) => location.hash === `#/actions/${key}`, second);
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    // Filters survive leaving the screen and coming back.
    await page.getByRole("link", { name: "Dashboard" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.getByRole("link", { name: "Actions" }).click();
    await rows.first().waitFor();
    assert.equal(await page.getByLabel("Due").inputValue(), "overdue");
    assert.equal(await rows.count(), overdue);
    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await page.waitForFunction((all) => document.querySelectorAll("table[aria-label='Action register'] tbody tr").length === all, all);
    await shoot(page, "05-actions");
    // The selected row stays in view when the panel opens on a row far down the list.
    await rows.last().click();
    await page.getByRole("dialog").waitFor();
    assert.ok(await rows.last().evaluate((tr) => { const r = tr.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }), "the selected row is in view");
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    // Missing owner, target date and priority: said in words, found by them, sorted last.
    await page.getByLabel("Search actions").fill("no owner");
    await page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 2);
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.key)), ["ACT-2026-019", "ACT-2026-017"]);
    await page.getByLabel("Search actions").fill("");
    await page.getByLabel("Owner").selectOption({ label: "No owner" });
    await page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 2);
    await rows.last().click();
    const panel = page.getByRole("dialog");
    await panel.getByText("Not from a review").waitFor();
    for (const words of ["No owner", "No target date", "No priority"]) await panel.getByText(words, { exact: true }).waitFor();
    await assertLabelled(page, "action with missing values");
    await shoot(page, "05b-actions-missing-values");
    await page.close();
  });

  test("action register of 20,000 actions: rows rendered in view only, pages fetched as it scrolls", async () => {
    const page = await open("/?store=open&actions=20000#/actions");
    const rows = page.locator("table[aria-label='Action register'] tbody tr[data-key]");
    await rows.first().waitFor();
    // The register opens on the open and in-progress actions; this test scrolls through all of them.
    await page.getByLabel("Status").selectOption("all");
    await page.getByText("20,000 of 20,000 actions").waitFor();
    const rendered = await rows.count();
    assert.ok(rendered > 10 && rendered < 100, `only the rows in view are rendered, saw ${rendered}`);
    // Scroll to the end of what is loaded, again and again: pages arrive, the DOM stays small.
    const wrap = page.locator(".table-wrap");
    for (let i = 0; i < 5; i++) {
      await wrap.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page.waitForTimeout(100);
    }
    const last = await rows.last().getAttribute("aria-rowindex");
    assert.ok(Number(last) > 300, `scrolled past the first pages, last row index ${last}`);
    assert.ok((await rows.count()) < 100, "the rows out of view are not rendered");
    await shoot(page, "05c-actions-20000");
    // Search answers as you type.
    await page.getByLabel("Search actions").fill("(1234");
    await page.getByText("11 of 20,000 actions").waitFor();
    assert.equal(await rows.count(), 11);
    // The keyboard still reaches the last row.
    await page.getByLabel("Search actions").fill("");
    await page.getByText("20,000 of 20,000 actions").waitFor();
    await rows.first().focus();
    await page.keyboard.press("End");
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-index") !== "0");
    // Moving up with the keys keeps the focused row in view, below the sticky header.
    for (let i = 0; i < 25; i++) await page.keyboard.press("ArrowUp");
    const place = await page.evaluate(() => {
      const row = document.activeElement.getBoundingClientRect();
      const head = document.querySelector("table[aria-label='Action register'] thead th").getBoundingClientRect();
      const wrap = document.querySelector(".table-wrap").getBoundingClientRect();
      return { top: row.top, bottom: row.bottom, head: head.bottom, end: wrap.bottom };
    });
    assert.ok(place.top >= place.head - 1 && place.bottom <= place.end + 1, `the focused row is in view: ${JSON.stringify(place)}`);
    await page.close();
  });

  test("command palette: Ctrl+K, filter, run a command", async () => {
    const page = await open("/?store=open#/dashboard");
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog", { name: "Command palette" });
    await palette.waitFor();
    await shoot(page, "06-palette");
    await palette.locator("input").fill("go to actions");
    await palette.locator('[role="option"][aria-selected="true"]', { hasText: /actions/i }).waitFor();
    await palette.locator("input").press("Enter");
    await palette.waitFor({ state: "detached" });
    await page.getByRole("heading", { name: "Actions" }).waitFor();
    // Screens add their own commands and records once their data has loaded.
    await page.locator("table tbody tr").first().waitFor();
    await page.keyboard.press("Control+k");
    await palette.waitFor();
    await palette.locator("input").fill("overdue only");
    await palette.locator('[role="option"][aria-selected="true"]', { hasText: "Show overdue actions only" }).waitFor();
    await palette.locator("input").press("Enter");
    await palette.waitFor({ state: "detached" });
    await until(async () => (await page.getByLabel("Due").inputValue()) === "overdue", "the Due filter set to overdue");
    await page.keyboard.press("Control+k");
    await palette.waitFor();
    await palette.locator("input").press("Escape");
    await palette.waitFor({ state: "detached" });
    await page.close();
  });

  test("dashboard reminders: what is due links to the place to act; the notification choices filter it", async () => {
    const page = await open("/?store=open#/dashboard");
    const card = page.getByRole("region", { name: "Reminders" });
    await card.getByRole("link", { name: /Circulate the pack for MR-\d{4}-03 in \d days/ }).waitFor();
    const overdue = card.getByRole("link", { name: /ACT-\d{4}-\d{3} is \d+ days? overdue/ }).first();
    await overdue.waitFor();
    await shoot(page, "03c-dashboard-reminders");
    await card.getByRole("button", { name: "Notifications…" }).click();
    await card.getByLabel("Overdue actions").uncheck();
    await card.getByLabel("From").fill("22:00");
    await card.getByLabel("until").fill("07:30");
    await card.getByRole("button", { name: "Save choices" }).click();
    await until(async () => (await card.getByRole("link", { name: /overdue/ }).count()) === 0, "overdue reminders left out");
    await card.getByRole("link", { name: /Circulate the pack/ }).click();
    await page.getByRole("heading", { name: /management review/ }).first().waitFor();
    assert.match(page.url(), /#\/reviews\/MR-\d{4}-03$/);
    await page.close();
  });

  test("unlock: wrong passphrase shown inline, right one opens the store", async () => {
    const page = await open("/?store=locked");
    await page.getByRole("heading", { name: /Unlock/ }).waitFor();
    await page.getByLabel("Passphrase").fill("not the passphrase");
    await page.getByRole("button", { name: "Unlock" }).click();
    await page.getByText("That passphrase does not open this store.").waitFor();
    await shoot(page, "07-unlock-error");
    await page.getByLabel("Passphrase").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Unlock" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    // One message at a time, and none left on the lock screen.
    await page.goto(at("/?store=open#/reviews/MR-2027-01"));
    await page.getByRole("button", { name: "Mark the invitations sent" }).click();
    await page.getByRole("button", { name: "Mark the pack circulated" }).click();
    await page.locator(".toast", { hasText: "Pack circulated" }).waitFor();
    assert.equal(await page.locator(".toast").count(), 1, "one toast at a time");
    await page.getByRole("button", { name: "Lock the store" }).click();
    await page.getByRole("heading", { name: /Unlock/ }).waitFor();
    assert.equal(await page.locator(".toast").count(), 0, "the lock screen shows no message of the open store");
    await shoot(page, "07b-locked-no-toasts");
    await page.close();
  });

  test("other screens render (keyboard navigation with G then a letter)", async () => {
    const page = await open("/?store=open#/dashboard");
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    const screens = [
      ["r", "Reviews", "08-reviews"],
      ["c", "Calendar", "09-calendar"],
      ["p", "People", "10-people"],
      ["s", "Settings", "11-settings"],
    ];
    for (const [key, title, shot] of screens) {
      await page.locator("body").press("g");
      await page.locator("body").press(key);
      await page.getByRole("heading", { name: title, exact: true }).waitFor();
      await page.waitForFunction((t) => document.activeElement?.tagName === "H1" && document.activeElement.textContent === t, title, { timeout: 3000 });
      await assertLabelled(page, title);
      await shoot(page, shot);
    }
    // Reviews: Enter on a row opens its workspace, with the actions decided there.
    await page.locator("body").press("g");
    await page.locator("body").press("r");
    const row = page.locator("table[aria-label='Management reviews'] tbody tr", { hasText: "Q3" });
    await row.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("tab", { name: "Details and attendance", selected: true }).waitFor();
    await page.getByText("Quorum met").waitFor();
    // The rule is the organisation's, from Settings.
    await page.locator("#quorum-rule", { hasText: "The quorum rule (Settings): the chair present" }).waitFor();
    await assertLabelled(page, "review workspace");
    await shoot(page, "08b-review-workspace");
    await page.getByRole("tab", { name: "Details and attendance" }).press("ArrowRight");
    await page.getByRole("tab", { name: "Agenda and minutes", selected: true }).press("ArrowRight");
    await page.getByRole("tab", { name: "Inputs", selected: true }).press("ArrowRight");
    await page.getByRole("tab", { name: "Decisions", selected: true }).press("ArrowRight");
    await page.getByRole("tab", { name: "Actions", selected: true }).waitFor();
    await page.locator(".panel-list li").first().waitFor();
    await shoot(page, "08c-review-actions");
    await page.close();
    const empty = await open("/?store=open&empty#/dashboard");
    await empty.getByRole("heading", { name: "Plan this year's management reviews" }).waitFor();
    await shoot(empty, "12-dashboard-empty");
    await empty.goto(at("/?store=open&empty#/actions"));
    await empty.getByRole("heading", { name: "No actions yet" }).waitFor();
    await shoot(empty, "13-actions-empty");
    await empty.close();
  });

  test("a new review from the keyboard, then its lifecycle", async () => {
    const page = await open("/?store=open#/reviews");
    await page.getByRole("heading", { name: "Reviews" }).waitFor();
    await page.locator("tbody tr").first().waitFor();
    await page.locator("body").press("n");
    const form = page.locator("#new-review-form");
    await form.waitFor();
    await page.getByRole("button", { name: "Create review" }).click();
    await page.getByText("Give the review a title").waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "nr-title");
    await assertLabelled(page, "new review");
    await shoot(page, "08d-new-review-validation");
    await page.getByLabel("Title").fill("Ad hoc review after the data centre outage");
    await page.getByLabel("Kind").selectOption("major_incident");
    // The date is written the organisation's way (Europe/London: day first), empty says so,
    // and a US-style date is refused with the form to use.
    const date = page.getByLabel("Date", { exact: true });
    assert.equal(await date.getAttribute("placeholder"), "DD/MM/YYYY");
    await page.locator("#nr-date-date", { hasText: "No date" }).waitFor();
    await date.fill("05/14/2030");
    await date.press("Tab");
    // (After the refused submit the form checks as you type: the message is the field's error.)
    await page.locator("#nr-date-error", { hasText: /^Write the date as DD\/MM\/YYYY, e\.g\. 25\/12\/\d{4}\.$/ }).waitFor();
    await date.fill("14/05/2030");
    await page.locator("#nr-date-date", { hasText: /14 May 2030/ }).waitFor();
    // The calendar, by keyboard: Alt+↓ opens it on the date, the arrows move, Enter picks.
    await date.press("Alt+ArrowDown");
    await page.locator("#nr-date-calendar", { hasText: "May 2030" }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.day), "2030-05-14");
    await page.keyboard.press("ArrowDown");
    await shoot(page, "08d-new-review-calendar");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Enter");
    await page.locator("#nr-date-calendar").waitFor({ state: "detached" });
    assert.equal(await date.inputValue(), "14/05/2030");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "nr-date");
    // The start time is written on the organisation's 24-hour clock (no AM/PM), read from
    // "2:30 pm" or "1430"; a time that does not exist is refused with the form to use.
    const time = page.getByLabel("Start time");
    assert.equal(await time.inputValue(), "10:00");
    assert.equal(await time.getAttribute("type"), "text");
    await time.fill("25:00");
    await time.press("Tab");
    await page.locator("#nr-time-error", { hasText: "Write the time as HH:MM (24-hour), e.g. 14:30." }).waitFor();
    await shoot(page, "08d-new-review-time-error");
    await time.fill("2:30 pm");
    await time.press("Tab");
    assert.equal(await time.inputValue(), "14:30");
    assert.equal(await page.locator("#nr-time-error").count(), 0);
    await time.press("ArrowUp");
    assert.equal(await time.inputValue(), "14:35");
    await time.press("ArrowDown");
    await shoot(page, "08d-new-review-time");
    await page.getByLabel("Time zone").fill("Europe/Paris");
    await page.getByLabel("Where (optional)").fill("Paris office, room 3");
    await page.getByRole("button", { name: "Create review" }).click();
    await page.getByRole("heading", { name: "Ad hoc review after the data centre outage" }).waitFor();
    assert.equal(new URL(page.url()).hash, "#/reviews/MR-2030-01");
    await page.getByText("Ad hoc, after a major incident").waitFor();
    await page.getByText("Paris office, room 3").waitFor();
    await page.getByRole("button", { name: "Mark the invitations sent" }).click();
    await page.getByRole("button", { name: "Mark the pack circulated" }).waitFor();
    assert.equal(await page.locator("header .chip-review").innerText(), "Invitations sent");
    await assertLabelled(page, "review lifecycle");
    await shoot(page, "08e-review-after-invitations");
    // Attendance: invite by name, mark present; then the readiness findings link back.
    await page.getByLabel("Invite (name or email)").fill("Elena");
    await page.getByLabel("As", { exact: true }).selectOption("chair");
    await page.getByRole("button", { name: "Invite", exact: true }).click();
    await page.getByLabel("Attendance of Elena Novak").selectOption("present");
    // The meeting is ahead: attendance is taken, the quorum is not recorded yet (no red "no quorum").
    await page.locator("#quorum-outcome", { hasText: "Not recorded yet" }).waitFor();
    assert.equal(await page.locator(".quorum-outcome.not-met").count(), 0);
    await assertLabelled(page, "attendance");
    await shoot(page, "08f-review-attendance");
    // The step strip counts from the record.
    const inputsStep = page.locator("#step-inputs");
    const total = Number((await inputsStep.innerText()).split("/")[1]);
    assert.equal(await inputsStep.innerText(), `0/${total}`);
    await page.getByRole("tab", { name: /^Inputs/ }).click();
    await page.getByLabel("What was presented").first().fill("Open actions from the Q3 review: 4 of 6 closed.");
    await page.getByLabel("What was presented").first().blur();
    await page.locator("#input-a-saved", { hasText: "Saved" }).waitFor();
    await page.locator("#step-inputs", { hasText: `1/${total}` }).waitFor();
    assert.equal(await page.locator("#step-agenda").innerText(), "0/9");
    assert.equal(await page.locator("#step-decisions").innerText(), "0/8");
    await assertLabelled(page, "inputs");
    await shoot(page, "08g-review-inputs");
    await page.getByRole("tab", { name: /^Readiness/ }).click();
    await page.locator(".findings li").first().waitFor();
    await page.locator("#step-readiness", { hasText: /^\d+$/ }).waitFor();
    await assertLabelled(page, "readiness");
    await shoot(page, "08h-review-readiness");
    // A finding scrolls to and focuses its own field: input b), the first one left.
    await page.locator(".findings li", { hasText: "Input b" }).getByRole("button", { name: "Fix in Inputs" }).click();
    await page.getByRole("tab", { name: /^Inputs/, selected: true }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "input-b-summary");
    assert.ok(await page.locator("#input-b-summary").evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }), "the field is scrolled into view");
    await shoot(page, "08i-finding-focused");
    // Not held before the meeting (2030): the button waits; moving the meeting is the way.
    await page.getByRole("tab", { name: "Details and attendance" }).click();
    await page.getByRole("button", { name: "Mark the pack circulated" }).click();
    await page.locator("#lc-gate", { hasText: "it can be marked held from then" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Mark the meeting held" }).isDisabled(), true);
    await page.getByRole("button", { name: "Move the meeting…" }).click();
    await page.locator("#move-at").fill("20/11/2026");
    await page.locator("#move-time").fill("10:00");
    await page.locator("#move-at-date", { hasText: /20 November 2026/ }).waitFor();
    await shoot(page, "08j-move-meeting");
    await page.getByRole("button", { name: "Move", exact: true }).click();
    await page.getByRole("button", { name: "Mark the meeting held" }).and(page.locator(":enabled")).click();
    assert.equal(await page.locator("header .chip-review").innerText(), "Held");
    await page.close();
  });

  test("the review cycle: minutes, decisions, approval, signed export, revision", async () => {
    const ref = `MR-${YEAR}-02`;
    const page = await open(`/?store=open#/reviews/${ref}`);
    await page.getByRole("tab", { name: "Details and attendance", selected: true }).waitFor();

    // Agenda and minutes: write the minutes of item 1 (autosave), move an item, add one.
    await page.getByRole("tab", { name: /^Agenda and minutes/ }).click();
    const notes = page.getByLabel("Minutes: what was discussed and concluded").first();
    await notes.fill("The chair opened the meeting; quorum confirmed with four members present.");
    await page.locator(".agenda-item").first().getByText("Saved", { exact: true }).waitFor();
    const second = page.locator(".agenda-item").nth(1);
    const secondTitle = (await second.locator("h3").textContent()).replace(/^Item 2: /, "");
    await second.getByRole("button", { name: /up$/ }).click();
    await page.locator(".agenda-item").first().locator("h3", { hasText: secondTitle }).waitFor();
    // Alt+↓ moves it back from the keyboard.
    await page.locator(".agenda-item").first().getByLabel("Minutes: what was discussed and concluded").press("Alt+ArrowDown");
    await page.locator(".agenda-item").nth(1).locator("h3", { hasText: secondTitle }).waitFor();
    await page.getByLabel("Title").fill("Any other business");
    await page.getByRole("button", { name: "Add item" }).click();
    await page.locator(".agenda-item").last().locator("h3", { hasText: "Any other business" }).waitFor();
    await assertLabelled(page, "agenda");
    await shoot(page, "14-review-agenda");

    // Decisions: one decision linked to an input, "none" with the reason everywhere else.
    await page.getByRole("tab", { name: /^Decisions/ }).click();
    await page.locator("#decisions-summary", { hasText: "8 of 8 output areas still need" }).waitFor();
    await page.locator("#area-resources-decide").click();
    await page.getByLabel("Decision", { exact: true }).fill("Hire a second security engineer");
    await page.locator(".area-form .input-links label", { hasText: "d) 2)" }).click();
    await page.getByRole("button", { name: "Record decision" }).click();
    await page.locator("#area-resources .decision-text", { hasText: "Hire a second security engineer" }).waitFor();
    // Removed at once with Undo offered (the one delete pattern); Undo brings it back as it was.
    const removeDecision = page.getByRole("button", { name: "Remove the decision “Hire a second security engineer”" });
    assert.equal(await removeDecision.innerText(), "Remove");
    await removeDecision.click();
    await page.locator("#area-resources .decision-text").waitFor({ state: "detached" });
    await page.locator(".toast", { hasText: "Decision removed" }).waitFor();
    await page.locator("#step-decisions", { hasText: "0/8" }).waitFor();
    await shoot(page, "15a-decision-removed-undo");
    await page.locator(".toast").getByRole("button", { name: "Undo" }).click();
    await page.locator("#area-resources .decision-text", { hasText: "Hire a second security engineer" }).waitFor();
    assert.match(await page.locator("#area-resources .decision").innerText(), /Answers .*d\) 2\)/, "restored with its input link");
    for (const area of ["continual_improvement", "isms_change", "risk_treatment", "objectives_kpis", "corrective_preventive", "policy_document", "approved_exception"]) {
      await page.locator(`#area-${area}-none`).click();
      await page.getByLabel("Why no decision is needed").fill("Nothing raised in this area this period");
      await page.getByLabel("Why no decision is needed").press("Enter");
      await page.locator(`#area-${area} .area-none`).waitFor();
    }
    await page.getByText("Every output area has a decision").waitFor();
    // The conclusion on the ISMS (9.3.1): each verdict needs its rationale.
    await page.getByRole("button", { name: "Record the conclusion" }).click();
    await page.getByText("Say why the ISMS is judged suitable or not.").waitFor();
    await page.getByLabel("Why (suitable)").fill("The scope and the policy still fit the business");
    await page.getByRole("radiogroup", { name: "Adequate: verdict" }).getByLabel("Yes, with the changes decided").check();
    await page.getByLabel("Why (adequate)").fill("Once the second security engineer is hired");
    await page.getByLabel("Why (effective)").fill("Objectives met; no major incident in the period");
    await page.getByRole("button", { name: "Record the conclusion" }).click();
    await page.locator("#conclusion-adequate", { hasText: "Yes, with the changes decided" }).waitFor();
    await assertLabelled(page, "decisions");
    await shoot(page, "15-review-decisions");

    // Approval: the new item has no minutes, so the chair approves anyway, with the reason.
    await page.getByRole("tab", { name: /^Approval and export/ }).click();
    await page.locator("#approve-findings", { hasText: "1 open finding" }).waitFor();
    await page.getByRole("button", { name: "Approve anyway as Elena Novak" }).click();
    await page.locator("#approve-reason-error", { hasText: "Say why" }).waitFor();
    await page.getByLabel("Why approve with open findings").fill("Any other business had nothing to minute");
    await shoot(page, "15b-review-approve-anyway");
    await page.getByRole("button", { name: "Approve anyway as Elena Novak" }).click();
    await page.locator("#approval-locked").waitFor();
    await page.locator(".workspace-locked").waitFor();
    await page.locator(".revisions-table", { hasText: "approved with 1 open readiness finding: Any other business had nothing to minute" }).waitFor();

    // Export: no signing identity yet, so the panel offers to create one.
    await page.getByRole("button", { name: "Create a self-signed signing identity" }).click();
    await page.locator("#identity-fingerprint").waitFor();
    assert.match(await page.getByLabel("Save as").inputValue(), new RegExp(`${ref} minutes v1\\.0\\.pdf$`));
    await page.getByLabel("Paper").selectOption("letter");
    await page.getByRole("button", { name: "Export signed minutes" }).click();
    await page.locator("#export-result").waitFor();
    const fingerprint = await page.locator("#export-fingerprint").textContent();
    assert.equal(fingerprint, await page.locator("#identity-fingerprint").textContent());
    await page.locator("#export-open").click();
    // The toast names the file and offers to open it; only one toast is shown.
    assert.equal(await page.locator(".toast").count(), 1);
    await page.locator(".toast .toast-action", { hasText: "Open" }).waitFor();
    await assertLabelled(page, "approval and export");
    await shoot(page, "16-review-approval-export");

    // Approved reads as the document, paged like the PDF: no forms left.
    await page.getByRole("tab", { name: "Approved minutes" }).click();
    const doc = page.locator("#approved-document");
    await doc.waitFor();
    assert.equal(await doc.locator(".doc-page").count(), 5);
    assert.equal(await doc.locator("input, select, textarea, button").count(), 0);
    await doc.getByText("The chair opened the meeting; quorum confirmed with four members present.").waitFor();
    await doc.getByText(/approved with 1 open readiness finding: Any other business had nothing to minute/).waitFor();
    assert.equal(await page.getByRole("tab", { name: /^Agenda and minutes/ }).count(), 0);
    await assertLabelled(page, "approved document");
    await shoot(page, "17-review-approved-document");

    // Revise opens 1.1 and the draft is editable again.
    await page.getByRole("tab", { name: /^Approval and export/ }).click();
    await page.getByLabel("What the next revision changes, and why").fill("Corrected the attendance of the CFO");
    await page.getByRole("button", { name: "Revise: open the next version" }).click();
    await page.getByRole("heading", { name: "Approval of version 1.1" }).waitFor();
    await page.locator(".revisions-table tbody tr").nth(1).waitFor();
    await shoot(page, "18-review-revised");
    await page.close();
  });

  test("approved minutes reach the attendees: the distribution card, send the minutes, record, the finding goes", async () => {
    const ref = `MR-${YEAR}-02`;
    const page = await open(`/?store=open#/reviews/${ref}`);
    // The conclusion is the one thing missing before the chair approves.
    await page.getByRole("tab", { name: /^Decisions/ }).click();
    await page.getByLabel("Why (suitable)").fill("The scope and the policy still fit the business");
    await page.getByLabel("Why (adequate)").fill("Resources met the period's needs");
    await page.getByLabel("Why (effective)").fill("Objectives met; no major incident in the period");
    await page.getByRole("button", { name: "Record the conclusion" }).click();
    await page.locator("#conclusion-adequate").waitFor();
    await page.getByRole("tab", { name: /^Approval and export/ }).click();
    await page.getByRole("button", { name: "Record approval by Elena Novak" }).click();
    await page.locator("#approval-locked").waitFor();

    // Nobody has the approved version yet: the card says so, and the check says by when.
    const card = page.locator("#distribution");
    await card.getByRole("heading", { name: "Distribution of version 1.0" }).waitFor();
    assert.equal(await card.locator("tbody tr", { hasText: "Not yet" }).count(), 4);
    await card.locator("#distribution-due", { hasText: "Due by 7 Dec 2026" }).waitFor();
    await page.getByRole("tab", { name: /^Readiness/ }).click();
    const finding = page.locator(".finding", { hasText: "are not recorded as sent to" });
    await finding.waitFor();
    await finding.getByRole("button", { name: "Fix in Approval" }).click();
    await until(() => page.evaluate(() => document.activeElement?.id === "distribution"), "the distribution card to take focus");

    // Export the signed minutes, then send them: the email is written beside the PDF and opened.
    await page.getByRole("button", { name: "Create a self-signed signing identity" }).click();
    await page.locator("#identity-fingerprint").waitFor();
    await page.getByRole("button", { name: "Export signed minutes" }).click();
    await page.locator("#export-result").waitFor();
    await card.getByRole("button", { name: "Send the minutes…" }).click();
    const pdf = await page.getByLabel("Signed minutes (PDF)").inputValue();
    assert.match(pdf, new RegExp(`${ref} minutes v1\\.0\\.pdf$`));
    assert.equal(await page.getByLabel("Write the email to").inputValue(), pdf.replace(/\.pdf$/, ".eml"));
    await page.getByRole("button", { name: "Write the email" }).click();
    await page.locator("#send-result", { hasText: "record the distribution below" }).waitFor();
    await page.getByRole("button", { name: "Open it in the mail program" }).click();
    await assertLabelled(page, "distribution");
    await shoot(page, "16b-review-distribution");

    // Sent today, by email, to everyone: recorded, the card and the check agree.
    await card.getByRole("button", { name: "Record the distribution" }).click();
    await card.locator("#distribution-done", { hasText: "Every attendee has version 1.0" }).waitFor();
    assert.equal(await card.locator("tbody tr", { hasText: "Received" }).count(), 4);
    await page.getByRole("tab", { name: /^Readiness/ }).click();
    await page.getByText("Nothing an auditor would likely raise.").waitFor();
    assert.equal(await page.locator(".finding", { hasText: "not recorded as sent" }).count(), 0);
    await page.close();
  });

  test("meeting mode: the agenda item by item, a timer, inputs offered to the minutes, inline capture", async () => {
    const page = await open(`/?store=open#/reviews/MR-${YEAR}-02`);
    await page.getByRole("tab", { name: "Meeting" }).click();
    await page.locator("#meeting-mode").waitFor();
    await page.locator("#meeting-next").click();
    await page.locator("#meeting-item-title", { hasText: "Item 2: Actions from previous reviews" }).waitFor();
    // The timer runs against the item's allotted minutes, and stops when paused.
    assert.equal(await page.locator("#meeting-elapsed").innerText(), "0:00");
    await page.locator("#meeting-start").click();
    await page.locator("#meeting-elapsed", { hasText: "0:01" }).waitFor({ timeout: 5000 });
    await page.locator("#meeting-pause").click();
    const paused = await page.locator("#meeting-elapsed").innerText();
    await page.waitForTimeout(1200);
    assert.equal(await page.locator("#meeting-elapsed").innerText(), paused, "paused");
    // What was presented for input a) goes into the minutes without retyping.
    await page.locator("#meeting-offer-a").click();
    assert.match(await page.locator("#meeting-notes").inputValue(), /Status of actions from previous management reviews: Presented and discussed/);
    await page.locator("#meeting-notes-saved", { hasText: "Saved" }).waitFor();
    // A decision and an action, captured at the item.
    await page.locator("#mt-decision").fill("Close the stale actions from the first quarter");
    await page.locator("#mt-decide").click();
    await page.locator(".meeting-decisions", { hasText: "Close the stale actions from the first quarter" }).waitFor();
    await page.locator("#mt-action-description").fill("Chase the owners of the stale actions");
    await page.locator("#mt-action-ownerId").selectOption({ index: 1 });
    await page.locator("#mt-action-targetOn").fill("15/01/2027");
    await page.locator("#meeting-mode form", { hasText: "Raise an action" }).locator("button[type='submit']").click();
    await page.locator(".toast", { hasText: /ACT-/ }).waitFor();
    await assertLabelled(page, "meeting mode");
    await shoot(page, "14b-meeting-mode");
    await page.close();
  });

  test("settings: lock after inactivity is kept on this computer", async () => {
    const page = await open("/?store=open#/settings");
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    await page.getByLabel("Lock after inactivity").selectOption("5");
    await page.reload();
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    assert.equal(await page.getByLabel("Lock after inactivity").inputValue(), "5");
    await page.getByLabel("Lock after inactivity").selectOption("15");
    await page.close();
  });

  test("calendar: year planner, plan a year, invitation and exports", async () => {
    const page = await open("/?store=open#/calendar");
    await page.getByRole("heading", { name: "Calendar" }).waitFor();
    await page.locator("section.month").nth(11).waitFor();
    assert.equal(await page.locator("section.month").count(), 12);
    await page.locator("section.month", { hasText: "December" }).getByText("MR-2026-03").waitFor();
    await assertLabelled(page, "calendar");
    await shoot(page, "30-calendar");
    // Keyboard: Tab reaches a meeting, Enter opens its panel.
    const meeting = page.locator("a.entry-review", { hasText: "MR-2026-03" });
    await meeting.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Q4 2026 management review" }).waitFor();
    await page.getByRole("button", { name: "Cancel this meeting…" }).click();
    await page.getByLabel("Save the cancellation .ics to").waitFor();
    await assertLabelled(page, "calendar review panel");
    await shoot(page, "31-calendar-review");
    await page.getByRole("button", { name: "Keep it" }).click();
    await page.keyboard.press("Escape");
    // Plan next year quarterly.
    await page.getByRole("button", { name: "Plan a year" }).click();
    await page.getByRole("dialog", { name: "Plan a year" }).waitFor();
    await page.getByLabel("Year", { exact: true }).fill("2027");
    await page.getByLabel("Cadence").selectOption("quarterly");
    await page.getByLabel("First review in").selectOption("2");
    await page.getByRole("button", { name: "Plan the year" }).click();
    await page.getByRole("heading", { name: "Plan for 2027" }).waitFor();
    assert.equal(await page.locator(".plan-result li").count(), 4);
    await page.locator(".year-label", { hasText: "2027" }).waitFor();
    await assertLabelled(page, "plan a year");
    await shoot(page, "32-calendar-planned");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Export…" }).click();
    await page.getByRole("button", { name: "Save the calendar" }).click();
    await page.locator(".written-file").first().waitFor();
    await shoot(page, "33-calendar-export");
    await page.close();
  });

  test("action register: bulk change with a refusal, detail panel, export", async () => {
    const page = await open("/?store=open#/actions");
    const rows = page.locator("table[aria-label='Action register'] tbody tr");
    await rows.first().waitFor();
    await page.getByLabel("Status").selectOption("all");
    await page.getByLabel("Select ACT-2026-004").check();
    await page.getByLabel("Select ACT-2026-006").check();
    await page.getByLabel("New status").selectOption("completed");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.locator(".bulk-results").getByText("1 changed, 1 refused.").waitFor();
    await page.locator(".bulk-results").getByText(/already completed/).waitFor();
    await assertLabelled(page, "bulk change");
    await shoot(page, "34-actions-bulk");
    await page.getByRole("button", { name: "Clear selection" }).click();
    await rows.filter({ hasText: "ACT-2026-009" }).click();
    await page.getByRole("heading", { name: "History" }).waitFor();
    await page.getByText(/Next level:/).waitFor();
    await assertLabelled(page, "action detail");
    await shoot(page, "35-action-detail");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Export…" }).click();
    await page.getByRole("button", { name: "Save as XLSX" }).click();
    await page.locator(".written-file").waitFor();
    await shoot(page, "36-actions-export");
    await page.close();
  });

  test("larger window: 1920×1080", async () => {
    const page = await open("/?store=open#/dashboard");
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByRole("heading", { name: "Q4 2026 management review" }).waitFor().catch(async () => {
      await page.locator(".next-review h2").waitFor();
    });
    await page.screenshot({ path: join(artifacts, "20-dashboard-1920-light.png") });
    await page.goto(at("/?store=open#/actions"));
    await page.locator("tbody tr").first().waitFor();
    await page.screenshot({ path: join(artifacts, "21-actions-1920-light.png") });
    await page.close();
  });

  test("settings: organisation, working week and holidays, passphrase change", async () => {
    const page = await open("/?store=open#/settings");
    await page.getByRole("heading", { name: "Organisation" }).waitFor();
    await assertLabelled(page, "settings");
    // Nothing spills out of its card (the signing identity's buttons did).
    const spilling = await page.locator(".settings-grid .card").evaluateAll((cards) => cards.filter((c) => [...c.querySelectorAll("*")].some((el) => el.getBoundingClientRect().right > c.getBoundingClientRect().right + 1)).map((c) => c.querySelector("h2")?.textContent));
    assert.deepEqual(spilling, [], "settings cards whose content spills out");
    await page.locator("#week-title").scrollIntoViewIfNeeded();
    await shoot(page, "30b-settings-week");
    await page.locator("#org-title").scrollIntoViewIfNeeded();
    await shoot(page, "30-settings");
    // No Save buttons: a field saves when it is left. A time zone the computer does not know
    // is refused by the field, before any write.
    assert.equal(await page.getByRole("button", { name: /^Save$/ }).count(), 0);
    await page.getByLabel("Time zone").fill("Europe/Londn");
    await page.getByLabel("Time zone").press("Tab");
    await page.getByText("is not a time zone this computer knows", { exact: false }).waitFor();
    assert.equal(await page.locator("#org-saved").innerText(), "");
    await page.getByLabel("Time zone").fill("America/New_York");
    await page.getByLabel("Time zone").press("Tab");
    await page.locator("#org-saved", { hasText: "Saved" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Northwind Analytics Ireland");
    await page.getByLabel("Name", { exact: true }).press("Tab");
    await page.locator(".store-org", { hasText: "Northwind Analytics Ireland" }).waitFor();
    // Date fields now write dates the American way; back to a European zone, day first again.
    await page.getByRole("link", { name: "Reviews" }).click();
    await page.getByRole("heading", { name: "Reviews" }).waitFor();
    // The button, not the N shortcut: the screen's key listener is attached after its first
    // paint, and a key pressed before that is lost (the shortcut has its own test).
    await page.locator("#new-review").click();
    assert.equal(await page.getByLabel("Date", { exact: true }).getAttribute("placeholder"), "MM/DD/YYYY");
    // Times too: an American organisation's clock has AM and PM.
    assert.equal(await page.getByLabel("Start time").inputValue(), "10:00 AM");
    await page.keyboard.press("Escape");
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByLabel("Time zone").fill("Europe/Dublin");
    await page.getByLabel("Time zone").press("Tab");
    await page.locator("#org-saved", { hasText: "Saved" }).waitFor();
    // The review board: a member removed leaves at once with Undo; Undo keeps them, and a
    // dismissed message removes them for good (still gone when Settings reads the board again).
    await page.locator("#board-person").selectOption({ index: 1 });
    await page.getByRole("button", { name: "Add to the board" }).click();
    const member = page.locator(".board-members li");
    await member.first().waitFor();
    const removeMember = page.locator(".board-members button").first();
    await removeMember.click();
    await page.locator("#board-empty").waitFor();
    await page.locator(".toast", { hasText: "Removed from the board" }).waitFor();
    await page.locator("#board-title").scrollIntoViewIfNeeded();
    await shoot(page, "30e-settings-board-undo");
    await page.locator(".toast").getByRole("button", { name: "Undo" }).click();
    await member.first().waitFor();
    await removeMember.click();
    await page.locator("#board-empty").waitFor();
    await page.locator(".toast").getByRole("button", { name: "Dismiss message" }).click();
    await page.getByRole("link", { name: "Dashboard" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.getByRole("link", { name: "Settings" }).click();
    await page.locator("#board-empty").waitFor();
    // Holidays: a wrong path is explained by the field, the demo file imports.
    const holidays = page.locator("ul[aria-label='Public holidays'] li");
    await holidays.first().waitFor();
    const before = await holidays.count();
    await page.getByLabel("Import holidays from a file").fill("/nowhere.txt");
    await page.getByRole("button", { name: "Import holidays" }).click();
    await page.getByText("There is no file at /nowhere.txt", { exact: false }).waitFor();
    await page.getByLabel("Import holidays from a file").fill("/home/priya/holidays-uk.txt");
    await page.getByRole("button", { name: "Import holidays" }).click();
    await page.waitForFunction((n) => document.querySelectorAll("ul[aria-label='Public holidays'] li").length === n + 3, before);
    await page.getByLabel("Saturday").check();
    await page.locator("#week-saved", { hasText: "Saved" }).waitFor();
    // Signing: a time-stamping authority URL core refuses is explained by its field; an http one saves.
    const tsa = page.getByLabel("Time-stamping authority URL");
    await tsa.fill("tsa.example");
    await tsa.press("Tab");
    await page.locator("#sign-tsa-error", { hasText: "is not a time-stamping authority's URL" }).waitFor();
    assert.equal(await page.locator("#sign-saved").innerText(), "Not saved");
    await tsa.fill("http://127.0.0.1:3180/tsa");
    await tsa.press("Tab");
    await page.locator("#sign-saved", { hasText: "Saved" }).waitFor();
    assert.equal(await page.locator("#sign-tsa-error").count(), 0);
    await page.locator("#sign-tsa").evaluate((el) => el.scrollIntoView({ block: "center" }));
    await shoot(page, "30c-settings-signing");
    // The passphrase: confirmed twice, explained, then only the new one unlocks.
    await page.getByLabel("New passphrase", { exact: true }).fill("a much longer passphrase");
    await page.getByLabel("New passphrase again").fill("a different one entirely");
    await page.getByRole("button", { name: "Change the passphrase" }).click();
    await page.getByText("The two passphrases differ", { exact: false }).waitFor();
    await page.locator("#key-title").scrollIntoViewIfNeeded();
    await shoot(page, "31-settings-key-validation");
    await page.getByLabel("New passphrase again").fill("a much longer passphrase");
    await page.getByRole("button", { name: "Change the passphrase" }).click();
    await page.getByText("now opens with the new passphrase only", { exact: false }).first().waitFor();
    await page.getByRole("button", { name: "Lock the store" }).click();
    await page.getByLabel("Passphrase").fill("a much longer passphrase");
    await page.getByRole("button", { name: "Unlock" }).click();
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    await page.close();
  });

  test("settings: automatic backups, restore one in two clicks", async () => {
    const page = await open("/?store=open#/settings");
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Automatic backups" }).click();
    const section = page.locator("section.auto-backups");
    const rows = section.locator("table[aria-label='Automatic backups'] tbody tr:not(.backups-confirm-row)");
    await rows.first().waitFor();
    assert.equal(await section.locator("#ab-folder").innerText(), "/home/priya/.local/share/quorum/quorum.db-backups");
    assert.match(await rows.first().innerText(), /Daily/);
    await section.getByRole("cell", { name: "Before an update of the store's format" }).waitFor();
    await assertLabelled(page, "settings: automatic backups");
    // The policy saves itself when a field is left; a keep of 0 is refused by its field.
    await page.getByLabel("Days of backups kept").fill("0");
    await page.getByLabel("Days of backups kept").press("Tab");
    await page.locator("#ab-daily-error", { hasText: "from 1 to 365" }).waitFor();
    await page.getByLabel("Days of backups kept").fill("14");
    await page.getByLabel("Days of backups kept").press("Tab");
    await page.locator("#ab-saved", { hasText: "Saved" }).waitFor();
    // First click: the confirmation names the backup; Esc cancels it.
    const migration = rows.filter({ hasText: "Before an update of the store's format" });
    await migration.getByRole("button", { name: /^Restore the backup of / }).click();
    await page.locator("#ab-confirm-title", { hasText: /^Restore the backup of .+\?$/ }).waitFor();
    await until(() => page.evaluate(() => document.activeElement?.id === "ab-confirm"), "the focus on the confirmation");
    await page.keyboard.press("Escape");
    await page.locator("#ab-confirm").waitFor({ state: "detached" });
    // Two clicks.
    await migration.getByRole("button", { name: /^Restore the backup of / }).click();
    await section.locator("#ab-confirm-what").scrollIntoViewIfNeeded();
    await shoot(page, "30d-settings-auto-backups-confirm");
    await page.getByRole("button", { name: "Restore this backup" }).click();
    await page.locator(".toast", { hasText: "Backup restored" }).waitFor();
    await until(async () => /Before a restore/.test(await rows.first().innerText()), "the list with the backup taken before the restore");
    await until(() => page.evaluate(() => document.activeElement?.id === "auto-backups-title"), "the focus on the section after the restore");
    await page.close();
  });

  test("a signing certificate expiring within 90 days: the dashboard warns and its link, from the keyboard, opens Settings' signing section", async () => {
    const page = await open("/?store=open&identity-expires=2027-01-18T09:00:00Z#/dashboard");
    const warning = page.locator("#dashboard-identity-warning");
    await warning.waitFor();
    assert.match(await warning.innerText(), /^The signing certificate expires in 56 days, on 2027-01-18: /);
    await shoot(page, "05b-dashboard-identity-warning");
    await warning.getByRole("link", { name: "Open the signing settings" }).focus();
    await page.keyboard.press("Enter");
    await page.locator("#signing-warning", { hasText: "expires in 56 days" }).waitFor();
    await until(() => page.evaluate(() => document.activeElement?.id === "signing-title"), "the focus on the signing section's heading");
    await page.close();
  });

  test("objectives: list, add, record a review's result", async () => {
    const page = await open("/?store=open#/objectives");
    const rows = page.locator("table[aria-label='Objectives'] tbody tr");
    await rows.first().waitFor();
    assert.equal(await rows.count(), 3);
    await assertLabelled(page, "objectives");
    await shoot(page, "32-objectives");
    await page.getByRole("button", { name: "Add objective" }).first().click();
    await page.getByLabel("Objective", { exact: true }).fill("Phishing click rate down");
    await page.getByLabel("Measure").fill("Share of staff clicking the quarterly test");
    await page.getByLabel("Target", { exact: true }).fill("< 5 %");
    await page.getByLabel("Owner").selectOption({ label: "Elena Novak" });
    await page.locator("form[aria-label='New objective'] button[type='submit']").click();
    await page.locator("#res-review").waitFor();
    assert.equal(await rows.count(), 4);
    await page.getByLabel("Not met").check();
    await page.getByLabel("Note (optional)").fill("First test at 11 %");
    await page.getByLabel("Target for the next period").fill("< 8 %");
    await assertLabelled(page, "objective panel");
    await shoot(page, "33-objective-result");
    await page.getByRole("button", { name: "Record result" }).click();
    await rows.filter({ hasText: "Phishing" }).filter({ hasText: "Not met" }).waitFor();
    assert.match(await rows.filter({ hasText: "Phishing" }).innerText(), /next: < 8 %/);
    await page.close();
  });

  test("registers: a good file imported as a new snapshot; a bad file's problems keep Import disabled", async () => {
    const page = await open("/?store=open#/dashboard");
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.locator("a[href='#/registers']").click();
    await page.getByRole("heading", { name: "Registers", exact: true }).waitFor();
    await page.locator("#reg-newest", { hasText: "2 snapshots" }).waitFor();
    await page.locator("table[aria-label^='The register as at'] tbody tr").first().waitFor();
    await assertLabelled(page, "registers");
    await shoot(page, "34-registers");

    await page.getByRole("button", { name: "Import…" }).first().click();
    await page.getByLabel("File (CSV or XLSX)").fill("/home/priya/registers/bad-risk-register.csv");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("#imp-problems li", { hasText: "Row 3, column “Inherent level”" }).waitFor();
    assert.equal(await page.locator("#imp-problems li").count(), 2);
    assert.equal(await page.locator("#imp-run").isDisabled(), true, "Import is disabled while a row is wrong");
    await assertLabelled(page, "register import with problems");
    await shoot(page, "35-register-import-problems");

    await page.getByLabel("File (CSV or XLSX)").fill("/home/priya/registers/risk-register-2026-11.xlsx");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("#imp-problems-title", { hasText: "No problems" }).waitFor();
    assert.equal(await page.getByLabel("Column for Owner").inputValue(), "Risk owner");
    await page.locator("#imp-changes", { hasText: "1 new, 1 changed, 1 gone" }).waitFor();
    // A required field unmapped is a problem too; mapped again, the preview is clean.
    await page.getByLabel("Column for Owner").selectOption("");
    await page.locator("#imp-problems li", { hasText: "no column gives Owner" }).waitFor();
    assert.equal(await page.locator("#imp-run").isDisabled(), true);
    await page.getByLabel("Column for Owner").selectOption("Risk owner");
    await page.locator("#imp-problems-title", { hasText: "No problems" }).waitFor();
    await shoot(page, "36-register-import");
    await page.locator("#imp-run").click();
    await page.locator(".toast", { hasText: "risk-register-2026-11.xlsx" }).waitFor();
    await page.locator("#reg-newest", { hasText: "3 snapshots" }).waitFor();
    assert.match(await page.locator("#reg-newest").innerText(), /risk-register-2026-11\.xlsx/);
    assert.equal(await page.locator("table[aria-label='Snapshots'] tbody tr").count(), 3);
    assert.equal(await page.locator(".side-panel").count(), 0, "the panel closed");

    // The next review reads the register as at its meeting: the snapshot just imported, under input f).
    await page.locator("a[href='#/reviews']").click();
    await page.locator("table[aria-label='Management reviews'] tbody tr", { hasText: "Q4" }).click();
    await page.getByRole("tab", { name: "Inputs" }).click();
    const extract = page.locator("#extract-f-risks");
    await extract.waitFor();
    assert.match(await extract.innerText(), /From the risks snapshot taken on 23 Nov 2026/);
    assert.match(await extract.innerText(), /risk-register-2026-11\.xlsx/);
    await page.locator("#extract-soc2_incidents-incidents .concern-open", { hasText: "INC-0412" }).waitFor();
    await extract.scrollIntoViewIfNeeded();
    await shoot(page, "37-review-register-extract");
    await page.close();
  });

  test("no console errors and no CSP violations", () => {
    assert.deepEqual(problems, []);
  });
});
