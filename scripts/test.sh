#!/usr/bin/env bash
# npm test: type-check everything, then run jest in one process (the suite shares one set of servers started
# by test/global-setup.ts). Extra arguments go to jest, e.g. `npm test -- test/infra`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-deps.sh
npx tsc --noEmit
npx jest --runInBand "$@"
