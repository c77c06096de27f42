# Sourced by the bench scripts (they set $runs).
# Median wall time in milliseconds of RUNS runs of a command; OUT is removed before each.
median_ms() {
  local out=$1; shift
  local times=()
  for _ in $(seq "$runs"); do
    rm -f "$out"
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}
