"""The servers under test: how to start each one, pinned to its core, and stop it.

Every server listens on 127.0.0.1 with port 0 and prints its port when ready; the harness
reads it from the server's stdout. A server that is not ready within its start timeout, or
that exits, is reported with its stderr so the person running the bench knows what to fix.
"""
import os
import re
import resource
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

READY = re.compile(r"listening on http://127\.0\.0\.1:(\d+)")
# A JWT secret for the benchmark only; the server never leaves loopback.
BENCH_SECRET = "ordercast-bench-secret-0123456789abcdef"


@dataclass
class server_spec:
    name: str           # short id used in file names and tables
    title: str          # what the report calls it
    command: List[str]  # argv; "{data_dir}" is replaced by a fresh temporary directory
    ws_path: str
    dialect: str = "v1"
    env: Dict[str, str] = field(default_factory=dict)
    needs_token: bool = False
    hand_built: bool = False  # added with --extra-peer: not reproducible from a clean checkout
    profile: str = ""           # ordercast started with --ordercast-profile: its server.profile
    subscribe_prefix: str = ""  # how subscribers spell the channels, when not as the publish API


def ordercast_env() -> Dict[str, str]:
    return {
        "ORDERCAST_SERVER_HOST": "127.0.0.1",
        "ORDERCAST_SERVER_THREADS": "1",
        "ORDERCAST_AUTH_JWT_SECRET": BENCH_SECRET,
        "ORDERCAST_LIMITS_CONNECTIONS_PER_USER": "1000000",
        "ORDERCAST_LIMITS_CONNECTIONS_PER_SITE": "1000000",
        "ORDERCAST_LIMITS_MESSAGES_PER_MINUTE": "100000000",
        "ORDERCAST_LIMITS_MESSAGE_BURST": "100000",
        "ORDERCAST_LOG_LEVEL": "warn",
    }


def all_servers(repo: Path, ordercast_bin: Path) -> List[server_spec]:
    peers = repo / "bench" / "peers"
    return [
        server_spec("ordercast", "ordercast", [str(ordercast_bin), "serve", "--port", "0", "--data-dir", "{data_dir}"],
                    "/v1", env=ordercast_env(), needs_token=True),
        server_spec("node_ws", "Node.js ws", ["node", str(peers / "node_ws.js"), "--port", "0"], "/ws"),
        server_spec("socketio", "Socket.IO", ["node", str(peers / "socketio.js"), "--port", "0"],
                    "/socket.io/?EIO=4&transport=websocket", dialect="socketio"),
        server_spec("fastapi", "FastAPI + uvicorn", ["/usr/bin/python3", str(peers / "fastapi_peer.py"), "--port", "0"],
                    "/ws"),
    ]


# How a profile's /v1 spells the bench's site:bN:general channels, where it differs from the
# publish API's canonical names (the restaurant dialect calls a site a cafe).
PROFILE_SUBSCRIBE_PREFIX = {"restaurant": "cafe:b"}


def ordercast_profile(ordercast_bin: Path, profile: str) -> server_spec:
    """`--ordercast-profile NAME`: ordercast again, started with ORDERCAST_SERVER_PROFILE=NAME,
    so a profile's dialect on /v1 is measured beside the canonical one in the same sitting.
    The bench's lifted limits still apply (the environment overrides a profile), the node's
    connection limit included; the token is minted under the profile, with its issuer's claim
    names."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", profile):
        raise ValueError(f"--ordercast-profile {profile!r}: a profile name, e.g. restaurant")
    env = dict(ordercast_env(), ORDERCAST_SERVER_PROFILE=profile,
               ORDERCAST_LIMITS_CONNECTIONS_PER_NODE="1000000")
    return server_spec(f"ordercast_{profile}", f"ordercast, {profile} profile",
                       [str(ordercast_bin), "serve", "--port", "0", "--data-dir", "{data_dir}"], "/v1",
                       env=env, needs_token=True, profile=profile,
                       subscribe_prefix=PROFILE_SUBSCRIBE_PREFIX.get(profile, ""))


def extra_peer(text: str) -> server_spec:
    """`--extra-peer NAME=COMMAND`: a peer that is not installed by bench/run (no Debian or npm
    package), run under the same conditions and speaking node_ws.js's contract on /ws."""
    name, sep, command = text.partition("=")
    argv = shlex.split(command)
    if not sep or not name or not argv:
        raise ValueError(f"--extra-peer {text!r}: write NAME=COMMAND, e.g. "
                         "'uWebSockets=/tmp/uws/peer --port 0'")
    if not Path(argv[0]).exists() and shutil.which(argv[0]) is None:
        raise ValueError(f"--extra-peer {name}: {argv[0]} not found")
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return server_spec(slug, name, argv, "/ws", hand_built=True)


def mint_token(ordercast_bin: Path, profile: str = "") -> str:
    """An admin token for the benchmark secret (admin may subscribe anywhere and publish), with
    the claim names of `profile`'s issuer when one is given."""
    env = dict(os.environ, **ordercast_env())
    if profile:
        env["ORDERCAST_SERVER_PROFILE"] = profile
    out = subprocess.run([str(ordercast_bin), "token", "--sub", "bench", "--role", "admin", "--ttl", "86400"],
                         env=env, capture_output=True, text=True, timeout=30)
    if out.returncode != 0 or not out.stdout.strip():
        raise RuntimeError(f"B_TOKEN: `ordercast token` failed ({out.stderr.strip()}); build ordercast and retry")
    return out.stdout.strip()


def raise_fd_limit() -> None:
    """Runs in the child before exec: the soft descriptor limit up to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class running_server:
    """One started server process, pinned with taskset. Use as a context manager."""

    def __init__(self, spec: server_spec, core: int, log_dir: Path, tag: str, start_timeout: float = 30.0):
        self.spec = spec
        self.core = core
        self.log_path = log_dir / f"{tag}.server.log"
        self.start_timeout = start_timeout
        self.proc: Optional[subprocess.Popen] = None
        self.port = 0
        self.data_dir: Optional[tempfile.TemporaryDirectory] = None
        self.command: List[str] = []

    def __enter__(self) -> "running_server":
        self.data_dir = tempfile.TemporaryDirectory(prefix=f"bench-{self.spec.name}-")
        argv = [a.replace("{data_dir}", self.data_dir.name) for a in self.spec.command]
        self.command = ["taskset", "-c", str(self.core)] + argv
        env = dict(os.environ, **self.spec.env)
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(self.command, env=env, stdout=subprocess.PIPE, stderr=self.log,
                                     preexec_fn=raise_fd_limit)
        deadline = time.monotonic() + self.start_timeout
        fd = self.proc.stdout.fileno()
        os.set_blocking(fd, False)
        seen = ""
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                seen += os.read(fd, 4096).decode(errors="replace")
            except BlockingIOError:
                pass
            m = READY.search(seen)
            if m:
                self.port = int(m.group(1))
                return self
            time.sleep(0.05)
        self.__exit__(None, None, None)
        raise RuntimeError(f"B_START: {self.spec.title} did not print its port within {self.start_timeout:.0f} s; "
                           f"see {self.log_path}")

    @property
    def pid(self) -> int:
        # taskset execs the server, so the child's pid is the server's.
        return self.proc.pid

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc and self.proc.stdout:
            self.proc.stdout.close()
        if hasattr(self, "log"):
            self.log.close()
        if self.data_dir:
            self.data_dir.cleanup()
            self.data_dir = None
