#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== typecheck"
npx tsc --noEmit -p tsconfig.json
echo "== tests"
npx vitest run
