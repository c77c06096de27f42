import { appInfo } from "./lib/ipc";

const root = document.querySelector<HTMLDivElement>("#app")!;
root.innerHTML = `<main><h1>Quorum</h1><p id="store">Opening the store…</p></main>`;
appInfo()
  .then((info) => {
    root.querySelector("#store")!.textContent =
      `Version ${info.version} · ${info.storePath} · ${info.storeState}`;
  })
  .catch((error) => {
    root.querySelector("#store")!.textContent = `Could not reach the backend: ${error?.message ?? error}`;
  });
