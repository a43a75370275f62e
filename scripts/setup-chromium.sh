#!/usr/bin/env bash
# Installs Debian's `chromium` package when /usr/bin/chromium is missing: the viewer's
# browser tests drive it through playwright-core and never download a browser of their own.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "agentspan: /usr/bin/chromium is missing and apt-get is not available; install Chromium by hand" >&2
  exit 1
fi

# sudo only when not already root.
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "agentspan: installing chromium needs root (or sudo)" >&2
    exit 1
  fi
  as_root=(sudo)
fi

echo "agentspan: installing Debian's chromium package (viewer browser tests)" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null

if [ ! -x /usr/bin/chromium ]; then
  echo "agentspan: chromium was installed but /usr/bin/chromium is still missing" >&2
  exit 1
fi
