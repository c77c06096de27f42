# Sourced by the bench scripts (they set $runs).
# Median wall time in milliseconds of RUNS runs of a command. OUT, the file the command
# writes, is removed before each run; "-" when it writes none. (Never a device: run as
# root, `rm -f /dev/null` replaced the device with a plain file and broke every build.)
median_ms() {
  local out=$1; shift
  case "$out" in
    -) ;;
    /dev/*) echo "median_ms: give - for a command that writes no file, not $out" >&2; return 2 ;;
  esac
  local times=()
  for _ in $(seq "$runs"); do
    if [ "$out" != - ]; then rm -f "$out"; fi
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}
