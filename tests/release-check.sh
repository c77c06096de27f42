#!/usr/bin/env bash
# The Linux packages, built with the README's exact command and checked with the packaging
# tools (tests/bundle/check.sh: dpkg-deb, and rpm from Debian's `rpm` package). The last step
# of tests/run-all.sh; a release build of the app beside the test run's debug one (about 9
# minutes on a cold cache, so a cold CI run stays well within its 90 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
exec </dev/null
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/quorum/target}"
ui/node_modules/.bin/tauri build --bundles deb,rpm
bash tests/bundle/check.sh "$CARGO_TARGET_DIR/release/bundle"
