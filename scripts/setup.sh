#!/usr/bin/env bash
# Installs everything guardrail's demo, tests and benchmark need, from the package registries only.
# Idempotent: re-running it is cheap when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # Exactly the locked versions. (package.json pins rollup through "overrides" to a release whose
  # platform packages all exist in the registry, so the lock is complete and npm ci accepts it.)
  npm ci --no-audit --no-fund --loglevel=error
fi

# The AWS emulator, pinned, in a project-local virtualenv.
want=$(grep -E '^moto' requirements-dev.txt)
if [ ! -x .venv/bin/python ] || ! .venv/bin/pip freeze 2>/dev/null | grep -q "^moto==${want##*==}$"; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
fi

# Headless Chromium for the HTML report's browser tests, the benchmark and --format pdf: Debian's
# package (never a browser download). Installed only when missing; needs root, as CI and the dev
# machines have.
if [ ! -x /usr/bin/chromium ] && [ -z "${GUARDRAIL_CHROMIUM:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing chromium (Debian package) for the HTML report tests"
    (apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y --no-install-recommends chromium >/dev/null; })
  else
    echo "warning: /usr/bin/chromium is missing and cannot be installed here (not root or no apt-get): the HTML browser tests will fail; install Debian's chromium package or set GUARDRAIL_CHROMIUM" >&2
  fi
fi

# visudo (Debian's sudo package) for the Linux user-sync script's tests, which validate sudoers
# drop-ins with the real visudo inside a private mount namespace (never the machine's own accounts).
if ! command -v visudo >/dev/null && [ ! -x /usr/sbin/visudo ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing sudo (Debian package) for visudo"
    (apt-get install -y --no-install-recommends sudo >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y --no-install-recommends sudo >/dev/null; })
  else
    echo "warning: visudo is missing and cannot be installed here (not root or no apt-get): the user-sync script tests will fail" >&2
  fi
fi

npm run --silent build
