#!/usr/bin/env bash
# Runs the JS client suite against $ORDERCAST_BIN. Installs the pinned `ws` from
# package-lock.json first (node_modules is never committed).
set -euo pipefail
cd "$(dirname "$0")"
if [[ -z "${ORDERCAST_BIN:-}" ]]; then
  echo "ORDERCAST_BIN is not set: point it at the ordercast binary" >&2
  exit 1
fi
# Reinstall only when node_modules does not hold exactly the locked version.
if ! node -e 'const fs = require("fs");
  const want = JSON.parse(fs.readFileSync("package-lock.json")).packages["node_modules/ws"].version;
  const have = JSON.parse(fs.readFileSync("node_modules/ws/package.json")).version;
  process.exit(want === have ? 0 : 1)' 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node --test --test-concurrency=1 --test-timeout=30000
