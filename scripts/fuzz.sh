#!/usr/bin/env bash
# Fuzzes the library with cargo-fuzz: seeds the corpora, builds the targets, runs each for
# SECONDS with a dictionary of its input's tokens (fuzz/dictionaries), and reports per target
# the inputs run, the corpus size and whether it crashed.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS defaults to 600; the targets to all of manifest_json, manifest_yaml, check and
# compose. Exits with 1 when a target crashed (its input is in fuzz/artifacts/<target>/, and
# `cargo fuzz run <target> <file>` replays it), 2 on a usage or build error.
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). Works on stable Rust: RUSTC_BOOTSTRAP=1 lets
# cargo-fuzz pass the flags it needs. Settings from the environment:
#   FUZZ_SANITIZER  cargo-fuzz's --sanitizer (default none: the library forbids unsafe code,
#                   and AddressSanitizer would halve the inputs run in the time)
#   FUZZ_MAX_LEN    the largest input, in bytes (default 65536)
#   FUZZ_NICE       the niceness the fuzzers run at (default 10)
set -uo pipefail
cd "$(dirname "$0")/.."

all_targets=(manifest_json manifest_yaml check compose)
seconds=600
if [ $# -gt 0 ]; then
  case "$1" in
    '' | *[!0-9]*) ;;
    *) seconds=$1; shift ;;
  esac
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
  case " ${all_targets[*]} " in
    *" $target "*) ;;
    *)
      echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]; targets: ${all_targets[*]}" >&2
      exit 2
      ;;
  esac
done

sanitizer=${FUZZ_SANITIZER:-none}
max_len=${FUZZ_MAX_LEN:-65536}
niceness=${FUZZ_NICE:-10}
export RUSTC_BOOTSTRAP=1
export K8S_OPENAPI_ENABLED_VERSION=${K8S_OPENAPI_ENABLED_VERSION:-1.37}

python3 fuzz/seed.py || exit 2
# One target is built alone; several, all of them at once.
build=()
[ ${#targets[@]} -eq 1 ] && build=("${targets[0]}")
(cd fuzz && cargo fuzz build --sanitizer "$sanitizer" "${build[@]}") || exit 2

logs=$(mktemp -d)
crashed=0
summary=()
for target in "${targets[@]}"; do
  log="$logs/$target.log"
  echo "== $target: fuzzing for ${seconds}s"
  start=$(date +%s)
  case $target in
    compose) dict=compose ;;
    *) dict=manifest ;;
  esac
  (cd fuzz && nice -n "$niceness" cargo fuzz run --sanitizer "$sanitizer" "$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len="$max_len" \
    -dict="$PWD/dictionaries/$dict.dict" -print_final_stats=1) >"$log" 2>&1
  status=$?
  elapsed=$(( $(date +%s) - start ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [ -n "$runs" ] || runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
  corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
  if [ $status -eq 0 ]; then
    result="no crash"
  else
    crashed=1
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    result="CRASHED (exit $status) ${artifact:-see $log}"
    grep -m1 -B2 -A12 "panicked at\|ERROR: libFuzzer" "$log" | sed 's/^/    /'
  fi
  line=$(printf '%-14s %6ss %12s runs %7s inputs in corpus   %s' \
    "$target" "$elapsed" "${runs:-?}" "$corpus" "$result")
  echo "$line"
  summary+=("$line")
done

echo
echo "== summary (logs in $logs)"
printf '%s\n' "${summary[@]}"
exit $crashed
