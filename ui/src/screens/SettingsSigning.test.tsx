// Settings' signing section (location, contact, time-stamping authority; each saves itself)
// and the signing certificate's expiry warning on the dashboard and in that section, over the
// mock backend at pinned instants.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { act } from "preact/test-utils";
import { App } from "../App";
import { installMock, MOCK_NOW } from "../lib/ipc/mock";
import { clearToasts } from "../lib/toasts";
import { setClock } from "../lib/clock";
import { $, click, flush, goTo, mount, type, unmount, waitFor } from "../test/helpers";

beforeEach(() => {
  sessionStorage.clear();
  clearToasts();
  location.hash = "";
});
afterEach(unmount);

async function start(at: string, options: Parameters<typeof installMock>[0] = {}) {
  const now = new Date(at);
  setClock(() => now);
  const backend = installMock({ now, storeState: "open", ...options });
  mount(<App />);
  await flush();
  return backend;
}

const input = (id: string) => document.getElementById(id) as HTMLInputElement;
const leave = (el: HTMLInputElement) => act(() => void el.dispatchEvent(new Event("change", { bubbles: true }))).then(() => flush());
const errorOf = (id: string) => document.getElementById(`${id}-error`)?.textContent ?? null;
const status = () => $("#sign-saved")!.textContent;

describe("settings: what every signature carries", () => {
  test("a file signed offline gets its timestamp once an authority is set; a cancelled dialog asks nothing", async () => {
    let chosen: string | null = null;
    const backend = await start(MOCK_NOW, { dialogs: { open: (purpose) => (purpose === "signedPdf" ? chosen : null) } });
    await goTo("#/settings");
    const button = () => $<HTMLButtonElement>(".timestamp-later button")!;
    await waitFor(() => button());
    expect(button().disabled).toBe(true);
    expect($(".timestamp-later")!.textContent).toContain("Give the time-stamping authority's URL above first.");
    await type(input("sign-tsa"), "http://tsa.example/ts");
    await leave(input("sign-tsa"));
    await waitFor(() => !button().disabled);
    await click(button());
    expect(backend.calls.some((c) => c.cmd === "pdf_timestamp")).toBe(false);
    backend.state.written.push("/home/lead/Quorum exports/MR-2026-05 minutes.pdf");
    chosen = "/home/lead/Quorum exports/MR-2026-05 minutes.pdf";
    await click(button());
    expect(await waitFor(() => document.getElementById("timestamp-done")?.textContent)).toBe("Timestamped /home/lead/Quorum exports/MR-2026-05 minutes.pdf from http://tsa.example/ts.");
    chosen = "/home/lead/elsewhere.pdf";
    await click(button());
    expect(await waitFor(() => $(".timestamp-later [role=alert]")?.textContent)).toContain("No such file");
  });

  test("location, contact and TSA URL start empty and save themselves when left, trimmed, with a quiet Saved", async () => {
    const backend = await start(MOCK_NOW);
    await goTo("#/settings");
    await waitFor(() => input("sign-tsa"));
    expect([input("sign-location").value, input("sign-contact").value, input("sign-tsa").value]).toEqual(["", "", ""]);
    expect(document.getElementById("sign-tsa-hint")!.textContent).toBe(
      "Off by default. With a URL, each signature gets an RFC 3161 timestamp from that authority, and a CA-issued certificate also the revocation data its CA publishes; Quorum needs the network for them only while exporting or adding a timestamp.",
    );
    const sets = () => backend.calls.filter((c) => c.cmd === "identity_settings_set").map((c) => c.args);

    await type(input("sign-location"), "  London ");
    expect(sets()).toEqual([]);
    await leave(input("sign-location"));
    await waitFor(() => status() === "Saved");
    expect(sets()).toEqual([{ request: { location: "  London ", contact: "", tsaUrl: "" } }]);
    expect(input("sign-location").value).toBe("London");
    // Leaving a field unchanged writes nothing.
    await leave(input("sign-location"));
    expect(sets()).toHaveLength(1);

    await type(input("sign-contact"), "isms@northwind.example");
    await leave(input("sign-contact"));
    await waitFor(() => sets().length === 2);
    await type(input("sign-tsa"), "http://127.0.0.1:3180/tsa");
    await leave(input("sign-tsa"));
    await waitFor(() => sets().length === 3);
    await waitFor(() => status() === "Saved");
    expect(sets()[2]).toEqual({ request: { location: "London", contact: "isms@northwind.example", tsaUrl: "http://127.0.0.1:3180/tsa" } });
    expect(backend.state.signing).toEqual({ location: "London", contact: "isms@northwind.example", tsaUrl: "http://127.0.0.1:3180/tsa" });
  });

  test("a TSA URL that is not http:// is refused by its field; the section says Not saved and keeps what was stored", async () => {
    const backend = await start(MOCK_NOW);
    backend.state.signing = { location: "London", contact: "", tsaUrl: "http://tsa.example/rfc3161" };
    await goTo("#/settings");
    await waitFor(() => input("sign-tsa")?.value === "http://tsa.example/rfc3161");
    await type(input("sign-tsa"), "tsa.example");
    await leave(input("sign-tsa"));
    await waitFor(() => errorOf("sign-tsa"));
    expect(errorOf("sign-tsa")).toBe('"tsa.example" is not a time-stamping authority\'s URL: give its http:// address (RFC 3161 tokens are signed, so authorities serve plain http), or nothing for no timestamps');
    expect(input("sign-tsa").getAttribute("aria-invalid")).toBe("true");
    expect(input("sign-tsa").getAttribute("aria-describedby")).toBe("sign-tsa-error");
    expect(input("sign-tsa").value).toBe("tsa.example");
    expect(status()).toBe("Not saved");
    expect(backend.state.signing.tsaUrl).toBe("http://tsa.example/rfc3161");
    // Typing again clears the refusal; emptying the field turns timestamps off.
    await type(input("sign-tsa"), "");
    expect(errorOf("sign-tsa")).toBeNull();
    await leave(input("sign-tsa"));
    await waitFor(() => status() === "Saved");
    expect(backend.state.signing).toEqual({ location: "London", contact: "", tsaUrl: "" });
  });
});

