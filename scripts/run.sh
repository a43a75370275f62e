#!/usr/bin/env bash
# One entry point for a fresh machine: brings Node >= 22.15 and the pinned pnpm from
# the npm registry when the machine's are older, installs the workspace, then runs
# `demo` (the agent turn through every adapter, ending in the live viewer) or `check`
# (typecheck, lint, publint, attw and every test, the README quick starts among them).
# Usage: bash scripts/run.sh demo [--exit] | check | bench | install
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/toolchain.sh
source "$root/scripts/toolchain.sh"
ensure_toolchain

task=${1:-check}
[ $# -gt 0 ] && shift
# The committed lockfile first; if it does not match the workspace, resolve afresh.
pnpm install --frozen-lockfile --prefer-offline ||
  { echo "agentspan: lockfile out of date, resolving" >&2; pnpm install --no-frozen-lockfile --prefer-offline; }

# System programs some tests need (Prometheus, Chromium), from Debian's packages when
# missing: one scripts/setup-<program>.sh each. The demo needs neither.
if [ "$task" = check ] || [ "$task" = bench ]; then
  for setup in "$root"/scripts/setup-*.sh; do
    [ -e "$setup" ] && bash "$setup"
  done
fi

case "$task" in
  install) ;;
  demo) pnpm run demo "$@" ;;
  check)
    status=0
    pnpm run check || status=$?
    node scripts/test-summary.mjs
    exit "$status"
    ;;
  bench) pnpm run bench ;;
  *) echo "unknown task '$task' (demo | check | bench | install)" >&2; exit 2 ;;
esac
