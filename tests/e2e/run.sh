#!/usr/bin/env bash
# End-to-end test of the real app: builds the UI and the debug quorum-app binary (unless
# QUORUM_E2E_NO_BUILD=1, as in tests/run-all.sh, which has built them already), then runs
# flow.mjs (a new store through the whole review cycle), tour.mjs (every screen on the
# demo store), handoff.mjs (a second launch hands its store to the running window) and
# notify.mjs (the reminders' notification, clicked, opens the place to act; the notification
# server is notification_server.py, needing python3 with dbus-next from
# tests/requirements.txt) under a private X display and D-Bus session, with HOME and the
# stores in a scratch folder.
# Screenshots go to tests/e2e/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/quorum/target}"
PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

for tool in tauri-driver WebKitWebDriver xvfb-run dbus-run-session; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is missing; run bash .ci/setup" >&2; exit 2; }
done

if [ "${QUORUM_E2E_NO_BUILD:-0}" != 1 ]; then
  # The binary embeds ui/dist at compile time: build the UI first.
  npm --prefix ui run build --silent -- --logLevel warn
  cargo build -p quorum-app -p quorum-cli --locked
fi

# The app, the CLI that makes the demo and the window all live at this instant (the app starts
# its clock there and the window follows it), so the flow and the tour hold on any date.
export QUORUM_NOW="${QUORUM_NOW:-2026-11-23T09:00:00Z}"

artifacts="$PWD/tests/e2e/artifacts"
rm -rf "$artifacts"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/run" "$scratch/demo" && chmod 700 "$scratch/run"

# The tour runs on the demo organisation, in a passphrase store the app opens at start.
demo_passphrase="demo passphrase for the tour"
QUORUM_PASSPHRASE="$demo_passphrase" "$CARGO_TARGET_DIR/debug/quorum" --db "$scratch/demo/quorum.db" --no-keychain \
  demo --key passphrase >/dev/null

# A temp HOME keeps the app's data folder, WebKit's caches and the keyring out of the
# user's; gnome-keyring gives keychain stores a real Secret Service.
HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/run" \
QUORUM_APP="$CARGO_TARGET_DIR/debug/quorum-app" E2E_ARTIFACTS="$artifacts" QUORUM_EXPORT_DIR="$scratch/exports" \
TAURI_DRIVER="$(command -v tauri-driver)" NATIVE_DRIVER="$(command -v WebKitWebDriver)" \
SCRATCH="$scratch" DEMO_PASSPHRASE="$demo_passphrase" CLI="$CARGO_TARGET_DIR/debug/quorum" \
  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
    set -e
    echo -n quorum-e2e | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    QUORUM_DB="$SCRATCH/home/quorum.db" node tests/e2e/flow.mjs
    QUORUM_DB="$SCRATCH/demo/quorum.db" QUORUM_PASSPHRASE="$DEMO_PASSPHRASE" node tests/e2e/tour.mjs
    GTK_THEME=Adwaita:dark TOUR_SCHEME=dark QUORUM_DB="$SCRATCH/demo/quorum.db" QUORUM_PASSPHRASE="$DEMO_PASSPHRASE" node tests/e2e/tour.mjs
    "$CLI" --db "$SCRATCH/other/quorum.db" demo >/dev/null
    QUORUM_DB="$SCRATCH/demo/quorum.db" QUORUM_PASSPHRASE="$DEMO_PASSPHRASE" OTHER_DB="$SCRATCH/other/quorum.db" node tests/e2e/handoff.mjs
    QUORUM_DB="$SCRATCH/demo/quorum.db" QUORUM_PASSPHRASE="$DEMO_PASSPHRASE" node tests/e2e/notify.mjs'
