// A tour of every screen of the real app on the demo store (QUORUM_DB, opened at start with
// QUORUM_PASSPHRASE): each screen must render its heading with no error banner, and leaves
// a screenshot, so that a person can look at every screen with realistic data.
import assert from "node:assert/strict";
import { runOnApp, screenshots, until } from "./harness.mjs";

// run.sh runs the tour twice: in the light theme, then with GTK_THEME=Adwaita:dark (WebKitGTK
// then reports prefers-color-scheme: dark), its screenshots named tour-dark-*.
const shot = screenshots(process.env.TOUR_SCHEME === "dark" ? "tour-dark" : "tour");

/**
 * Fails when the screen shows an error banner (a command failed) instead of its content, or
 * the last-resort notice of an error that escaped every screen.
 */
async function assertNoError(session, where) {
  const banners = await session.findAll(".banner-error, .fatal-error");
  const texts = await Promise.all(banners.map((b) => b.property("textContent")));
  assert.deepEqual(texts, [], `${where} shows no error`);
}

async function visit(session, route, heading) {
  await session.execute("location.hash = arguments[0]", [`#/${route}`]);
  await session.waitFor("main h1", { text: heading });
  // Let the screen's first load settle: loading placeholders gone.
  await session.waitFor("main:not(:has([aria-busy='true']))").catch(() => {});
  await assertNoError(session, heading);
}

/**
 * The window lives at the app's QUORUM_NOW (the app starts its clock there), not at today. The
 * date is written the organisation's way (the demo's Europe/London: "23 Nov 2026").
 */
async function assertWindowClock(session) {
  const expected = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "Europe/London" }).format(new Date(process.env.QUORUM_NOW));
  const shown = () => session.execute("return document.querySelector('main .page-header p.muted').textContent");
  // The organisation's zone arrives with its settings, a moment after the first draw.
  await until(async () => (await shown()) === expected, `the dashboard's date is QUORUM_NOW's (${expected}), not today's`);
}

async function tour(session) {
  await session.waitFor(".rail .store-org", { text: "Northwind Analytics Ltd" });
  for (const [route, heading] of [
    ["dashboard", "Dashboard"],
    ["calendar", "Calendar"],
    ["reviews", "Reviews"],
    ["actions", "Actions"],
    ["registers", "Registers"],
    ["people", "People"],
    ["objectives", "Objectives"],
    ["settings", "Settings"],
  ]) {
    console.log(`tour: ${heading}`);
    await visit(session, route, heading);
    if (route === "dashboard") await assertWindowClock(session);
    await shot(session, route);
  }

  console.log("tour: an overdue action's detail panel, with its history");
  await visit(session, "actions", "Actions");
  const overdue = await session.execute(
    `const row = [...document.querySelectorAll("table tbody tr")].find((r) => /overdue/i.test(r.textContent));
     return row && row.textContent.match(/ACT-\\d{4}-\\d{3}/)[0];`,
  );
  assert.ok(overdue, "the demo register has an overdue action");
  await session.execute("location.hash = arguments[0]", [`#/actions/${overdue}`]);
  await session.waitFor(".side-panel", { text: overdue });
  await until(async () => /Next level|last level|no escalation path/.test(await session.execute("return document.querySelector('.side-panel').textContent")), "the escalation section has loaded");
  await assertNoError(session, `the panel of ${overdue}`);
  await shot(session, "action-panel");

  console.log("tour: Settings further down (organisation, working week, key)");
  await visit(session, "settings", "Settings");
  const sections = (await session.findAll("main section.card, main form.card")).length;
  // Every other section from the second, each brought to the top of the window, so that each
  // screenshot shows what it names (the last ones cannot reach the top: the page ends).
  const seen = new Set();
  for (let index = 2; index < sections; index += 2) {
    await session.execute("document.querySelectorAll('main section.card, main form.card')[arguments[0]].scrollIntoView({ block: 'start' })", [index]);
    const top = await session.execute("return Math.round(document.querySelector('main').scrollTop + document.scrollingElement.scrollTop)");
    if (seen.has(top)) continue; // the same view as the last screenshot
    seen.add(top);
    await shot(session, `settings-${index}`);
  }

  // The demo's next review (being prepared) and its last approved one.
  for (const [reference, name] of [["MR-2027-01", "planned"], ["MR-2026-05", "approved"]]) {
    console.log(`tour: the ${name} review ${reference}, every tab`);
    await session.execute("location.hash = arguments[0]", [`#/reviews/${reference}`]);
    await session.waitFor("main .workspace-ref", { text: reference });
    const tabs = await session.waitFor("[role='tab']").then(() => session.findAll("[role='tab']"));
    assert.ok(tabs.length >= 4, `the workspace has its tabs (found ${tabs.length})`);
    for (const tab of tabs) {
      // The tab's id names the step; its text carries the step strip's count.
      const step = (await tab.property("id")).replace(/^tab-/, "");
      await tab.click();
      await assertNoError(session, `the ${step} tab of ${reference}`);
      await shot(session, `${name}-${step}`);
      if (step === "inputs") {
        // The KPIs sit further down the cards: bring the first table into view.
        await session.waitFor(".kpi-table");
        await session.execute("document.querySelector('.kpi-table').closest('section').scrollIntoView()");
        await shot(session, `${name}-inputs-kpis`);
      }
    }
  }
}

await runOnApp("tour", tour, shot);
