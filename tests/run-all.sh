#!/usr/bin/env bash
# Every test of Quorum: the UI's, the Rust workspace's (with a real, headless OS keychain),
# the interoperability checks, and the real app end to end over WebDriver. Run after `bash .ci/setup`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# Nothing here reads the terminal; a stdin that other tools wrote into once reached rustc's
# target probe (`rustc -` reads its program from stdin) and failed the build.
exec </dev/null

# Cargo's build folder lives outside the clone so repeated runs are incremental.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/quorum/target}"
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export CARGO_TERM_COLOR=never

echo "== UI: type check, build and bundle checks, component tests, browser tests"
npm --prefix ui run check
npm --prefix ui test
npm --prefix ui run test:e2e

echo "== UI: the component and browser suites again, with the clock moved (no test may read it)"
# Two instants far from any day CI runs: a year end in the organisation's time zone (London is
# on UTC in December) and the hour the clocks go forward there. faketime moves the clock of the
# whole process tree (Node, Vite's server, Chromium).
moved_started=$SECONDS
for instant in "2031-12-31 23:30:00 UTC" "2027-03-28 01:30:00 UTC"; do
  echo "-- the clock at $instant"
  # The same tests without their screenshots: the first run's pictures are the ones to look at.
  (cd ui && faketime "$instant" npx vitest run --reporter=dot && QUORUM_SHOTS=0 faketime "$instant" npm run test:browser --silent)
done
echo "-- the moved clock added $((SECONDS - moved_started)) s"

echo "== Rust: build"
# Cargo caches rustc's answers here, failures included: a probe that once failed (a stray
# stdin reached `rustc -`) would fail every later build in this folder. They are cheap to ask again.
rm -f "$CARGO_TARGET_DIR/.rustc_info.json"
cargo build --workspace --all-targets --locked

echo "== Rust: tests, with a real Secret Service keychain on a private D-Bus session"
# core's lib tests write the window's TypeScript types afresh; a type removed from Rust must
# not linger as a stale file.
rm -rf ui/src/lib/ipc/bindings
# The tests run with a scratch HOME (for the keychain); Python packages installed in the
# user's site (pip install --user) must stay visible to the interoperability checks.
export PYTHONUSERBASE="${PYTHONUSERBASE:-$(python3 -m site --user-base)}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/run" && chmod 700 "$scratch/run"
HOME="$scratch" XDG_RUNTIME_DIR="$scratch/run" QUORUM_TEST_OS_KEYCHAIN=1 \
  dbus-run-session -- bash -c '
    set -euo pipefail
    echo -n "quorum-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    cargo test --workspace --locked --no-fail-fast
    # The app command tests again with the clock moved: the app reads the system clock, so
    # these prove its tests fix it. (Core and the CLI take "now" as a parameter or QUORUM_NOW.)
    for instant in "2031-12-31 23:30:00 UTC" "2027-03-28 01:30:00 UTC"; do
      echo "-- app command tests, the clock at $instant"
      QUORUM_TEST_CLOCK="$instant" CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER="$PWD/tests/faketime-runner.sh" \
        cargo test --workspace --locked --test app_smoke --test app_settings --test app_calendar_register --test review_commands --test app_dialogs --test app_registers --test app_backups
    done'

echo "== The TypeScript bindings match the Rust types"
if [ -n "$(git status --porcelain -- ui/src/lib/ipc/bindings)" ]; then
  git status --short -- ui/src/lib/ipc/bindings
  echo "ui/src/lib/ipc/bindings is out of date: run cargo test -p quorum-core --lib and cargo test -p quorum-app --lib, and commit the files" >&2
  exit 1
fi

echo "== App: end to end over WebDriver (tauri-driver + WebKitWebDriver, Xvfb, a real store)"
# The build above made the debug quorum-app with ui/dist (from \`npm run check\`) embedded.
QUORUM_E2E_NO_BUILD=1 bash tests/e2e/run.sh

echo "== Windows: the Windows-only code paths (keychain, locking, opening files, paths) compile"
# The mingw target (rustup) and linker (apt) come from .ci/setup; OpenSSL is compiled in, as
# the Windows release builds it. Its own build folder, kept like the main one.
CARGO_TARGET_DIR="$HOME/.cache/quorum/target-windows" \
  cargo check --target x86_64-pc-windows-gnu --workspace --features vendored-openssl --locked

echo "== Linux packages: the README's command builds the .deb and the .rpm, and the packaging tools read them"
# A release build beside the debug one: about 9 minutes the first time, then incremental.
bash tests/release-check.sh
