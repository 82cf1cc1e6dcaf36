#!/usr/bin/env python
"""End-to-end ACD latency: contact created through the REST API -> offer on the agent's SSE stream.

A real `carecenter` server (uvicorn, one worker, SQLite) with N agents logged in and ready, each with an
open desk stream (`GET /api/v1/desk/stream`); contacts arrive at R per second through
`POST /api/v1/contacts`; agents accept and end each offer at once (the queue has no wrap-up), so they come
back. Latency = the moment the agent's stream shows the offer minus the moment the POST was sent. Client
and server share the 2-core machine, as they would on a small site; the achieved rate is reported next to
the target because the client may not keep up.

By default agents do not answer and the run lasts agents / rate seconds, so every contact finds a free
agent and the figure is the routing path alone (create -> decide -> commit -> stream). `--answer` makes
agents accept and end each offer over the API, the whole desk loop, which the 2 cores must also carry.

The client is the lean raw-asyncio one in bench/rawhttp.py (httpx made the client the bottleneck).
BENCH_TRACE=1 also prints the slowest contacts with when they were sent, and the end of the server's log.

The first `--warmup` seconds (1 s; 0.5 s with --quick) are reported apart: 1,000 streams that opened a
moment earlier, an empty thread and connection pool and the collector's first full pass make them slower
than a centre that has been running.

Goal (issue): p99 <= 10 ms at 200 contacts/s with 1,000 agents. `--quick`: 100 agents at 50/s.
Ends with `RESULT agents=... rate=... achieved=... p50_ms=... p99_ms=...`.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import uvloop
from sqlalchemy import insert, update

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench import rawhttp  # noqa: E402

from carecenter.adapters.db import tables  # noqa: E402
from carecenter.app.commands.auth import create_api_token  # noqa: E402
from carecenter.app.context import actor_of  # noqa: E402
from carecenter.bootstrap import build  # noqa: E402
from carecenter.config import load_settings  # noqa: E402
from tests.factories import make_user, seed_reference_data  # noqa: E402
from tests.serving import UVICORN, free_port, server_env, start_server, stop_server  # noqa: E402


def prepare(data_dir: Path, agents: int) -> tuple[str, list[str]]:
    settings = load_settings(data_dir=data_dir, database_url=f"sqlite:///{data_dir / 'carecenter.db'}")
    container = build(settings, fast_hashing=True)
    seed_reference_data(container.engine)
    ctx = container.context
    channel = create_api_token(ctx, actor_of(make_user(ctx, "admin", username="gateway")), "bench")[1]
    tokens = []
    for n in range(agents):
        agent = make_user(ctx, "agent", username=f"bench{n}")
        tokens.append(create_api_token(ctx, actor_of(agent), "bench")[1])
        with container.engine.begin() as connection:
            connection.execute(insert(tables.agent_skills).values(user_id=agent.id, skill_code="general", level=5))
    with container.engine.begin() as connection:  # agents come back at once: the load is the routing
        connection.execute(update(tables.queues).values(wrap_up_s=0))
    container.dispose()
    return channel, tokens


def serve(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    command = [*UVICORN, "--port", str(port), "--log-level", "warning", "--limit-concurrency", "5000"]
    return start_server(command, server_env(data_dir), port, data_dir / "server.log")


async def run(
    port: int, channel: str, tokens: list[str], rate: float, seconds: float, answer: bool, warmup_s: float
) -> dict[str, float]:
    host = "127.0.0.1"
    sent: dict[int, float] = {}
    seen: dict[int, float] = {}
    async with httpx.AsyncClient(base_url=f"http://{host}:{port}", timeout=30) as client:  # set-up only
        for batch in range(0, len(tokens), 50):
            await asyncio.gather(
                *(
                    client.put("/api/v1/desk/presence", json={"ready": True}, headers={"Authorization": f"Bearer {t}"})
                    for t in tokens[batch : batch + 50]
                )
            )
    stop = asyncio.Event()
    connected: set[str] = set()

    async def desk(token: str) -> None:
        actions = rawhttp.Connection(host, port)
        try:
            async for data in rawhttp.event_stream(host, port, "/api/v1/desk/stream", token):
                now = time.perf_counter()
                if not data.startswith(b"{"):
                    continue  # the stream's opening (empty) message
                connected.add(token)
                if b'"offer": null' in data or b'"offer":null' in data:
                    continue
                offer = json.loads(data).get("offer")
                if offer and offer["contact_id"] not in seen:
                    contact = offer["contact_id"]
                    seen[contact] = now
                    if answer:
                        await actions.request("POST", f"/api/v1/desk/offers/{contact}/accept", token)
                        await actions.request("POST", f"/api/v1/desk/contacts/{contact}/end", token)
                if stop.is_set():
                    return
        finally:
            actions.close()

    desks = [asyncio.create_task(desk(t)) for t in tokens]
    waited = time.perf_counter()
    while len(connected) < len(tokens) and time.perf_counter() - waited < 60:
        await asyncio.sleep(0.1)  # every desk stream is connected and has shown its first state
    print(f"{len(connected)} desk streams open; contacts arrive now", flush=True)
    gc.collect()
    gc.freeze()  # the client's own collector must not pause the measurement (the server's is measured)
    pool: asyncio.Queue[rawhttp.Connection] = asyncio.Queue()
    for _ in range(32):
        pool.put_nowait(rawhttp.Connection(host, port))

    async def call(n: int) -> None:
        connection = await pool.get()
        try:
            started = time.perf_counter()
            status, body = await connection.request(
                "POST", "/api/v1/contacts", channel, {"channel": "voice", "identity": f"09{n:08d}"}
            )
            if status == 201:
                sent[json.loads(body)["contact_id"]] = started
        finally:
            pool.put_nowait(connection)

    began = time.perf_counter()
    calls = []
    n = 0
    while time.perf_counter() - began < seconds:
        calls.append(asyncio.create_task(call(n)))
        n += 1
        await asyncio.sleep(max(0.0, began + n / rate - time.perf_counter()))
    await asyncio.gather(*calls)
    elapsed = time.perf_counter() - began
    await asyncio.sleep(2)
    stop.set()
    for task in desks:
        task.cancel()
    await asyncio.gather(*desks, return_exceptions=True)
    while not pool.empty():
        pool.get_nowait().close()
    if os.environ.get("BENCH_TRACE"):  # when the slow ones happened: seconds since start -> latency
        slow = sorted(((seen[c] - sent[c]) * 1000, sent[c] - began) for c in sent if c in seen)[-15:]
        print("slowest (ms @ s):", ", ".join(f"{ms:.0f}@{at:.2f}" for ms, at in slow))
    warm = began + warmup_s
    latencies = sorted((seen[c] - sent[c]) * 1000 for c in sent if c in seen and sent[c] >= warm)
    early = sorted((seen[c] - sent[c]) * 1000 for c in sent if c in seen and sent[c] < warm)
    if len(latencies) < 20:
        raise SystemExit(f"too few offers observed ({len(latencies)} of {len(sent)})")
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "achieved": len(sent) / elapsed,
        "observed": (len(latencies) + len(early)) / max(1, len(sent)),
        "measured": len(latencies),
        "p50_ms": q[49],
        "p90_ms": q[89],
        "p99_ms": q[98],
        "max_ms": latencies[-1],
        "warmup_p99_ms": _p99(early),
        "warmup_max_ms": early[-1] if early else float("nan"),
    }


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98] if len(values) >= 20 else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 agents at 50 contacts/s")
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=200.0, help="contacts per second")
    parser.add_argument("--seconds", type=float, help="default: agents / rate (each agent gets one offer)")
    parser.add_argument("--answer", action="store_true", help="agents accept and end every offer")
    parser.add_argument(
        "--warmup", type=float, default=1.0, help="seconds at the start reported apart (default 1; --quick 0.5)"
    )
    args = parser.parse_args()
    if args.quick:
        args.agents, args.rate, args.warmup = 100, 50.0, 0.5
    if args.seconds is None:
        args.seconds = args.agents / args.rate * (1.0 if not args.answer else 10.0)
    with tempfile.TemporaryDirectory(prefix="cc-acd-bench-") as folder:
        data_dir = Path(folder)
        print(f"preparing {args.agents} agents …", flush=True)
        channel, tokens = prepare(data_dir, args.agents)
        port = free_port()
        server = serve(data_dir, port)
        try:
            print(f"{args.agents} desk streams, {args.rate:.0f} contacts/s for {args.seconds:.0f} s …", flush=True)
            figures = uvloop.run(run(port, channel, tokens, args.rate, args.seconds, args.answer, args.warmup))
        finally:
            stop_server(server)
            if os.environ.get("BENCH_TRACE"):
                print((data_dir / "server.log").read_text()[-3000:])
    print(
        f"API -> offer on the agent's SSE stream: p50 {figures['p50_ms']:.1f} ms, p90 {figures['p90_ms']:.1f} ms, "
        f"p99 {figures['p99_ms']:.1f} ms, max {figures['max_ms']:.0f} ms; achieved {figures['achieved']:.0f} "
        f"contacts/s of {args.rate:.0f}; {figures['observed']:.0%} of offers seen on a stream; "
        f"{figures['measured']} measured after a {args.warmup:g} s warm-up (warm-up p99 "
        f"{figures['warmup_p99_ms']:.1f} ms, max {figures['warmup_max_ms']:.0f} ms)"
    )
    print(
        f"RESULT agents={args.agents} rate={args.rate:.0f} answer={int(args.answer)} "
        f"achieved={figures['achieved']:.1f} p50_ms={figures['p50_ms']:.2f} p99_ms={figures['p99_ms']:.2f} "
        f"max_ms={figures['max_ms']:.1f} warmup_s={args.warmup:g} warmup_p99_ms={figures['warmup_p99_ms']:.2f} "
        f"warmup_max_ms={figures['warmup_max_ms']:.1f}"
    )


if __name__ == "__main__":
    main()
