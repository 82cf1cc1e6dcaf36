"""Real servers for tests and benches: a free loopback port, and a `carecenter` server started in a
subprocess that is ready when this returns (its /healthz answers 200) — or a failure with its log."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
UVICORN = [sys.executable, "-m", "uvicorn", "--factory", "carecenter.bootstrap:asgi", "--host", "127.0.0.1"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a server on `data_dir`'s SQLite database (pass CARECENTER_DATABASE_URL for another)."""
    env = {
        **os.environ,
        "CARECENTER_DATA_DIR": str(data_dir),
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p),
    }
    for name in ("CARECENTER_DATABASE_URL", "CARECENTER_WORKERS"):
        env.pop(name, None)
    return {**env, **extra}


def start_server(command: list[str], env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """Start `command`, wait up to 60 s for http://127.0.0.1:`port`/healthz; raise with the log if it dies."""
    with log.open("ab") as sink:
        server = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"the server did not answer /healthz within 60 s:\n{log.read_text(errors='replace')}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
