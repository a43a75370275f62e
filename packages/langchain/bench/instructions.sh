#!/bin/bash
# Instruction counts per turn of the bench's micro modes (replay, replay-noop, raw,
# core-same), with callgrind: repeatable whatever the machine's load, unlike CPU time.
# Each mode runs twice, with N and 2N measured turns (counting is on for the measured
# turns only, see BENCH_CALLGRIND in langchain.bench.mjs); instructions per turn =
# (count(2N) - count(N)) / N, which cancels what does not scale with turns; the ratio uses
# the counts without the optimising compiler's work (a transient, not per-turn work). Node runs
# single-threaded with a predictable GC schedule: no background compiler or marker
# threads, so the counts repeat run to run.
# Usage: bash bench/instructions.sh [N=500] [modes...]   (needs valgrind; slow: minutes per run)
set -euo pipefail
cd "$(dirname "$0")"
N=${1:-500}
# A long warm-up: the optimizing compiler must be done before counting starts.
WARMUP=${BENCH_WARMUP:-10000}
shift || true
MODES=${*:-replay replay-noop raw core-same}
# CG_OUT=<dir>: keep the callgrind files there (for callgrind_annotate).
out=${CG_OUT:-$(mktemp -d)}
mkdir -p "$out"
count() { # mode turns
  BENCH_WARMUP=$WARMUP BENCH_CALLGRIND=1 valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out/$1-$2.cg" \
    node --single-threaded --predictable-gc-schedule --expose-gc langchain.bench.mjs "$1" "$2" 0 >/dev/null 2>"$out/$1-$2.log"
  bash ../../core/bench/callgrind-totals.sh "$out/$1-$2.cg"
}
declare -A per
for mode in $MODES; do
  read -r one cone <<<"$(count "$mode" "$N")"
  read -r two ctwo <<<"$(count "$mode" $((2 * N)))"
  per[$mode]=$(( (two - one - (ctwo - cone)) / N ))
  echo "$mode: $(( (two - one) / N )) instructions per turn, ${per[$mode]} without the optimising compiler's"
done
if [[ -n "${per[replay]:-}" && -n "${per[replay-noop]:-}" && -n "${per[raw]:-}" ]]; then
  awk -v r="${per[replay]}" -v n="${per[replay-noop]}" -v f="${per[raw]}" \
    'BEGIN { printf "handler overhead (replay - replay-noop): %d; floor: %d; ratio %.2fx\n", r - n, f, (r - n) / f }'
fi
[[ -n "${CG_OUT:-}" ]] || rm -rf "$out"
