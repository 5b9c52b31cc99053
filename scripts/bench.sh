#!/usr/bin/env bash
# The organization-scan benchmark (bench/run.ts). Arguments pass through, e.g.
#   npm run bench -- --sizes 25x10,25x100,100x100 --regions us-east-1,eu-west-1 --concurrency 16
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
exec node --import tsx bench/run.ts "$@"
