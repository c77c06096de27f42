// A minimal W3C WebDriver client over Node's fetch: the few endpoints the end-to-end flow
// needs, with waiting built in. No dependency to install, and nothing hidden: each method
// is one HTTP call that tauri-driver forwards to WebKitWebDriver.
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/** An element reference: the W3C key, or the legacy "ELEMENT" some drivers still send. */
function elementId(value) {
  const id = value?.[ELEMENT] ?? value?.ELEMENT;
  if (typeof id !== "string") throw new WebDriverError(`the driver returned no element reference: ${JSON.stringify(value)}`);
  return id;
}

export class WebDriverError extends Error {}

async function request(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) {
    const value = payload.value ?? {};
    throw new WebDriverError(`${method} ${new URL(url).pathname}: ${value.error ?? response.status} ${value.message ?? ""}`.trim());
  }
  return payload.value;
}

export class Session {
  static async start(base, capabilities) {
    const value = await request("POST", `${base}/session`, { capabilities: { alwaysMatch: capabilities } });
    return new Session(base, value.sessionId);
  }

  constructor(base, id) {
    this.url = `${base}/session/${id}`;
  }

  call(method, path, body) {
    return request(method, `${this.url}${path}`, body);
  }

  async find(css) {
    const value = await this.call("POST", "/element", { using: "css selector", value: css });
    return new Element(this, elementId(value));
  }

  async findAll(css) {
    const values = await this.call("POST", "/elements", { using: "css selector", value: css });
    return values.map((v) => new Element(this, elementId(v)));
  }

  /**
   * Waits until `css` matches an element (and `text`, if given, is in its textContent:
   * WebKitWebDriver reports no rendered text for cells clipped with an ellipsis).
   */
  async waitFor(css, { text, timeout = 15_000 } = {}) {
    const end = Date.now() + timeout;
    let last = "no such element";
    for (;;) {
      try {
        for (const element of await this.findAll(css)) {
          const shown = await element.property("textContent");
          if (text === undefined || shown.includes(text)) return element;
          last = `text ${JSON.stringify(shown.slice(0, 200))}`;
        }
      } catch (error) {
        last = error.message;
      }
      if (Date.now() > end) throw new WebDriverError(`timed out waiting for ${css}${text ? ` with ${JSON.stringify(text)}` : ""} (${last})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  execute(script, args = []) {
    return this.call("POST", "/execute/sync", { script, args });
  }

  /** Resolves once the page has painted what the last command changed. */
  afterPaint() {
    return this.call("POST", "/execute/async", {
      script: "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
      args: [],
    });
  }

  end() {
    return this.call("DELETE", "");
  }
}

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }

  call(method, path, body) {
    return this.session.call(method, `/element/${this.id}${path}`, body);
  }

  click() {
    return this.call("POST", "/click", {});
  }

  clear() {
    return this.call("POST", "/clear", {});
  }

  type(text) {
    return this.call("POST", "/value", { text });
  }

  text() {
    return this.call("GET", "/text");
  }

  property(name) {
    return this.call("GET", `/property/${name}`);
  }
}
