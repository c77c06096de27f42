// Decides which screen to show from app_info().storeState, and hosts the shell:
// rail, routed screen, command palette, toasts and the global keyboard model.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { appInfo, onFileHandoff, onFilesDropped, onReminderOpen, organisationGet, storeLock, storeOpen, type AppInfo } from "./lib/ipc";
import { placeHash } from "./components/Reminders";
import { setOrganisationZone, useDateLocale } from "./lib/dates";
import { routeDroppedPaths } from "./screens/InputEvidence";
import { startClockAt } from "./lib/clock";
import { modKey, useCommands } from "./lib/commands";
import { navigate, ROUTES, useRoute, type RouteName } from "./lib/router";
import { clearToasts, showError, showToast } from "./lib/toasts";
import { commitRemovals, undoLatest } from "./lib/undo";

/** Why the store was last locked (idle time, or on demand), said on the lock screen. */
let lockReason: string | null = null;
const setLockReason = (why: string) => (lockReason = why);
import { useIdleLock } from "./lib/idle";
import { Rail } from "./components/Rail";
import { Shortcuts } from "./components/Shortcuts";
import { Palette } from "./components/Palette";
import { Toasts } from "./components/Toasts";
import { FirstRun } from "./screens/FirstRun";
import { Unlock } from "./screens/Unlock";
import { Dashboard } from "./screens/Dashboard";
import { Reviews } from "./screens/Reviews";
import { Actions } from "./screens/Actions";
import { Placeholder } from "./screens/Placeholder";
import { Calendar } from "./screens/Calendar";
import { Objectives } from "./screens/Objectives";
import { Registers } from "./screens/Registers";
import { Settings } from "./screens/Settings";
import { People } from "./screens/People";
import { EmptyState } from "./components/EmptyState";
import { watchCutText } from "./lib/overflow";
import { askDailyBackup, dailyBackupReset, DAILY_BACKUP_DELAY_MS } from "./lib/dailyBackup";

type Boot = { status: "loading" } | { status: "ready"; info: AppInfo } | { status: "error"; error: unknown };

export function App() {
  const [boot, setBoot] = useState<Boot>({ status: "loading" });
  const load = useCallback(() => {
    setBoot({ status: "loading" });
    appInfo().then(
      (info) => {
        if (info.fixedNow) startClockAt(info.fixedNow);
        setBoot({ status: "ready", info });
      },
      (error) => {
        showError(error);
        setBoot({ status: "error", error });
      },
    );
  }, []);
  useEffect(load, [load]);
  useEffect(watchCutText, []);
  const setInfo = useCallback((info: AppInfo) => setBoot({ status: "ready", info }), []);
  // The open store replaced under the window (an automatic backup restored): the shell and
  // every screen start again over it, as after an unlock.
  const [opened, setOpened] = useState(0);
  const reopened = useCallback((info: AppInfo) => (setOpened((n) => n + 1), setInfo(info)), [setInfo]);
  // Quorum runs once: a store file opened again (from the file manager, say) comes here.
  useEffect(() => {
    const stop = onFileHandoff((path) => {
      if (!path.toLowerCase().endsWith(".db")) {
        showToast({ tone: "info", title: "Quorum is already open", message: `It opens Quorum stores (.db files); ${path} is not one.` });
        return;
      }
      // Removals waiting on their Undo belong to the store open now: done before it is replaced.
      commitRemovals()
        .then(() => storeOpen({ path }))
        .then((info) => {
          setInfo(info);
          showToast({ tone: "info", title: "Store opened", message: path });
        }, showError);
    });
    return () => void stop.then((unlisten) => unlisten());
  }, [setInfo]);
  // A click on a reminder notification: the window goes to the place to act (on a locked
  // store, there once it is unlocked).
  useEffect(() => {
    const stop = onReminderOpen((place) => (location.hash = placeHash(place)));
    return () => void stop.then((unlisten) => unlisten());
  }, []);

  let body;
  if (boot.status === "loading") {
    body = <div class="boot" aria-busy="true">Opening Quorum…</div>;
  } else if (boot.status === "error") {
    body = (
      <main class="centered">
        <EmptyState icon="alert" title="Quorum could not reach its backend" actions={<button type="button" class="button primary" onClick={load}>Try again</button>}>
          <p>The window started but the part that reads your store did not answer. Try again; if it keeps failing, restart Quorum.</p>
        </EmptyState>
      </main>
    );
  } else if (boot.info.storeState === "missing") {
    body = <FirstRun info={boot.info} onDone={setInfo} />;
  } else if (boot.info.storeState === "locked") {
    body = <Unlock info={boot.info} reason={lockReason} onDone={setInfo} />;
  } else {
    body = <Shell key={opened} info={boot.info} onLocked={setInfo} onReopened={reopened} />;
  }
  return (
    <>
      {body}
      <Toasts />
    </>
  );
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
}

