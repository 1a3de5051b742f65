#!/bin/bash
# A W3-shaped run (2,000 subscribers on 400 channels, HTTP publishes at maximum rate) for
# profiling by hand, not part of bench/run. WIN sets the in-flight publish window (default 64);
# PERF=1 records a 4 s `perf record -g` of the server into $OUT/perf.data; STRACE=1 counts
# the server's system calls for 5 s into $OUT/strace.txt. Bounded: the generator runs 9 s.
# Usage: [WIN=512] [PERF=1] [STRACE=1] bench/harness/w3_profile.sh [build dir]
set -e
B=${1:-build}
OUT=${OUT:-$(mktemp -d)}
PORT=${PORT:-18555}
export ORDERCAST_SERVER_HOST=127.0.0.1 ORDERCAST_SERVER_THREADS=1 ORDERCAST_AUTH_JWT_SECRET=ordercast-bench-secret-0123456789abcdef \
 ORDERCAST_LIMITS_CONNECTIONS_PER_USER=1000000 ORDERCAST_LIMITS_CONNECTIONS_PER_SITE=1000000 ORDERCAST_LIMITS_MESSAGES_PER_MINUTE=100000000 \
 ORDERCAST_LIMITS_MESSAGE_BURST=100000 ORDERCAST_LOG_LEVEL=warn
TOKEN=$($B/ordercast token --sub bench --role admin --ttl 86400)
$B/ordercast serve --port $PORT --data-dir $OUT > $OUT/server.log 2>&1 &
SP=$!
sleep 1
ulimit -n 20000
timeout 120 $B/bench/ordercast_loadgen --port $PORT --server-pid $SP --token "$TOKEN" --connections 2000 --channels 400 \
  --publish http --window ${WIN:-64} --warmup 1 --duration 8 --json $OUT/r.json --source-addrs 127.0.0.1 > $OUT/lg.log 2>&1 &
LG=$!
sleep 6
if [ -n "$STRACE" ]; then timeout 5 strace -c -f -p $SP -o $OUT/strace.txt || true; fi
if [ -n "$PERF" ]; then timeout 4 perf record -g -o $OUT/perf.data -p $SP >/dev/null 2>&1 || true; fi
wait $LG || true
kill $SP; wait $SP || true
python3 -c "import json;r=json.load(open('$OUT/r.json'));print({k:r[k] for k in r if k in ('deliveries_per_s','publishes_per_s','deliveries_per_cpu_s','server_user_s','server_sys_s')})"
if [ -n "$STRACE" ]; then head -25 $OUT/strace.txt; fi
echo "results in $OUT"
