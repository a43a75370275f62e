#!/bin/bash
# Instructions per S1 turn in each mode, counted by callgrind (repeatable on a loaded
# machine, where CPU time is not), and the overhead ratio (agentspan − none) / (raw − none).
# V8 runs single-threaded with a fixed GC schedule, so that GC and compiler work is all
# counted and lands at the same points every run (two runs agree within 0.1%).
# usage: bench/s1.count.sh [turns=300] [warmup=1500] [modes="none raw agentspan"]
# BENCH_DIST=<path to an index.js> counts another build of this package (an A/B).
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-300}; warmup=${2:-1500}; modes=${3:-none raw agentspan}
out=${COUNT_OUT:-$(mktemp -d)}
flags=${NODE_FLAGS:---single-threaded --predictable-gc-schedule}
for mode in $modes; do
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out/$mode.cg" \
    node --expose-gc $flags s1.count.mjs "$mode" "$warmup" "$n" >"$out/$mode.log" 2>&1 &
done
wait
declare -A ir
for mode in $modes; do
  total=$(grep -E '^totals:' "$out/$mode.cg" | awk '{print $2}')
  ir[$mode]=$((total / n))
  echo "$mode: ${ir[$mode]} instructions/turn"
done
if [[ -n "${ir[none]:-}" && -n "${ir[raw]:-}" && -n "${ir[agentspan]:-}" ]]; then
  awk -v a="${ir[agentspan]}" -v r="${ir[raw]}" -v z="${ir[none]}" \
    'BEGIN { printf "overhead: raw +%d, agentspan +%d, ratio %.2f\n", r - z, a - z, (a - z) / (r - z) }'
fi