function Shell({ info, onLocked, onReopened }: { info: AppInfo; onLocked: (info: AppInfo) => void; onReopened: (info: AppInfo) => void }) {
  const route = useRoute();
  const [palette, setPalette] = useState(false);
  const [help, setHelp] = useState(false);
  const pendingG = useRef(0);
  const main = useRef<HTMLElement>(null);
  const firstRoute = useRef(true);

  const lock = useCallback(
    (why = "Unlock it to continue.") => {
      // Removals still offering Undo are done first: the locked store takes no more changes.
      commitRemovals()
        .then(storeLock)
        .then((next) => {
          // Nothing of the open store stays on the lock screen: no message, no file path.
          clearToasts();
          setLockReason(why);
          onLocked(next);
        }, showError);
    },
    [onLocked],
  );
  useIdleLock(useCallback((minutes: number) => lock(`Locked after ${minutes} minutes without activity. Unlock it to continue.`), [lock]));
  // Closing the window ends the Undo offer too: the removals are sent as it goes (best effort).
  useEffect(() => {
    const done = () => void commitRemovals();
    window.addEventListener("pagehide", done);
    return () => window.removeEventListener("pagehide", done);
  }, []);

  useCommands(
    "shell",
    [
      ...ROUTES.map((r) => ({ id: `go-${r.name}`, title: `Go to ${r.label}`, group: "Navigate" as const, shortcut: `G ${r.key}`, run: () => navigate(r.name) })),
      { id: "lock", title: "Lock the store", group: "Store", shortcut: `${modKey} Shift L`, run: () => lock() },
    ],
    [lock],
  );

  // Files dropped on the real window arrive as Tauri's event (paths and a point), not as HTML
  // drops: they go to the input card under the point.
  useEffect(() => {
    let off: (() => void) | null = null;
    let live = true;
    void onFilesDropped((paths, at) => {
      if (!routeDroppedPaths(paths, at)) showToast({ tone: "info", title: "Drop files on an input card", message: "Evidence belongs to an input: open a review's Inputs tab and drop the files on that input's card." });
    }).then((unlisten) => (live ? (off = unlisten) : unlisten()));
    return () => {
      live = false;
      off?.();
    };
  }, []);

  // Dates are shown, read and written the organisation's way (from its time zone); the
  // screens are drawn again when that is known or changes.
  useDateLocale();
  useEffect(() => {
    organisationGet().then(
      (org) => setOrganisationZone(org.timeZone),
      () => {}, // the computer's locale stays: every screen still works
    );
    return () => setOrganisationZone(null);
  }, []);

  // The day's automatic backup, once per store open: the dashboard asks when its data has
  // loaded; opened on another screen, it is asked a moment later.
  useEffect(() => {
    const timer = route.name === "dashboard" ? undefined : setTimeout(askDailyBackup, DAILY_BACKUP_DELAY_MS);
    return () => {
      clearTimeout(timer);
      dailyBackupReset();
    };
  }, []);

  // Move focus to the new screen's heading so keyboard and screen-reader users land there.
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>("h1")?.focus();
  }, [route.name]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setPalette((p) => !p);
        return;
      }
      if (mod && e.shiftKey && e.key.toLowerCase() === "l") {
        e.preventDefault();
        lock();
        return;
      }
      // Ctrl+Z outside a text field: the Undo of the removal whose message shows.
      if (mod && !e.shiftKey && !e.altKey && e.key.toLowerCase() === "z" && !isTyping(e.target) && undoLatest()) {
        e.preventDefault();
        return;
      }
      if (mod || e.altKey || isTyping(e.target) || palette) return;
      if (e.key === "?") {
        e.preventDefault();
        setHelp((h) => !h);
        return;
      }
      if (e.key === "/") {
        e.preventDefault();
        const search = document.querySelector<HTMLInputElement>("[data-search]");
        if (search) search.focus();
        else setPalette(true);
        return;
      }
      if (e.key === "g") {
        pendingG.current = performance.now();
        return;
      }
      if (performance.now() - pendingG.current < 1500) {
        const target = ROUTES.find((r) => r.key.toLowerCase() === e.key.toLowerCase());
        pendingG.current = 0;
        if (target) {
          e.preventDefault();
          navigate(target.name);
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [palette, lock]);

  return (
    <div class="shell">
      <button type="button" class="skip-link" onClick={() => main.current?.querySelector<HTMLElement>("h1")?.focus()}>
        Skip to content
      </button>
      <Rail current={route.name} organisation={info.organisation ?? "Quorum store"} onLock={() => lock()} onPalette={() => setPalette(true)} />
      <main id="main" ref={main} class="main">
        {info.openNotice && <OpenNotice text={info.openNotice} />}
        <Screen name={route.name} param={route.param} info={info} onInfo={onLocked} onReopened={onReopened} />
      </main>
      {palette && <Palette onClose={() => setPalette(false)} />}
      {help && <Shortcuts onClose={() => setHelp(false)} />}
    </div>
  );
}

function Screen({ name, param, info, onInfo, onReopened }: { name: RouteName; param: string | null; info: AppInfo; onInfo: (info: AppInfo) => void; onReopened: (info: AppInfo) => void }) {
  switch (name) {
    case "dashboard":
      return <Dashboard section={param} />;
    case "reviews":
      return <Reviews selectedRef={param} />;
    case "actions":
      return <Actions selectedId={param} />;
    case "calendar":
      return <Calendar selectedRef={param} />;
    case "people":
      return <People selectedId={param} />;
    case "settings":
      return <Settings info={info} onInfo={onInfo} onReopened={onReopened} section={param} />;
    case "objectives":
      return <Objectives />;
    case "registers":
      return <Registers kind={param} />;
    default:
      return <Placeholder name={name} />;
  }
}

/** What opening the store found (a journal a crash left damaged): said once per open, until dismissed. */
function OpenNotice({ text }: { text: string }) {
  const [shown, setShown] = useState(true);
  if (!shown) return null;
  return (
    <div class="banner banner-warning open-notice" role="alert" id="open-notice">
      <p>{text}</p>
      <button type="button" class="button ghost small" onClick={() => setShown(false)}>
        Dismiss
      </button>
    </div>
  );
}
