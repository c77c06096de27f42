#!/usr/bin/env bash
# Ten years of a busy organisation (about 40 scheduled and 10 ad hoc reviews, 300 people,
# 20,000 actions with their histories, 5,000 evidence files, over 100,000 audit events),
# built through core's own write paths; the hot reads timed in process on it and on an
# unencrypted copy, then the CLI as whole processes. Run from the repository root on an
# idle machine:
#   bash tests/bench/scale.sh [RUNS] [DIR]
# DIR keeps the store between runs (building it takes minutes); default $HOME/.cache/quorum/scale.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-15}
dir=${2:-$HOME/.cache/quorum/scale}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/quorum/target}"
mkdir -p "$dir"

cargo build --release --locked -p quorum-cli
echo "== in process (cargo bench), median of $runs"
cargo bench --locked -p quorum-core --bench scale -- "$dir" "$runs"
quorum="$CARGO_TARGET_DIR/release/quorum"
review=$(cat "$dir/review.txt")
export QUORUM_NOW=2026-12-01T09:00:00Z QUORUM_USER="ISMS Lead"
q() { "$quorum" --db "$dir/scale.db" --no-keychain --recovery-key-file "$dir/scale.db.key" "$@"; }

source tests/bench/median.sh

row() { printf '%-58s %6s ms   %s\n' "$1" "$2" "$3"; }
verdict() { if [ "$1" -le "$2" ]; then echo "meets ≤$2 ms"; else echo "MISSES ≤$2 ms"; fi; }

echo "== whole processes, median of $runs (review $review)"
t=$(median_ms "$dir/minutes.pdf" q export minutes "$review" --out "$dir/minutes.pdf" --sign)
row "quorum export minutes --sign (raw key)" "$t" "$(verdict "$t" 150)"
q verify-store >/dev/null || { echo "verify-store failed on the scale store"; exit 1; }
t=$(median_ms /dev/null q status --json)
row "quorum status --json" "$t" ""
t=$(median_ms /dev/null q action list --overdue --json)
row "quorum action list --overdue --json (every overdue row)" "$t" ""
t=$(median_ms /dev/null q review show "$review" --json)
row "quorum review show --json" "$t" ""
t=$(median_ms /dev/null q check "$review" --json)
row "quorum check --json" "$t" ""
t=$(median_ms /dev/null q metrics --json)
row "quorum metrics --json" "$t" ""
t=$(median_ms /dev/null q verify-store)
row "quorum verify-store" "$t" ""
"$quorum" verify "$dir/minutes.pdf" | tail -1
