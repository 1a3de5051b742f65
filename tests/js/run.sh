#!/usr/bin/env bash
# Runs the JS client suite against $ORDERCAST_BIN: the /v1 suite (*.test.mjs) and the seeds'
# own clients (seeds/*.test.mjs). Installs the pinned `ws` and `wscat` from package-lock.json
# first (node_modules is never committed).
set -euo pipefail
cd "$(dirname "$0")"
if [[ -z "${ORDERCAST_BIN:-}" ]]; then
  echo "ORDERCAST_BIN is not set: point it at the ordercast binary" >&2
  exit 1
fi
# Reinstall only when node_modules does not hold exactly the locked version of every
# dependency (ws; wscat for seed 001's session).
if ! node -e 'const fs = require("fs");
  const lock = JSON.parse(fs.readFileSync("package-lock.json")).packages;
  const deps = Object.keys(JSON.parse(fs.readFileSync("package.json")).dependencies);
  const ok = deps.every((d) => lock["node_modules/" + d].version ===
    JSON.parse(fs.readFileSync("node_modules/" + d + "/package.json")).version);
  process.exit(ok ? 0 : 1)' 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node --test --test-concurrency=1 --test-timeout=60000 ./*.test.mjs seeds/*.test.mjs
