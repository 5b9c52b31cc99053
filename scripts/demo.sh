#!/usr/bin/env bash
# The demo: installs what is missing (npm deps, the pinned emulator, the build), starts the AWS
# emulator, seeds a demo organization, scans it with guardrail and writes guardrail-report/findings.json.
# Needs only Node 20+, npm, Python 3 and pip. The emulator is always stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node --import tsx tools/demo/run.ts
