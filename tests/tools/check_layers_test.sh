#!/usr/bin/env bash
# The layer check must fail on an include that points upward and pass without it: a copy of
# the real rules and a small tree of modules, checked clean, then with one bad include added
# at a time (net -> api, domain -> session, cli -> protocol), then with a module it has no rule for.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
check=$here/../../scripts/check_layers
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp "$here/../../src/layers.txt" "$work/"
mkdir -p "$work/core" "$work/net/websocket" "$work/net" "$work/api" "$work/domain" "$work/session" "$work/cli" "$work/protocol"
echo '#include <string>' > "$work/core/clock.hpp"
echo '#include "core/clock.hpp"' > "$work/net/websocket/frame.hpp"
printf '#include "net/websocket/frame.hpp"\n#include "session/session.hpp"\n' > "$work/net/worker.cpp"
echo '#include "core/clock.hpp"' > "$work/session/session.hpp"
echo '#include "net/worker.hpp"' > "$work/api/router.hpp"
echo '#include "core/clock.hpp"' > "$work/domain/order.hpp"
echo '#include "net/websocket/frame.hpp"' > "$work/cli/ws_client.cpp"
echo '#include "core/clock.hpp"' > "$work/protocol/dialect.hpp"

fail() { echo "FAIL: $*" >&2; exit 1; }

"$check" "$work" >/dev/null || fail "a clean tree was refused: $("$check" "$work")"

expect_refused() {  # file, include line, what the report must name
    local file=$1 line=$2 want=$3 out
    cp "$work/$file" "$work/$file.orig"
    echo "$line" >> "$work/$file"
    if out=$("$check" "$work"); then fail "$file with '$line' passed the check"; fi
    grep -qF "$want" <<<"$out" || fail "the report does not name '$want': $out"
    mv "$work/$file.orig" "$work/$file"
}
expect_refused net/worker.cpp '#include "api/router.hpp"' 'net -> api'
expect_refused domain/order.hpp '#include "session/session.hpp"' 'domain -> session'
expect_refused cli/ws_client.cpp '#include "protocol/dialect.hpp"' 'cli -> protocol'
expect_refused net/websocket/frame.hpp '#include "net/worker.hpp"' 'net/websocket -> net'

mkdir -p "$work/gadgets"; echo '#include "core/clock.hpp"' > "$work/gadgets/x.hpp"
if out=$("$check" "$work"); then fail "a module without a rule passed"; fi
grep -qF "module 'gadgets' has no line" <<<"$out" || fail "unexpected report: $out"
# docs/coding-style.md shows the rules: its copy must be the file's, line for line.
rules=$(grep -v '^#' "$here/../../src/layers.txt" | sed '/^$/d')
shown=$(sed -n '/^  ```$/,/^  ```$/p' "$here/../../docs/coding-style.md" | sed '1d;$d;s/^  //')
[[ "$rules" == "$shown" ]] || fail "docs/coding-style.md shows other layer rules than src/layers.txt:
$(diff <(echo "$rules") <(echo "$shown"))"
echo "check_layers refuses every upward include it was shown, and the docs show its rules"
