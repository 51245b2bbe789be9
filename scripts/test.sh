#!/usr/bin/env bash
# npm test: check formatting and lint (Biome), type-check everything, then run jest in one process (the suite shares one set of servers started
# by test/global-setup.ts). Extra arguments go to jest, e.g. `npm test -- test/infra`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-deps.sh
# Formatting and lint first: a formatting slip fails in a second, not after the servers have started.
npx biome ci --reporter=summary .
npx tsc --noEmit
npx jest --runInBand "$@"
