import { render } from "preact";
import "./styles/tokens.css";
import "./styles/app.css";
import { App } from "./App";

async function start() {
  // Statically false in the real build, so the mock is not even bundled into dist/.
  if (import.meta.env.MODE === "mock") {
    const { installMock } = await import("./lib/ipc/mock");
    const params = new URLSearchParams(location.search);
    installMock({
      storeState: (params.get("store") as "missing" | "locked" | "open" | null) ?? "missing",
      empty: params.has("empty"),
      nothingClosed: params.has("nothing-closed"),
    });
  }
  render(<App />, document.getElementById("app")!);
}

void start();
