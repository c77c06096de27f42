#!/usr/bin/env bash
# Soak: kill -9 `quorum` at random points during mixed writes (action add, a progress note,
# minutes, evidence add, import into a fresh store, backup, JSON export), then check that
# nothing committed was lost (the audit trail never shrinks), that verify-store stays clean,
# and that no temporary file is left once the same commands have run again. Not part of CI:
#
#   cargo build --release -p quorum-cli
#   tests/soak/kill.sh [ROUNDS]              # default 1000
#   tests/soak/kill.sh --disk-full [ROUNDS]  # and the disk fills up at random points
#
# With --disk-full the whole run is inside a private mount namespace (`unshare -Urm`, no root)
# on a 96 MiB tmpfs; before a round, one time in two, a filler file leaves 0-400 KiB free.
# A command that then stops on its own must say "no space left" (any other error fails the
# round); the filler goes before the checks. QUORUM=path/to/quorum overrides the binary.
# Ends with "N passed, N failed".
set -u
DISK_FULL=0
if [ "${1:-}" = "--disk-full" ]; then DISK_FULL=1; shift; fi
ROUNDS=${1:-1000}
QUORUM=${QUORUM:-${CARGO_TARGET_DIR:-target}/release/quorum}
[ -x "$QUORUM" ] || { echo "no quorum binary at $QUORUM: cargo build --release -p quorum-cli" >&2; exit 2; }
QUORUM=$(realpath "$QUORUM")
if [ "$DISK_FULL" = 1 ] && [ -z "${QUORUM_SOAK_TMPFS:-}" ]; then
  # What the commands say goes outside the tmpfs, where there is room to say it.
  LOGS=$(mktemp -d)
  trap 'rm -rf "$LOGS"' EXIT
  unshare -Urm env QUORUM="$QUORUM" QUORUM_SOAK_TMPFS="$LOGS" bash -c \
    'd=$(mktemp -d) && mount -t tmpfs -o size=96m tmpfs "$d" && TMPDIR="$d" exec bash "$0" --disk-full "$1"' "$0" "$ROUNDS"
  exit
