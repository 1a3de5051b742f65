#!/bin/bash
# A W4-shaped run (2,000 subscribers on 200 channels, 2,000 HTTP publishes/s, server pinned to
# core 0, generator to core 1) for profiling latency by hand; not part of bench/run. Prints the
# generator's summary and the server's own publish-to-write histogram (/metrics).
# PERF=1 records 4 s of `perf record -g`; STRACE=1 writes 1 s of `strace -tt` (syscall order).
# Usage: [DUR=10] [PERF=1] [STRACE=1] bench/harness/w4_profile.sh [build dir]
B=${1:-build}
OUT=$(mktemp -d)
export ORDERCAST_SERVER_HOST=127.0.0.1 ORDERCAST_SERVER_THREADS=1 ORDERCAST_AUTH_JWT_SECRET=ordercast-bench-secret-0123456789abcdef \
 ORDERCAST_LIMITS_CONNECTIONS_PER_USER=1000000 ORDERCAST_LIMITS_CONNECTIONS_PER_SITE=1000000 ORDERCAST_LIMITS_MESSAGES_PER_MINUTE=100000000 \
 ORDERCAST_LIMITS_MESSAGE_BURST=100000 ORDERCAST_LOG_LEVEL=warn
TOKEN=$($B/ordercast token --sub bench --role admin --ttl 86400)
taskset -c 0 $B/ordercast serve --port 18556 --data-dir $OUT > $OUT/server.log 2>&1 &
SP=$!
sleep 1
ulimit -n 20000
taskset -c 1 timeout 120 $B/bench/ordercast_loadgen --port 18556 --server-pid $SP --token "$TOKEN" --connections 2000 --channels 200 \
  --publish http --rate 2000 --warmup 2 --duration ${DUR:-10} --json $OUT/r.json --source-addrs 127.0.0.1 $EXTRA > $OUT/lg.log 2>&1 &
LG=$!
if [ -n "$PERF" ]; then sleep 5; perf record -g -o $OUT/perf.data -p $SP -- sleep 4 >/dev/null 2>&1; fi
if [ -n "$STRACE" ]; then sleep 5; timeout 1 strace -tt -f -p $SP -o $OUT/strace.txt; fi
wait $LG
curl -s http://127.0.0.1:18556/metrics | grep -E "publish_to_write" > $OUT/metrics.txt
kill $SP; wait $SP
tail -5 $OUT/lg.log
cat $OUT/metrics.txt
echo "results in $OUT"
