import { render } from "preact";
import "./styles/tokens.css";
import "./styles/app.css";
import { App } from "./App";
import { pinClock } from "./lib/clock";

async function start() {
  // Statically false in the real build, so the mock is not even bundled into dist/.
  if (import.meta.env.MODE === "mock") {
    const { installMock, MOCK_NOW } = await import("./lib/ipc/mock");
    const params = new URLSearchParams(location.search);
    // The mock build lives at a fixed instant (or the page's ?now=), never at today's date.
    const at = new Date(params.get("now") ?? MOCK_NOW);
    if (Number.isNaN(at.getTime())) throw new Error(`?now=${params.get("now")} is not a date: write it like 2027-03-28T01:30:00Z`);
    pinClock(at);
    installMock({
      storeState: (params.get("store") as "missing" | "locked" | "open" | null) ?? "missing",
      empty: params.has("empty"),
      nothingClosed: params.has("nothing-closed"),
      manyActions: Number(params.get("actions")) || undefined,
    });
  }
  render(<App />, document.getElementById("app")!);
}

/** A last resort: an error that escaped every screen is shown, never a blank window. */
function showFatal(error: unknown) {
  const root = document.getElementById("app")!;
  const box = document.createElement("div");
  box.setAttribute("role", "alert");
  box.className = "fatal-error";
  const title = document.createElement("h1");
  title.textContent = "Quorum hit an unexpected error";
  const detail = document.createElement("pre");
  detail.textContent = error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error);
  const advice = document.createElement("p");
  advice.textContent = "Your data is safe in the store. Restart Quorum; if this happens again, report the text above.";
  box.append(title, advice, detail);
  root.replaceChildren(box);
}

window.addEventListener("error", (event) => showFatal(event.error ?? event.message));
window.addEventListener("unhandledrejection", (event) => showFatal(event.reason));
start().catch(showFatal);
