"""W5: durable order creates per second and order reads per second, over ordercast's REST API,
measured with wrk (Debian's `wrk`) pinned to the load core.

One W5 run starts a fresh ordercast (fresh data directory: a new SQLite file, WAL,
synchronous=FULL) and runs two phases on it, each a warm-up wrk run and then a measured one:
  create  POST /api/v1/orders (w5_create.lua); every answer must be 201, and afterwards the
          store must hold at least as many orders as wrk counted 201s (`ordercast db status`),
          so every create it counted was a committed write;
  read    GET /api/v1/orders/{id} over orders created beforehand with urllib (w5_read.lua);
          every answer must be 200.
The token reaches wrk's scripts through ORDERCAST_BENCH_TOKEN, never its command line.
"""
import json
import os
import re
import subprocess
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List, Tuple

import machine
import servers
import workloads as wl

HARNESS = Path(__file__).resolve().parent
CREATE_SCRIPT = HARNESS / "w5_create.lua"
READ_SCRIPT = HARNESS / "w5_read.lua"
ORDER_BODY = (HARNESS / "w5_order.json").read_bytes()
TOKEN_ENV = "ORDERCAST_BENCH_TOKEN"
IDS_ENV = "W5_ORDER_IDS"
RESULT_LINE = re.compile(r"^W5_RESULT (\{.*\})$", re.M)
NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
SOCKET_ERRORS = re.compile(r"Socket errors: (.*)")
PHASES = ("create", "read")
# Figures of each phase that are medians across repetitions (prefixed "create_" / "read_").
PHASE_FIELDS = ["requests_per_s", "requests", "p50_us", "p90_us", "p99_us", "max_us", "server_user_s",
                "server_sys_s", "requests_per_cpu_s", "server_cpu_util", "wrk_cpu_util", "steal_pct",
                "other_cpu_pct"]
MEDIAN_FIELDS = [f"{p}_{f}" for p in PHASES for f in PHASE_FIELDS] + \
    ["orders_in_store", "creates_answered", "steal_pct", "other_cpu_pct"]


@dataclass
class wrk_output:
    """What one wrk run reported: its W5_RESULT line (w5_common.lua) and its own error lines."""
    requests: int
    duration_s: float
    statuses: Dict[int, int]
    p50_us: float
    p90_us: float
    p99_us: float
    max_us: float
    socket_errors: Dict[str, int]
    non_2xx_3xx: int            # wrk's "Non-2xx or 3xx responses" line (it counts statuses >= 400)
    socket_error_line: str = ""

    @property
    def requests_per_s(self) -> float:
        return self.requests / self.duration_s if self.duration_s > 0 else 0.0


@dataclass
class phase_figures:
    """One measured wrk run of a phase and the server's CPU time over it."""
    requests_per_s: float
    requests: int
    p50_us: float
    p90_us: float
    p99_us: float
    max_us: float
    server_user_s: float
    server_sys_s: float
    requests_per_cpu_s: float
    server_cpu_util: float     # share of one core
    wrk_cpu_util: float        # share of one core: near 1 means wrk, not the server, was the limit
    steal_pct: float
    other_cpu_pct: float
    commands: List[str] = field(default_factory=list)


class w5_failure(RuntimeError):
    """A W5 run that cannot be counted; the message says why."""


def wrk_command(script: Path, url: str, w: wl.rest_workload, duration_s: float, core: int) -> List[str]:
    return ["taskset", "-c", str(core), "wrk", f"-t{w.threads}", f"-c{w.connections}", f"-d{duration_s:g}s",
            "--latency", "-s", str(script), url]


def shown_command(cmd: List[str], env: Dict[str, str]) -> str:
    """The command as the report prints it: the token as $TOKEN, the order ids elided."""
    shown = {TOKEN_ENV: "$TOKEN", IDS_ENV: "<ids of the orders created for the read phase>"}
    prefix = " ".join(f"{k}={shown.get(k, v)}" for k, v in env.items())
    return f"{prefix} {' '.join(cmd)}"


