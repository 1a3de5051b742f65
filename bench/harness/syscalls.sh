#!/bin/bash
# System calls per publish of a server under a W2- or W3-shaped load, counted with perf's
# syscall tracepoints over 4 s in the middle of the run: sends per delivery, reads and answer
# writes per HTTP publish, loop polls per publish. SYSCALLS='syscalls:sys_enter_*' counts
# every one. RECORD=1 instead records a 4 s `perf record -g` of the server and prints where its
# time goes per delivery (µs per delivery by binary and by symbol: comparable between servers
# and runs whatever their throughput). Server on core 0, generator on core 1, as in bench/run.
# Not part of bench/run. Bounded: the generator runs 10 s. Needs perf.
# Usage: [RECORD=1] bench/harness/syscalls.sh W2|W3 [PEER ...]
#   PEER: a command that serves node_ws.js's contract on /ws at port $PORT (default 18600),
#   e.g. '/tmp/uws/peer/uws_peer --port 18600'; without it, build/ordercast on /v1.
set -e
W=${1:?W2 or W3}
shift
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
PORT=${PORT:-18600}
case $W in
  W2) SHAPE="--connections 5000 --channels 1 --window 8" ;;
  W3) SHAPE="--connections 10000 --channels 2000 --window 32 --max-backlog 50000" ;;
  *) echo "usage: $0 W2|W3 [PEER ...]" >&2; exit 2 ;;
esac
export ORDERCAST_SERVER_HOST=127.0.0.1 ORDERCAST_SERVER_THREADS=1 ORDERCAST_AUTH_JWT_SECRET=ordercast-bench-secret-0123456789abcdef \
 ORDERCAST_LIMITS_CONNECTIONS_PER_USER=1000000 ORDERCAST_LIMITS_CONNECTIONS_PER_SITE=1000000 ORDERCAST_LIMITS_MESSAGES_PER_MINUTE=100000000 \
 ORDERCAST_LIMITS_MESSAGE_BURST=100000 ORDERCAST_LOG_LEVEL=warn
TOKEN=$($B/ordercast token --sub bench --role admin --ttl 86400)
if [ $# -gt 0 ]; then
  taskset -c 0 "$@" > $OUT/server.log 2>&1 & SP=$!; WS_PATH=/ws
else
  taskset -c 0 $B/ordercast serve --port $PORT --data-dir $OUT > $OUT/server.log 2>&1 & SP=$!; WS_PATH=/v1
fi
trap 'kill $SP 2>/dev/null || true' EXIT
for _ in $(seq 40); do (echo > /dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.25; done
ulimit -n 20000
timeout 120 taskset -c 1 $B/bench/ordercast_loadgen --port $PORT --server-pid $SP --token "$TOKEN" --ws-path $WS_PATH \
  $SHAPE --publish http --publishers 4 --warmup 2 --duration 8 --json $OUT/r.json \
  --source-addrs 127.0.0.1,127.0.0.2 > $OUT/lg.log 2>&1 &
LG=$!
sleep 6
if [ -n "$RECORD" ]; then
  perf record -o $OUT/perf.data -F 4999 -g -p $SP -- sleep 4 2> $OUT/record.log
  wait $LG || true
  perf report -i $OUT/perf.data --no-children -g none --sort dso,sym --stdio -F sample,dso,sym 2> /dev/null > $OUT/symbols.txt
  python3 - $OUT/r.json $OUT/symbols.txt <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
us_per_sample = 1e6 / 4999 / (r["deliveries_per_s"] * 4)  # perf's 4 s at the generator's steady rate
by_dso, by_sym = {}, []
for line in open(sys.argv[2]):
    f = line.split()
    if len(f) < 4 or not f[0].isdigit():
        continue
    us = int(f[0]) * us_per_sample
    by_dso[f[1]] = by_dso.get(f[1], 0) + us
    by_sym.append((us, f[1], " ".join(f[3:])[:100]))
print(f"deliveries/s {r['deliveries_per_s']:,.0f}; per server CPU-s {r['deliveries_per_cpu_s']:,.0f}")
print(f"µs per delivery: total {sum(by_dso.values()):.3f}")
for dso, us in sorted(by_dso.items(), key=lambda kv: -kv[1])[:8]:
    print(f"  {us:6.3f}  {dso}")
for us, dso, sym in sorted(by_sym, reverse=True)[:40]:
    print(f"  {us:6.3f}  {dso[:20]:<20} {sym}")
PY
  echo "results in $OUT"
  exit 0
fi
perf stat -x, -e "${SYSCALLS:-syscalls:sys_enter_sendmsg,syscalls:sys_enter_sendto,syscalls:sys_enter_writev,syscalls:sys_enter_recvfrom,syscalls:sys_enter_read,syscalls:sys_enter_epoll_wait}" \
  -p $SP -- sleep 4 2> $OUT/perf.csv
wait $LG || true
python3 - $OUT/r.json $OUT/perf.csv <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
pubs = r["publishes_per_s"] * 4  # the generator's steady rate over perf's 4 s
dels = r["deliveries_per_s"] * 4
print(f"deliveries/s {r['deliveries_per_s']:,.0f}; per server CPU-s {r['deliveries_per_cpu_s']:,.0f}; publishes/s {r['publishes_per_s']:,.0f}")
for line in open(sys.argv[2]):
    f = line.strip().split(",")
    if len(f) > 2 and f[0].isdigit() and int(f[0]) > 0:
        n = int(f[0])
        print(f"{f[2].split(':')[1]:<22} {n:>9,}  per publish {n / pubs:6.2f}  per delivery {n / dels:5.2f}")
PY
echo "results in $OUT"
