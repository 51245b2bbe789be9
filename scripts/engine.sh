#!/usr/bin/env bash
# npm start: the whole engine on this machine (see scripts/engine.ts).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-deps.sh
# node --import tsx rather than the tsx CLI: one process, so Ctrl-C reaches the runner once, not relayed twice.
exec node --import tsx scripts/engine.ts "$@"