def parse_wrk(stdout: str) -> wrk_output:
    m = RESULT_LINE.search(stdout)
    if not m:
        raise w5_failure(f"wrk printed no W5_RESULT line: {stdout.strip()[-300:]}")
    r = json.loads(m.group(1))
    non_2xx = NON_2XX.search(stdout)
    socket_line = SOCKET_ERRORS.search(stdout)
    return wrk_output(requests=r["requests"], duration_s=r["duration_us"] / 1e6,
                      statuses={int(k): v for k, v in r["statuses"].items()},
                      p50_us=r["p50_us"], p90_us=r["p90_us"], p99_us=r["p99_us"], max_us=r["max_us"],
                      socket_errors={k: v for k, v in r["errors"].items() if k != "status"},
                      non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
                      socket_error_line=socket_line.group(1).strip() if socket_line else "")


def check_statuses(out: wrk_output, expected: int, what: str) -> None:
    """Every answer must be `expected`, and wrk must have seen no error at all."""
    if out.non_2xx_3xx:
        raise w5_failure(f"{what}: wrk counted {out.non_2xx_3xx} non-2xx or 3xx responses "
                         f"(statuses {out.statuses}); see the server log")
    others = {s: n for s, n in out.statuses.items() if s != expected}
    if others:
        raise w5_failure(f"{what}: {sum(others.values())} answers were not {expected}: {others}")
    if any(out.socket_errors.values()):
        raise w5_failure(f"{what}: wrk socket errors: {out.socket_error_line or out.socket_errors}")
    if not out.requests:
        raise w5_failure(f"{what}: wrk completed no request")


def run_wrk(cmd: List[str], env: Dict[str, str], duration_s: float, log) -> wrk_output:
    try:
        done = subprocess.run(cmd, env=dict(os.environ, **env), capture_output=True, text=True,
                              timeout=duration_s + 60)
    except subprocess.TimeoutExpired:
        raise w5_failure(f"wrk did not finish within {duration_s + 60:.0f} s")
    log.write(f"$ {shown_command(cmd, env)}\n{done.stdout}{done.stderr}\n")
    if done.returncode != 0:
        raise w5_failure(f"wrk exit {done.returncode}: {done.stderr.strip()[:300]}")
    return parse_wrk(done.stdout)


def measured_wrk(cmd: List[str], env: Dict[str, str], w: wl.rest_workload, server_pid: int,
                 log) -> Tuple[wrk_output, phase_figures]:
    """One wrk run with the server's user/system CPU, wrk's own CPU, steal and other load
    read around it."""
    window = machine.cpu_window.start(server_pid)
    user0, sys0 = machine.process_cpu_split(server_pid)
    wrk0 = machine.children_cpu_s()
    out = run_wrk(cmd, env, w.duration_s, log)
    wrk_s = machine.children_cpu_s() - wrk0
    user1, sys1 = machine.process_cpu_split(server_pid)
    disturbance = window.finish()
    user_s, sys_s = (user1 - user0) * machine.TICK, (sys1 - sys0) * machine.TICK
    cpu_s = user_s + sys_s
    return out, phase_figures(
        requests_per_s=out.requests_per_s, requests=out.requests, p50_us=out.p50_us, p90_us=out.p90_us,
        p99_us=out.p99_us, max_us=out.max_us, server_user_s=user_s, server_sys_s=sys_s,
        requests_per_cpu_s=out.requests / cpu_s if cpu_s > 0 else 0.0,
        server_cpu_util=cpu_s / out.duration_s if out.duration_s else 0.0,
        wrk_cpu_util=wrk_s / out.duration_s if out.duration_s else 0.0,
        steal_pct=disturbance["run_steal_pct"], other_cpu_pct=disturbance["run_other_cpu_pct"])


