#!/usr/bin/env bash
# The PDF exports on a large review, as whole processes, with headless Chromium printing
# the same content as the comparison. Run from the repository root on an idle machine:
#   bash tests/bench/export.sh [RUNS]
# Needs a release build (this script makes it) and chromium (bash .ci/setup).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/quorum/target}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --locked -p quorum-cli
echo "== in process (cargo bench)"
cargo bench --locked -p quorum-core --bench export -- "$work"
quorum="$CARGO_TARGET_DIR/release/quorum"
review=$(cat "$work/review.txt")
export QUORUM_NOW=2027-03-01T09:00:00Z QUORUM_USER="Sarah Whitfield"
# The raw key (as in keychain mode, the app's default): no key derivation when opening.
q() { local db=$1; shift; "$quorum" --db "$work/$db" --no-keychain --recovery-key-file "$work/$db.key" "$@"; }

source tests/bench/median.sh

report() { printf '%-62s %6s ms   %s\n' "$1" "$2" "$(stat -c %s "$3" 2>/dev/null | numfmt --to=iec) $(pdfinfo "$3" 2>/dev/null | awk '/^Pages/{print $2" pages"}')"; }

echo "== whole processes, median of $runs (review $review)"
t=$(median_ms "$work/minutes.pdf" q minutes.db export minutes "$review" --out "$work/minutes.pdf" --sign)
report "quorum export minutes --sign (raw key)" "$t" "$work/minutes.pdf"
t=$(median_ms "$work/minutes.pdf" env QUORUM_PASSPHRASE="correct horse battery staple" "$quorum" --db "$work/minutes.db" --no-keychain export minutes "$review" --out "$work/minutes.pdf" --sign)
report "quorum export minutes --sign (passphrase: PBKDF2 256k)" "$t" "$work/minutes.pdf"
t=$(median_ms "$work/minutes.pdf" q pack.db export minutes "$review" --out "$work/minutes.pdf" --sign)
report "quorum export minutes --sign (raw key, 50 MB evidence in store)" "$t" "$work/minutes.pdf"
t=$(median_ms "$work/minutes-chromium.pdf" chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$work/minutes-chromium.pdf" "file://$work/minutes.html")
report "chromium --print-to-pdf, same minutes as HTML (unsigned)" "$t" "$work/minutes-chromium.pdf"
t=$(median_ms "$work/pack.pdf" q pack.db export pack "$review" --out "$work/pack.pdf" --sign)
report "quorum export pack --sign (50 MB evidence attached)" "$t" "$work/pack.pdf"
t=$(median_ms "$work/pack-chromium.pdf" chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$work/pack-chromium.pdf" "file://$work/pack.html")
report "chromium --print-to-pdf, same pack as HTML (no attachments)" "$t" "$work/pack-chromium.pdf"
"$quorum" verify "$work/minutes.pdf" | tail -1
"$quorum" verify "$work/pack.pdf" | tail -1
