#!/usr/bin/env bash
# Cargo's test runner for the second pass of tests/run-all.sh: runs a test binary with the clock
# moved to $QUORUM_TEST_CLOCK by faketime (Debian package faketime), so a test that reads today's
# date fails.
set -euo pipefail
exec faketime "${QUORUM_TEST_CLOCK:?set QUORUM_TEST_CLOCK, e.g. 2031-12-31 23:30:00 UTC}" "$@"
