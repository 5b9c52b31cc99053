#!/usr/bin/env bash
# The benchmark: the organization scan (bench/run.ts; arguments pass through, e.g.
#   npm run bench -- --sizes 25x10,25x100,100x100 --regions us-east-1,eu-west-1 --concurrency 16),
# then the reports at 100,000 findings: every output format (bench/report-outputs.ts) and the HTML
# report in headless Chromium (bench/html-report.ts), the control reports, the user sync, and the
# access map of a 100-account organization (bench/access-map.ts). GUARDRAIL_BENCH_FINDINGS changes that size.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
node --import tsx bench/run.ts "$@"
echo
node --import tsx bench/report-outputs.ts --findings "${GUARDRAIL_BENCH_FINDINGS:-100000}"
echo
node --import tsx bench/html-report.ts --findings "${GUARDRAIL_BENCH_FINDINGS:-100000}"
echo
node --import tsx bench/isms-report.ts --findings "${GUARDRAIL_BENCH_FINDINGS:-100000}"
echo
node --import tsx bench/user-sync.ts --users "${GUARDRAIL_BENCH_SYNC_USERS:-1000}"
echo
node --import tsx bench/access-map.ts
