"""The benchmark's workloads W1-W5, in their full and quick sizes, and how one run of a
workload against one server turns into an ordercast_loadgen command line (W1-W4; W5 runs
wrk, see w5.py)."""
from dataclasses import dataclass, field
from typing import List, Optional


@dataclass
class workload:
    id: str
    title: str
    connections: int
    channels: int
    publish: str = "http"      # none | http | ws
    rate: float = 0.0          # 0 = maximum rate within the window
    warmup_s: float = 2.0
    duration_s: float = 10.0
    settle_s: float = 2.0
    window: int = 32
    publishers: int = 4
    max_backlog: int = 0       # 0 = the generator's default (window x largest channel)
    source_addrs: List[str] = field(default_factory=lambda: ["127.0.0.1"])
    key_figure: str = ""       # what the summary table shows for it


def workloads(quick: bool) -> List[workload]:
    """Full sizes are those docs/benchmarks.md reports; quick sizes keep `bench/run --quick` under
    5 minutes."""
    # Several source addresses: the generator can pass the ~28k ephemeral ports of one.
    sources = [f"127.0.0.{i}" for i in range(1, 5)]
    if quick:
        return [
            workload("W1", "memory per idle subscribed connection", 2000, 200, publish="none", settle_s=2,
                     source_addrs=sources, key_figure="bytes_per_connection"),
            workload("W2", "broadcast: one channel, maximum rate", 1000, 1, warmup_s=1, duration_s=3, window=8,
                     key_figure="deliveries_per_cpu_s"),
            workload("W3", "many channels, maximum rate", 2000, 400, warmup_s=1, duration_s=3,
                     max_backlog=20000, key_figure="deliveries_per_cpu_s"),
            workload("W4", "latency at a fixed 2,000 publishes/s", 2000, 200, rate=2000, warmup_s=1, duration_s=3,
                     key_figure="p99_us"),
        ]
    return [
        workload("W1", "memory per idle subscribed connection", 19500, 1950, publish="none", settle_s=5,
                 source_addrs=sources, key_figure="bytes_per_connection"),
        # A broadcast publish is 5,000 deliveries: a small window already keeps the server busy.
        workload("W2", "broadcast: 5,000 subscribers on one channel, maximum rate", 5000, 1, window=8,
                 key_figure="deliveries_per_cpu_s"),
        workload("W3", "10,000 subscribers on 2,000 channels, maximum rate", 10000, 2000, max_backlog=50000,
                 key_figure="deliveries_per_cpu_s"),
        workload("W4", "latency at a fixed 2,000 publishes/s, 2,000 subscribers on 200 channels", 2000, 200,
                 rate=2000, key_figure="p99_us"),
    ]


@dataclass
class rest_workload:
    """W5: durable order creates, then order reads, over ordercast's REST API with `wrk`."""
    id: str
    title: str
    connections: int           # wrk -c: keep-alive connections
    threads: int = 1           # wrk -t
    warmup_s: float = 2.0      # a wrk run of this length before each measured one
    duration_s: float = 10.0
    read_orders: int = 100     # orders created for the read phase, read in rotation
    publish: str = "rest"      # not the generator's: W5 loads over REST with wrk
    key_figure: str = "create_requests_per_s"


def rest_workloads(quick: bool) -> List[rest_workload]:
    title = "REST: durable order creates and order reads per second (wrk)"
    if quick:
        return [rest_workload("W5", title, connections=16, warmup_s=1, duration_s=3)]
    return [rest_workload("W5", title, connections=16)]


W5_PEERS = "no peer has a durable orders API"
W5_SKIPPED = "W5 skipped: only ordercast has a durable orders API (add ordercast to --servers)"


def loadgen_command(loadgen: str, w: workload, port: int, server_pid: int, dialect: str, ws_path: str,
                    token: Optional[str], json_path: str, label: str, core: int,
                    subscribe_prefix: str = "") -> List[str]:
    cmd = ["taskset", "-c", str(core), loadgen,
           "--port", str(port), "--server-pid", str(server_pid),
           "--dialect", dialect, "--ws-path", ws_path,
           "--connections", str(w.connections), "--channels", str(w.channels),
           "--source-addrs", ",".join(w.source_addrs),
           "--publish", w.publish, "--rate", str(w.rate),
           "--window", str(w.window), "--publishers", str(w.publishers),
           "--warmup", str(w.warmup_s), "--duration", str(w.duration_s), "--settle", str(w.settle_s),
           "--connect-timeout", "180", "--drain", "5",
           "--json", json_path, "--label", label]
    if w.max_backlog:
        cmd += ["--max-backlog", str(w.max_backlog)]
    if token:
        cmd += ["--token", token]
    if subscribe_prefix:
        cmd += ["--subscribe-prefix", subscribe_prefix]
    return cmd


def run_budget_s(w: workload) -> float:
    """The most one generator run may take (it enforces a tighter deadline itself)."""
    return 180 + w.settle_s + w.warmup_s + w.duration_s + 5 + 60
