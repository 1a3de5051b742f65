#!/bin/bash
# User-space instructions per W3 delivery, counted by callgrind (repeatable whatever else the
# machine is doing, unlike CPU time): 2,000 subscribers on 400 channels (5 per channel), HTTP
# publishes at a fixed RATE (default 200/s, slow enough for a server under valgrind). Counting
# is switched on after the warm-up for SECONDS_COUNTED (default 10); the server's /metrics before and
# after give the frames and publishes in that window. Not part of bench/run. Bounded: the
# generator runs SECONDS_COUNTED + 7 s. Needs valgrind.
# PROFILE=NAME starts the server with that profile (ORDERCAST_SERVER_PROFILE), mints the token
# under it and has the subscribers spell the channels as its /v1 does (cafe: for restaurant).
# Usage: [RATE=200] [SECONDS_COUNTED=10] [PROFILE=restaurant] bench/harness/w3_callgrind.sh [build dir]
set -e
B=${1:-build}
OUT=${OUT:-$(mktemp -d)}
PORT=${PORT:-18556}
RATE=${RATE:-200}
WINDOW_S=${SECONDS_COUNTED:-10}
export ORDERCAST_SERVER_HOST=127.0.0.1 ORDERCAST_SERVER_THREADS=1 ORDERCAST_AUTH_JWT_SECRET=ordercast-bench-secret-0123456789abcdef \
 ORDERCAST_LIMITS_CONNECTIONS_PER_USER=1000000 ORDERCAST_LIMITS_CONNECTIONS_PER_SITE=1000000 ORDERCAST_LIMITS_MESSAGES_PER_MINUTE=100000000 \
 ORDERCAST_LIMITS_MESSAGE_BURST=100000 ORDERCAST_LOG_LEVEL=warn
SUBSCRIBE=()
if [[ -n "${PROFILE:-}" ]]; then
  export ORDERCAST_SERVER_PROFILE=$PROFILE ORDERCAST_LIMITS_CONNECTIONS_PER_NODE=1000000
  [[ $PROFILE != restaurant ]] || SUBSCRIBE=(--subscribe-prefix cafe:b)
fi
TOKEN=$($B/ordercast token --sub bench --role admin --ttl 86400)
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=$OUT/callgrind.out \
  $B/ordercast serve --port $PORT --data-dir $OUT > $OUT/server.log 2>&1 &
SP=$!
trap 'kill $SP 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -sf localhost:$PORT/health >/dev/null 2>&1 && break; sleep 0.5; done
ulimit -n 20000
timeout 300 $B/bench/ordercast_loadgen --port $PORT --token "$TOKEN" --connections 2000 --channels 400 "${SUBSCRIBE[@]}" \
  --publish http --rate $RATE --warmup 1 --duration $((WINDOW_S + 6)) --json $OUT/r.json \
  --source-addrs 127.0.0.1 > $OUT/lg.log 2>&1 &
LG=$!
sleep 4
metric() { curl -s -H "Authorization: Bearer $TOKEN" localhost:$PORT/metrics |
  awk -v m="$1" '$1 == m { print $2 }'; }
publishes() { curl -s -H "Authorization: Bearer $TOKEN" localhost:$PORT/metrics |
  awk '/^ordercast_http_requests_total\{route="\/api\/v1\/publish"/ { s += $2 } END { print s + 0 }'; }
f0=$(metric ordercast_messages_out_total); p0=$(publishes)
callgrind_control -i on $SP >/dev/null
sleep $WINDOW_S
callgrind_control -i off $SP >/dev/null
f1=$(metric ordercast_messages_out_total); p1=$(publishes)
callgrind_control -d $SP >/dev/null
wait $LG || true
kill $SP; wait $SP 2>/dev/null || true
trap - EXIT
total=$(callgrind_annotate $OUT/callgrind.out.1 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
python3 - "$total" "$f0" "$f1" "$p0" "$p1" <<'PY'
import sys
ir, f0, f1, p0, p1 = (float(x or 0) for x in sys.argv[1:])
frames, pubs = f1 - f0, p1 - p0
print(f"instructions {ir:,.0f}; frames sent {frames:,.0f}; publishes {pubs:,.0f}")
if frames and pubs:
    print(f"instructions per delivery {ir / frames:,.0f}; per publish {ir / pubs:,.0f}")
PY
echo "results in $OUT (callgrind_annotate $OUT/callgrind.out.1)"
