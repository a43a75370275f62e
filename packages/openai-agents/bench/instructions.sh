#!/bin/bash
# Instruction counts per turn of the bench's modes (none, floor, agentspan), with callgrind:
# repeatable whatever the machine's load, unlike CPU time. Each mode runs twice, with N and
# 2N measured turns (counting is on for the measured turns only, see BENCH_CALLGRIND in
# s1.bench.mjs); instructions per turn = (count(2N) - count(N)) / N, which cancels what does
# not scale with turns; the ratio uses the counts without the optimising compiler's work (a
# transient, not per-turn work). Node runs single-threaded with a predictable GC schedule.
# Usage: bash bench/instructions.sh [N=300]   (needs valgrind; slow: minutes per mode)
set -euo pipefail
cd "$(dirname "$0")"
N=${1:-300}
WARMUP=${BENCH_WARMUP:-6000}
out=${CG_OUT:-$(mktemp -d)}
mkdir -p "$out"
count() { # mode turns
  BENCH_WARMUP=$WARMUP BENCH_CALLGRIND=1 valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out/$1-$2.cg" \
    node --single-threaded --predictable-gc-schedule --expose-gc s1.bench.mjs "$1" "$2" >/dev/null 2>"$out/$1-$2.log"
  bash ../../core/bench/callgrind-totals.sh "$out/$1-$2.cg"
}
declare -A per
for mode in none floor agentspan; do
  read -r one cone <<<"$(count "$mode" "$N")"
  read -r two ctwo <<<"$(count "$mode" $((2 * N)))"
  per[$mode]=$(( (two - one - (ctwo - cone)) / N ))
  echo "$mode: $(( (two - one) / N )) instructions per turn, ${per[$mode]} without the optimising compiler's"
done
awk -v n="${per[none]}" -v f="${per[floor]}" -v a="${per[agentspan]}" \
  'BEGIN { printf "floor +%d, agentspan +%d per turn over no tracing: ratio %.2fx\n", f - n, a - n, (a - n) / (f - n) }'
[[ -n "${CG_OUT:-}" ]] || rm -rf "$out"
