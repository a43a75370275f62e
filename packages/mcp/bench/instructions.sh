#!/bin/bash
# Instruction counts per tools/call of each mode of mcp.bench.mjs, with callgrind: repeatable
# whatever the machine's load (core/bench/instructions.sh's method). Each mode runs twice, N
# and 2N counted calls; per call = (count(2N) - count(N)) / N without V8's optimising
# compiler's share. The tracing cost of a mode is its count minus the untraced one's.
# Usage: bash bench/instructions.sh [N=500]   (needs valgrind and a built dist; minutes)
set -euo pipefail
cd "$(dirname "$0")"
N=${1:-500}
WARMUP=${BENCH_WARMUP:-3000}
totals=../../core/bench/callgrind-totals.sh
out=$(mktemp -d)
count() { # mode calls
  BENCH_WARMUP=$WARMUP BENCH_ONLY=$1 BENCH_CALLS=$2 BENCH_CALLGRIND=1 valgrind --tool=callgrind --instr-atstart=no \
    --callgrind-out-file="$out/cg-$2" node --single-threaded --predictable-gc-schedule --expose-gc mcp.bench.mjs \
    >/dev/null 2>"$out/log-$2"
  bash "$totals" "$out/cg-$2"
}
declare -A per
# SIDES=client|server|'client server' (default both): which sides to count, beside the untraced call.
SIDES=${SIDES:-client server}
modes=(untraced)
for side in $SIDES; do modes+=("$side, by hand" "$side, @agentspan/mcp"); done
for mode in "${modes[@]}"; do
  read -r one cone <<<"$(count "$mode" "$N")"
  read -r two ctwo <<<"$(count "$mode" $((2 * N)))"
  per[$mode]=$(( (two - one - (ctwo - cone)) / N ))
  echo "$mode: ${per[$mode]} instructions per call"
done
for side in $SIDES; do
  awk -v b="${per[untraced]}" -v f="${per[$side, by hand]}" -v o="${per[$side, @agentspan/mcp]}" -v s="$side" \
    'BEGIN { printf "%s: tracing cost %d (by hand) vs %d (@agentspan/mcp) instructions per call: %.2fx\n", s, f - b, o - b, (o - b) / (f - b) }'
done
rm -rf "$out"
