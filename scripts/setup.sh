#!/usr/bin/env bash
# Installs everything guardrail's demo, tests and benchmark need, from the package registries only.
# Idempotent: re-running it is cheap when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # npm ci installs exactly the lock. It refuses a lock that lacks optional platform packages the
  # registry mirror here does not serve (rollup's non-Linux binaries); npm install then installs the
  # same locked versions and leaves the lock as it is.
  if ! npm ci --no-audit --no-fund --loglevel=error 2>/tmp/guardrail-npm-ci.log; then
    echo "setup: npm ci refused the lock file (see /tmp/guardrail-npm-ci.log); installing the locked versions with npm install" >&2
    npm install --no-audit --no-fund --loglevel=error
  fi
fi

# The AWS emulator, pinned, in a project-local virtualenv.
want=$(grep -E '^moto' requirements-dev.txt)
if [ ! -x .venv/bin/python ] || ! .venv/bin/pip freeze 2>/dev/null | grep -q "^moto==${want##*==}$"; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
fi

npm run --silent build