fi
WORK=$(mktemp -d)
LOGS=${QUORUM_SOAK_TMPFS:-$WORK}
trap 'rm -rf "$WORK"' EXIT
export QUORUM_NOW="2027-03-01T09:00:00Z" QUORUM_USER="Soak"
DB="$WORK/soak.db"
QUORUM_PASSPHRASE="correct horse battery staple" "$QUORUM" --db "$DB" --no-keychain demo --key passphrase >/dev/null || exit 1
QUORUM_PASSPHRASE="correct horse battery staple" "$QUORUM" --db "$DB" --no-keychain --json recovery-key \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["recoveryKey"])' > "$WORK/recovery.key"
# The recovery key is a raw key: no key derivation per command, so rounds stay short.
q() { local db=$1; shift; "$QUORUM" --db "$db" --no-keychain --recovery-key-file "$WORK/recovery.key" "$@"; }
REVIEW=$(q "$DB" --json review list | python3 -c 'import json,sys; print([r["reference"] for r in json.load(sys.stdin) if r["status"]=="planned"][0])')
read -r ACTION OWNER < <(q "$DB" --json action list | python3 -c 'import json,sys; a=[a for a in json.load(sys.stdin)["actions"] if a["status"] in ("open","in_progress")][0]; print(a["reference"], a["owner"]["email"])')
head -c 300000 /dev/urandom > "$WORK/evidence.bin"
q "$DB" export json --out "$WORK/export.json" >/dev/null
events() { q "$1" --json status | python3 -c 'import json,sys; print(dict(json.load(sys.stdin)["tables"])["audit_events"])'; }
# Leaves 0-400 KiB free on the tmpfs.
fill_disk() {
  local free
  free=$(df --output=avail -B1 "$WORK" | tail -1)
  fallocate -l $((free - RANDOM % 400 * 1024)) "$WORK/filler" 2>/dev/null || head -c $((free - 65536)) /dev/zero > "$WORK/filler" 2>/dev/null
}
full_rounds=0 full_refusals=0
passed=0 failed=0
before=$(events "$DB")
for round in $(seq 1 "$ROUNDS"); do
  db=$DB
  case $((RANDOM % 7)) in
    0) cmd=(action add "Soak round $round" --source improvement --owner "$OWNER" --target 2027-12-31) ;;
    1) cmd=(action update "$ACTION" --note "note $round") ;;
    2) cmd=(evidence add "$WORK/evidence.bin" --review "$REVIEW") ;;
    3) cmd=(agenda notes "$REVIEW" 1 --text "minutes of round $round") ;;
    4) cmd=(backup --out "$WORK/backup.qbk") ;;
    5) cmd=(export json --out "$WORK/again.json") ;;
    6) db="$WORK/import.db"; rm -f "$db" "$db"-*
       QUORUM_PASSPHRASE="correct horse battery staple" "$QUORUM" --db "$db" --no-keychain init --org Import --key passphrase >/dev/null
       cmd=(import json "$WORK/export.json") ;;
  esac
  full=0
  if [ "$DISK_FULL" = 1 ] && [ $((RANDOM % 2)) = 0 ]; then full=1; full_rounds=$((full_rounds + 1)); fill_disk; fi
  # The binary itself in the background (not a function or subshell), so kill -9 hits it.
  if [ "$db" = "$DB" ]; then key=(--recovery-key-file "$WORK/recovery.key"); else key=(); fi
  QUORUM_PASSPHRASE="correct horse battery staple" "$QUORUM" --db "$db" --no-keychain "${key[@]}" "${cmd[@]}" >/dev/null 2>"$LOGS/stderr" &
  pid=$!
  sleep "0.$((RANDOM % 300 + 10))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  status=$?
  rm -f "$WORK/filler"
  ok=1
  # 137: killed. Anything else but success is the command's own refusal, which on a full disk
  # must say so.
  if [ "$full" = 1 ] && [ "$status" != 0 ] && [ "$status" != 137 ]; then
    if grep -q "no space left" "$LOGS/stderr"; then full_refusals=$((full_refusals + 1)); else
      echo "round $round: ${cmd[*]} on a full disk ended with status $status and said: $(head -c 300 "$LOGS/stderr")" >&2; ok=0; fi
  fi
  if [ "$db" = "$DB" ]; then
    q "$DB" verify-store >/dev/null 2>&1 || { echo "round $round: verify-store failed after ${cmd[*]}" >&2; ok=0; }
    now=$(events "$DB") || now=0
    [ "$now" -ge "$before" ] || { echo "round $round: audit events fell from $before to $now" >&2; ok=0; }
    before=$now
  else
    # An import is all or nothing: the store holds the whole file or only what init made.
    n=$(QUORUM_PASSPHRASE="correct horse battery staple" "$QUORUM" --db "$db" --no-keychain --json status | python3 -c 'import json,sys; print(dict(json.load(sys.stdin)["tables"]).get("actions", 0))')
    [ "$n" = 0 ] || [ "$n" -gt 10 ] || { echo "round $round: a killed import left $n actions" >&2; ok=0; }
  fi
  rm -f "$WORK/backup.qbk" "$WORK/again.json"
  if [ "$ok" = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
# The next run of the same commands clears what killed ones left.
q "$DB" backup --out "$WORK/backup.qbk" >/dev/null && q "$DB" export json --out "$WORK/again.json" >/dev/null
leftover=$(find "$WORK" -maxdepth 1 \( -name '*.backup-*.tmp*' -o -name '.*.writing' \) | wc -l)
echo "leftover temporary files after the commands ran again: $leftover"
[ "$leftover" = 0 ] || failed=$((failed + 1))
[ "$DISK_FULL" = 1 ] && echo "rounds on a full disk: $full_rounds, of which refused with \"no space left\": $full_refusals"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
