#!/bin/bash
# Prints a callgrind file's instruction total and the part of it spent in V8's optimising
# compiler (compiler::), which is not per-turn work but may still run in a counted window.
# Usage: bash callgrind-totals.sh <callgrind.out>   (used by the benches' instructions.sh)
set -euo pipefail
total=$(grep -E '^totals:' "$1" | awk '{print $2}')
compiler=$(callgrind_annotate --inclusive=no --threshold=100 "$1" 2>/dev/null |
  awk '/compiler::/ { gsub(",", "", $1); s += $1 } END { print s + 0 }')
echo "$total $compiler"