def phase(script: Path, url: str, env: Dict[str, str], expected: int, what: str, w: wl.rest_workload,
          server_pid: int, core: int, log) -> Tuple[int, phase_figures]:
    """A warm-up wrk run, then the measured one; both must answer `expected` only. Returns the
    answers of both runs together and the measured run's figures."""
    warmup_cmd = wrk_command(script, url, w, w.warmup_s, core)
    warmup = run_wrk(warmup_cmd, env, w.warmup_s, log)
    check_statuses(warmup, expected, f"{what} warm-up")
    cmd = wrk_command(script, url, w, w.duration_s, core)
    out, figures = measured_wrk(cmd, env, w, server_pid, log)
    check_statuses(out, expected, what)
    figures.commands = [shown_command(warmup_cmd, env), shown_command(cmd, env)]
    return warmup.requests + out.requests, figures


def create_order(port: int, token: str) -> str:
    """One order over the REST API, as the read phase's data; returns its id."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/orders", data=ORDER_BODY, method="POST",
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as answer:
            status, body = answer.status, answer.read()
    except urllib.error.HTTPError as e:
        status, body = e.code, e.read()
    if status != 201:
        raise w5_failure(f"creating a read-phase order answered {status}: {body[:300]!r}")
    return json.loads(body)["id"]


def orders_in_store(ordercast_bin: Path, data_dir: str) -> int:
    """The order count of the server's SQLite file, read by `ordercast db status` (another
    process, so only committed orders count)."""
    out = subprocess.run([str(ordercast_bin), "db", "status", "--data-dir", data_dir],
                         env=dict(os.environ, **servers.ordercast_env()), capture_output=True, text=True,
                         timeout=60)
    m = re.search(r"^orders:\s+(\d+)", out.stdout, re.M)
    if out.returncode != 0 or not m:
        raise w5_failure(f"`ordercast db status` failed: {(out.stderr or out.stdout).strip()[:300]}")
    return int(m.group(1))


def filesystem_of(path: str) -> str:
    out = subprocess.run(["df", "--output=fstype", path], capture_output=True, text=True, timeout=20)
    lines = out.stdout.split()
    return lines[-1] if out.returncode == 0 and len(lines) > 1 else "unknown"


def flat(prefix: str, figures: phase_figures) -> Dict:
    return {f"{prefix}_{k}": v for k, v in asdict(figures).items() if k != "commands"}


def run_once(spec: servers.server_spec, w: wl.rest_workload, token: str, ordercast_bin: Path, results_dir: Path,
             tag: str, core_server: int, core_load: int) -> Dict:
    """One W5 run on a fresh server: the create phase, the store check, the read phase."""
    with servers.running_server(spec, core_server, results_dir, tag) as srv, \
            open(results_dir / f"{tag}.wrk.log", "w") as log:
        base = f"http://127.0.0.1:{srv.port}"
        env = {TOKEN_ENV: token}
        answered, create = phase(CREATE_SCRIPT, f"{base}/api/v1/orders", env, 201, "create", w, srv.pid,
                                 core_load, log)
        stored = orders_in_store(ordercast_bin, srv.data_dir.name)
        if stored < answered:
            raise w5_failure(f"the store holds {stored} orders but wrk counted {answered} answers 201: "
                             "creates were acknowledged and not written")
        ids = [create_order(srv.port, token) for _ in range(w.read_orders)]
        _, read = phase(READ_SCRIPT, f"{base}/", dict(env, **{IDS_ENV: ",".join(ids)}), 200, "read", w,
                        srv.pid, core_load, log)
        filesystem = filesystem_of(srv.data_dir.name)
        server_command = " ".join(srv.command)
    r = {**flat("create", create), **flat("read", read), "orders_in_store": stored, "creates_answered": answered,
         "data_filesystem": filesystem, "command": "\n".join(create.commands + read.commands),
         "server_command": server_command}
    # The run's disturbance is its worse phase's (bench.py repeats disturbed runs).
    r["steal_pct"] = max(create.steal_pct, read.steal_pct)
    r["other_cpu_pct"] = max(create.other_cpu_pct, read.other_cpu_pct)
    return r
