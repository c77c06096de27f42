#!/usr/bin/env bash
# The Linux packages, built with the README's exact command and checked with the packaging
# tools (tests/bundle/check.sh: dpkg-deb, and rpm from Debian's `rpm` package). Kept out of
# tests/run-all.sh: it needs a release build of the app, a second full compile beside the
# test run's debug one, which the CI time limit (90 minutes on 2 cores) cannot carry on a
# cold cache. Run it as its own CI job or before a release, after `bash .ci/setup`.
set -euo pipefail
cd "$(dirname "$0")/.."
exec </dev/null
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/quorum/target}"
ui/node_modules/.bin/tauri build --bundles deb,rpm
bash tests/bundle/check.sh "$CARGO_TARGET_DIR/release/bundle"