describe("the signing certificate's expiry warning", () => {
  const NOT_AFTER = "2027-01-18T09:00:00Z";
  const warning = (id: string) => document.getElementById(id)?.textContent ?? null;
  const RENEW = "make a new one with `quorum identity new --replace` (or import the renewed certificate)";

  test("91 days before the certificate expires, neither the dashboard nor Settings warns", async () => {
    const backend = await start("2026-10-19T09:00:00Z", { identityExpiresAt: NOT_AFTER });
    await waitFor(() => document.getElementById("next-title"));
    await waitFor(() => backend.calls.some((c) => c.cmd === "identity_warning"));
    await flush();
    expect(warning("dashboard-identity-warning")).toBeNull();
    await goTo("#/settings");
    await waitFor(() => document.getElementById("identity-fingerprint"));
    await flush();
    expect(warning("signing-warning")).toBeNull();
  });

  test("from 90 days before, the dashboard warns in core's words and its link opens Settings' signing section, which warns too", async () => {
    await start("2026-10-20T09:00:00Z", { identityExpiresAt: NOT_AFTER });
    const shown = await waitFor(() => warning("dashboard-identity-warning"));
    expect(shown).toBe(`The signing certificate expires in 90 days, on 2027-01-18: ${RENEW}: files signed before stay verifiable with \`quorum verify --org\`, and the fingerprint card lists the old fingerprint. Open the signing settings`);
    const link = $<HTMLAnchorElement>("#dashboard-identity-warning a")!;
    expect(link.getAttribute("href")).toBe("#/settings/signing");
    await click(link);
    await waitFor(() => warning("signing-warning"));
    expect(warning("signing-warning")).toContain("expires in 90 days, on 2027-01-18");
    await waitFor(() => document.activeElement?.id === "signing-title");
  });

  test("at the mock's instant it counts the days left; once past, it says the certificate expired", async () => {
    await start(MOCK_NOW, { identityExpiresAt: NOT_AFTER });
    expect(await waitFor(() => warning("dashboard-identity-warning"))).toMatch(/^The signing certificate expires in 56 days, on 2027-01-18: /);
    unmount();
    await start("2027-01-19T09:00:00Z", { identityExpiresAt: NOT_AFTER });
    expect(await waitFor(() => warning("dashboard-identity-warning"))).toMatch(/^The signing certificate expired on 2027-01-18: make a new one/);
  });

  test("renewing from Settings says what it means, makes a new certificate and ends the warning", async () => {
    const backend = await start("2026-10-20T09:00:00Z", { identityExpiresAt: NOT_AFTER });
    await goTo("#/settings");
    await waitFor(() => warning("signing-warning"));
    const before = document.getElementById("identity-fingerprint")!.textContent;
    await click($("#identity-renew")!);
    expect(document.getElementById("renew-note")!.textContent).toContain("The old certificate is kept: files signed before stay verifiable");
    await click($("#identity-renew-confirm")!);
    await waitFor(() => document.getElementById("identity-fingerprint")!.textContent !== before);
    expect(backend.calls.find((c) => c.cmd === "identity_create")!.args).toEqual({ request: { replace: true } });
    await waitFor(() => warning("signing-warning") === null);
  });

  test("no identity, no warning", async () => {
    const backend = await start(MOCK_NOW);
    await waitFor(() => backend.calls.some((c) => c.cmd === "identity_warning"));
    await flush();
    expect(warning("dashboard-identity-warning")).toBeNull();
    expect(backend.calls.find((c) => c.cmd === "identity_warning")!.args).toEqual({});
  });
});
