#!/usr/bin/env bash
# The app's start and idle memory, on the demo store, in keychain mode (a raw key: no key
# derivation) and passphrase mode, under Xvfb with a real Secret Service:
#   - launch → each start step, from the app's own trace (QUORUM_TRACE_START=1): the store
#     opened, the window created, the page loaded, the window's first app_info answered, and
#     the dashboard's data answered (painted in the next frame);
#   - idle PSS after 12 s of every process of the app (quorum-app, WebKit's web and network
#     processes), from /proc/PID/smaps_rollup.
# Targets (issue 17): the dashboard within 500 ms with the raw key; all processes within 250 MiB.
#   bash tests/bench/start.sh [RUNS]
# Needs the release app (`ui/node_modules/.bin/tauri build --bundles deb,rpm`, or
# `cargo build --release`) and the quorum CLI (debug or release), in $CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/quorum/target}"
app="$CARGO_TARGET_DIR/release/quorum-app"
cli="$CARGO_TARGET_DIR/release/quorum"
[ -x "$cli" ] || cli="$CARGO_TARGET_DIR/debug/quorum"
for f in "$app" "$cli"; do [ -x "$f" ] || { echo "missing $f: build it first (see the header of this script)" >&2; exit 2; }; done
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/run" && chmod 700 "$scratch/run"

HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/run" APP="$app" CLI="$cli" RUNS="$runs" SCRATCH="$scratch" \
  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
    set -e
    echo -n quorum-bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    export QUORUM_NOW=2026-11-23T09:00:00Z
    "$CLI" --db "$SCRATCH/keychain/quorum.db" demo >/dev/null
    QUORUM_PASSPHRASE="bench passphrase here" "$CLI" --db "$SCRATCH/passphrase/quorum.db" --no-keychain demo --key passphrase >/dev/null
    python3 - <<"PY"
import os, statistics, subprocess, time

app, runs, scratch = os.environ["APP"], int(os.environ["RUNS"]), os.environ["SCRATCH"]
STEPS = ["main", "store-opened", "window-created", "page-loaded", "app-info", "dashboard"]

def descendants(pid):
    out = [pid]
    for child in subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout.split():
        out += descendants(int(child))
    return out

def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("Pss:"))
    except (FileNotFoundError, StopIteration, ProcessLookupError):
        return 0

def name(pid):
    try:
        return open(f"/proc/{pid}/comm").read().strip()
    except FileNotFoundError:
        return "?"

def launch(mode, measure_memory):
    env = dict(os.environ, QUORUM_DB=f"{scratch}/{mode}/quorum.db", QUORUM_TRACE_START="1")
    if mode == "passphrase":
        env["QUORUM_PASSPHRASE"] = "bench passphrase here"
    log = open(f"{scratch}/{mode}.log", "w+")
    start = time.time() * 1000
    proc = subprocess.Popen([app], env=env, stderr=log, stdout=subprocess.DEVNULL)
    marks = {}
    deadline = time.time() + 30
    while "dashboard" not in marks and time.time() < deadline and proc.poll() is None:
        time.sleep(0.01)
        log.seek(0)
        for line in log:
            if line.startswith("quorum-start "):
                _, ms, step = line.split()
                marks[step] = int(ms) - start
    memory = None
    if measure_memory and "dashboard" in marks:
        time.sleep(12)
        memory = {f"{name(p)}[{p}]": pss_kib(p) / 1024 for p in descendants(proc.pid)}
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    time.sleep(0.5)  # the web processes exit after the app: the next launch must not find it
    if "dashboard" not in marks:
        raise SystemExit(f"{mode}: the dashboard was not reached in 30 s; the app said:\n" + open(f"{scratch}/{mode}.log").read())
    return marks, memory

for mode in ["keychain", "passphrase"]:
    launch(mode, False)  # warm the page cache and the WebKit caches once, not counted
    results = [launch(mode, i == runs - 1) for i in range(runs)]
    print(f"== {mode} mode, median of {runs} launches (ms after launch)")
    for step in STEPS:
        values = [m[step] for m, _ in results if step in m]
        if values:
            print(f"  {step:<15} {statistics.median(values):7.0f}   (min {min(values):.0f}, max {max(values):.0f})")
    memory = results[-1][1]
    print(f"  idle PSS after 12 s: {sum(memory.values()):.0f} MiB in all: " + ", ".join(f"{k} {v:.0f} MiB" for k, v in sorted(memory.items())))
PY
'
