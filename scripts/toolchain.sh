# Pinned toolchain, sourced by scripts/run.sh. The machine may have only Node 20 and
# npm: Node and pnpm are both npm packages, so they install into .tools/ from the registry.
NODE_PIN=22.23.3
PNPM_PIN=10.34.9

node_is_recent() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=15)?0:1)'
}

ensure_toolchain() {
  local bin="$root/.tools/node_modules/.bin"
  # npm reads its global npmrc under the prefix of the Node that runs it: under the pinned
  # Node that is .tools/, so the machine's own (a cafile, a registry, a proxy) would be lost
  # for every npm the tests start. Keep pointing at the machine's.
  if [ -z "${NPM_CONFIG_GLOBALCONFIG:-}" ] && command -v npm >/dev/null 2>&1; then
    local global
    global=$(npm config get globalconfig 2>/dev/null || true)
    [ -f "$global" ] && export NPM_CONFIG_GLOBALCONFIG="$global"
  fi
  local pkgs=()
  if ! node_is_recent && [ "$("$bin/node" --version 2>/dev/null)" != "v$NODE_PIN" ]; then
    pkgs+=("node@$NODE_PIN")
  fi
  [ "$("$bin/pnpm" --version 2>/dev/null)" = "$PNPM_PIN" ] || pkgs+=("pnpm@$PNPM_PIN")
  if [ ${#pkgs[@]} -gt 0 ]; then
    echo "agentspan: installing ${pkgs[*]} into .tools/" >&2
    mkdir -p "$root/.tools"
    [ -f "$root/.tools/package.json" ] || echo '{"private":true}' >"$root/.tools/package.json"
    npm install --prefix "$root/.tools" --no-audit --no-fund --loglevel=error "${pkgs[@]}" >&2
  fi
  export PATH="$bin:$root/node_modules/.bin:$PATH"
  node_is_recent || { echo "agentspan: Node >= 22.15 is required and could not be installed" >&2; exit 1; }
}
