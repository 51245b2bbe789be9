#!/usr/bin/env bash
# Makes sure node_modules and the local servers are installed; cheap when they already are, so every entry
# point (npm start, npm test, demo) runs it first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[ensure-deps] %s\n' "$*" >&2; }
fail() { printf '[ensure-deps] FAILED: %s\n' "$*" >&2; exit 1; }

# npm rewrites node_modules/.package-lock.json on every install, so its age says when node_modules was last
# synced; the node_modules directory's own mtime does not change when only nested packages do.
stamp=node_modules/.package-lock.json
if [ -f package-lock.json ]; then
  if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
    log "node_modules missing or older than package-lock.json: npm ci"
    npm ci --no-audit --no-fund || fail "npm ci (see the npm output above)"
  fi
elif [ ! -d node_modules ] || [ package.json -nt node_modules ]; then
  log "no package-lock.json: npm install"
  npm install --no-audit --no-fund || fail "npm install (see the npm output above)"
fi

# A patch added or changed after node_modules was installed (postinstall applies them on install).
for patch in patches/*.patch; do
  if [ -f "$stamp" ] && [ "$patch" -nt "$stamp" ]; then
    log "$patch is newer than node_modules: npx patch-package"
    npx patch-package || fail "npx patch-package (see its output above)"
    touch "$stamp"
    break
  fi
done

bash scripts/install-tools.sh || fail "bash scripts/install-tools.sh (see its output above)"
