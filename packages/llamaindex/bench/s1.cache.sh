#!/bin/bash
# Cache misses per S1 turn in each mode, with callgrind's cache model set to this CPU's
# private levels (I1 and D1 32 KB 8-way, L2 1 MB 8-way as the "LL" level): a turn touches
# more code and data than L2 holds, so code run once per turn misses L2 on most of its
# lines, and these misses (not the instruction count) are where CPU time and the count part.
# Callgrind's default model takes the VM's reported L3 (here 256 MB direct-mapped): do not
# use it. The long warm-up lets V8 tier the once-per-turn code up as a long-running app
# would. TurboFan's own work (it recompiles throughout, in every mode) is shown apart.
# usage: bench/s1.cache.sh [turns=200] [warmup=8000] [modes="none raw agentspan"]   (minutes)
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-200}; warmup=${2:-8000}; modes=${3:-none raw agentspan}
out=${COUNT_OUT:-$(mktemp -d)}
cache="--I1=32768,8,64 --D1=32768,8,64 --LL=1048576,8,64"
for mode in $modes; do
  valgrind --tool=callgrind --cache-sim=yes $cache --instr-atstart=no --callgrind-out-file="$out/$mode.cg" \
    node --expose-gc --single-threaded --predictable-gc-schedule s1.count.mjs "$mode" "$warmup" "$n" >"$out/$mode.log" 2>&1 &
done
wait
printf '%-10s %12s %10s %10s %10s %10s   (per turn, without TurboFan)\n' mode Ir I1mr L2-code L2-read L2-write
declare -A ir l2
for mode in $modes; do
  read -r _ i i1 c r w < <(callgrind_annotate --inclusive=no --threshold=100 --show=Ir,I1mr,ILmr,DLmr,DLmw "$out/$mode.cg" 2>/dev/null |
    awk -v n="$n" -v mode="$mode" '
      /PROGRAM TOTALS/ || !/\(/ { next }
      /compiler::/ { next }
      {
        k = 0
        for (i = 1; i <= NF && k < 5; i++) {
          if ($i == ".") { v[++k] = 0; continue }
          if ($i ~ /^[0-9,]+$/ && $(i + 1) ~ /^\(/) { gsub(",", "", $i); v[++k] = $i }
        }
        if (k == 5) for (j = 1; j <= 5; j++) s[j] += v[j]
      }
      END { printf "%s %d %d %d %d %d\n", mode, s[1] / n, s[2] / n, s[3] / n, s[4] / n, s[5] / n }')
  ir[$mode]=$i; l2[$mode]=$((c + r + w))
  printf '%-10s %12d %10d %10d %10d %10d\n' "$mode" "$i" "$i1" "$c" "$r" "$w"
done
if [[ -n "${ir[none]:-}" && -n "${ir[raw]:-}" && -n "${ir[agentspan]:-}" ]]; then
  awk -v a="${l2[agentspan]}" -v r="${l2[raw]}" -v z="${l2[none]}" -v ai="${ir[agentspan]}" -v ri="${ir[raw]}" -v zi="${ir[none]}" \
    'BEGIN { printf "overhead vs the floor: L2 misses %.2f (raw +%d, agentspan +%d), instructions %.2f\n", (a - z) / (r - z), r - z, a - z, (ai - zi) / (ri - zi) }'
fi
