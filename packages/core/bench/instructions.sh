#!/bin/bash
# Instruction counts per S1 turn of the core and of the raw-OTel floor (the turns of
# core.bench.mjs), with callgrind: repeatable whatever the machine's load. Each mode runs
# twice, N and 2N measured turns; per turn = (count(2N) - count(N)) / N (the ratio leaves
# out the optimising compiler's work: a transient, not per-turn work). Node runs
# single-threaded with a predictable GC schedule so that the counts repeat.
# Usage: bash bench/instructions.sh [N=2000]   (needs valgrind and a built dist; minutes)
set -euo pipefail
cd "$(dirname "$0")"
N=${1:-2000}
# A long warm-up: the optimizing compiler must be done before counting starts.
WARMUP=${BENCH_WARMUP:-20000}
# CG_OUT=<dir>: keep the callgrind files there (for callgrind_annotate).
out=${CG_OUT:-$(mktemp -d)}
mkdir -p "$out"
count() { # mode turns
  BENCH_WARMUP=$WARMUP BENCH_ONLY=$1 BENCH_TURNS=$2 BENCH_CALLGRIND=1 valgrind --tool=callgrind --instr-atstart=no \
    --callgrind-out-file="$out/$1-$2.cg" node --single-threaded --predictable-gc-schedule --expose-gc core.bench.mjs \
    >/dev/null 2>"$out/$1-$2.log"
  bash callgrind-totals.sh "$out/$1-$2.cg"
}
declare -A per
for mode in floor core; do
  read -r one cone <<<"$(count "$mode" "$N")"
  read -r two ctwo <<<"$(count "$mode" $((2 * N)))"
  per[$mode]=$(( (two - one - (ctwo - cone)) / N ))
  echo "$mode: $(( (two - one) / N )) instructions per turn, ${per[$mode]} without the optimising compiler's"
done
awk -v c="${per[core]}" -v f="${per[floor]}" 'BEGIN { printf "ratio %.2fx the floor\n", c / f }'
[[ -n "${CG_OUT:-}" ]] || rm -rf "$out"
