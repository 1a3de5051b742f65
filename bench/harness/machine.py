"""What the report says about the machine, and the /proc readings the harness takes around
each run: hypervisor steal, CPU used by other processes, and waiting for a quiet machine."""
import os
import platform
import resource
import subprocess
import time
from dataclasses import dataclass
from typing import Dict, Tuple

TICK = 1.0 / os.sysconf("SC_CLK_TCK")


def _run(argv) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def machine_cpu() -> Tuple[int, int, int]:
    """(busy, steal, total) ticks of /proc/stat's aggregate line. busy counts user, nice, system,
    irq and softirq: a process's utime+stime include the interrupt work done in its context."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:9]]
    return sum(fields[0:3]) + fields[5] + fields[6], fields[7], sum(fields)


def process_cpu_split(pid: int) -> Tuple[int, int]:
    """(utime, stime) ticks of a live process, (0, 0) when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            rest = f.read().rsplit(")", 1)[1].split()
        return int(rest[11]), int(rest[12])
    except (OSError, IndexError, ValueError):
        return 0, 0


def process_cpu_ticks(pid: int) -> int:
    """utime + stime of a live process, 0 when it is gone."""
    return sum(process_cpu_split(pid))


def children_cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


@dataclass
class cpu_window:
    """Machine readings across one run: steal, and CPU time of processes other than the
    server and the generator (a build, a test suite), both as % of the machine's time."""
    busy0: int
    steal0: int
    total0: int
    server0: int
    children0: float
    server_pid: int

    @staticmethod
    def start(server_pid: int) -> "cpu_window":
        busy, steal, total = machine_cpu()
        return cpu_window(busy, steal, total, process_cpu_ticks(server_pid), children_cpu_s(), server_pid)

    def finish(self) -> Dict[str, float]:
        busy, steal, total = machine_cpu()
        d_total = max(1, total - self.total0)
        ours_s = (process_cpu_ticks(self.server_pid) - self.server0) * TICK + (children_cpu_s() - self.children0)
        other_s = max(0.0, (busy - self.busy0) * TICK - ours_s)
        return {"run_steal_pct": 100.0 * (steal - self.steal0) / d_total,
                "run_other_cpu_pct": 100.0 * other_s / (d_total * TICK)}


def wait_until_quiet(max_wait_s: float = 60.0, busy_limit_pct: float = 10.0) -> Tuple[float, float]:
    """Waits until the machine is at most `busy_limit_pct` busy over half a second, at most
    `max_wait_s`. Returns (seconds waited, last busy %)."""
    start = time.monotonic()
    busy_pct = 100.0
    while True:
        b0, _, t0 = machine_cpu()
        time.sleep(0.5)
        b1, _, t1 = machine_cpu()
        busy_pct = 100.0 * (b1 - b0) / max(1, t1 - t0)
        waited = time.monotonic() - start
        if busy_pct <= busy_limit_pct or waited >= max_wait_s:
            return waited, busy_pct
        time.sleep(1.0)


def describe_machine(repo) -> Dict[str, str]:
    def version(argv):
        out = _run(argv)
        return out.splitlines()[0] if out else "not found"

    node_pkgs = {}
    for pkg in ("ws", "socket.io"):
        p = repo / "bench" / "peers" / "node_modules" / pkg / "package.json"
        try:
            import json
            node_pkgs[pkg] = json.loads(p.read_text())["version"]
        except (OSError, ValueError, KeyError):
            node_pkgs[pkg] = "not installed"
    py = "/usr/bin/python3"
    py_versions = _run([py, "-c", "import fastapi, uvicorn, websockets; "
                        "import importlib.util as u; "
                        "print(fastapi.__version__, uvicorn.__version__, websockets.__version__, "
                        "'uvloop' if u.find_spec('uvloop') else 'asyncio', "
                        "'httptools' if u.find_spec('httptools') else 'h11')"]).split()
    while len(py_versions) < 5:
        py_versions.append("?")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        ports = f.read().split()
    return {
        "lscpu": _run(["lscpu"]),
        "kernel": platform.release(),
        "uname": _run(["uname", "-a"]),
        "memory": _run(["free", "-h"]).splitlines()[1] if _run(["free", "-h"]) else "",
        "cpus": str(os.cpu_count()),
        "fd_hard_limit": str(hard),
        "ephemeral_ports": f"{ports[0]}-{ports[1]} ({int(ports[1]) - int(ports[0]) + 1} per source address)",
        "cpuidle": _run(["cat", "/sys/devices/system/cpu/cpuidle/current_driver"]) or "unknown",
        "gcc": version(["g++", "--version"]),
        "node": version(["node", "--version"]),
        "ws": node_pkgs["ws"],
        "socket.io": node_pkgs["socket.io"],
        "python": version([py, "--version"]),
        "fastapi": py_versions[0], "uvicorn": py_versions[1], "websockets": py_versions[2],
        "uvicorn_loop": py_versions[3], "uvicorn_http": py_versions[4],
        "git_commit": _run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"]) or "unknown",
        "git_dirty": "yes" if _run(["git", "-C", str(repo), "status", "--porcelain"]) else "no",
    }
