#!/usr/bin/env bash
# Prometheus and promtool for the operations kit's tests (ops/): `promtool test rules`
# and the real-Prometheus integration test. Installs Debian's `prometheus` package when
# either program is missing; never starts the system service (the tests start their own).
set -euo pipefail

if command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "agentspan: promtool/prometheus missing and apt-get is not available; install Prometheus 2.x by hand" >&2
  exit 1
fi

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)

# policy-rc.d exit code 101 = "action forbidden": the package's postinst must not start
# the daemon. Only written when no policy exists yet, and removed afterwards.
policy=/usr/sbin/policy-rc.d
own_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
  "${as_root[@]}" chmod +x "$policy"
  own_policy=true
fi
cleanup() { if $own_policy; then "${as_root[@]}" rm -f "$policy"; fi; }
trap cleanup EXIT

echo "agentspan: installing Debian's prometheus package (prometheus, promtool)" >&2
# Another set-up script may be installing at the same time: wait for dpkg's lock.
# apt's output is shown only when it fails.
apt=(env DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=600)
quietly() {
  local output
  output=$("$@" 2>&1) || { printf '%s\n' "$output" >&2; echo "agentspan: failed: $*" >&2; exit 1; }
}
quietly "${as_root[@]}" "${apt[@]}" update
quietly "${as_root[@]}" "${apt[@]}" install -y --no-install-recommends prometheus

command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 || {
  echo "agentspan: prometheus package installed but promtool/prometheus not on PATH" >&2
  exit 1
}
