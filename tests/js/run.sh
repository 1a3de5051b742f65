#!/usr/bin/env bash
# Runs the JS client suite against $ORDERCAST_BIN: the /v1 suite (*.test.mjs) and the seeds'
# own clients (seeds/*.test.mjs). Needs no network: scripts/setup installs the pinned packages
# of package-lock.json (node_modules is never committed).
set -euo pipefail
cd "$(dirname "$0")"
if [[ -z "${ORDERCAST_BIN:-}" ]]; then
  echo "ORDERCAST_BIN is not set: point it at the ordercast binary" >&2
  exit 1
fi
# The packages come from scripts/setup (npm ci against package-lock.json); the tests run
# offline. Refuse clearly rather than reach for the registry here.
if ! node "$(pwd)/check_installed.mjs"; then
  echo "tests/js: node_modules does not hold the locked packages; run scripts/setup first" >&2
  exit 1
fi
exec node --test --test-concurrency=1 --test-timeout=60000 ./*.test.mjs seeds/*.test.mjs
