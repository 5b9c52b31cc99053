#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
# Node 20 is supported (package.json engines); the SDK's notice about its own future releases is
# noise in every test process's output.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
bash scripts/setup.sh
echo "== typecheck"
npx tsc --noEmit -p tsconfig.json
# The HTML report's browser app: DOM types, its own config.
npx tsc -p src/report/html/app/tsconfig.json
echo "== tests"
npx vitest run
