"""Kill -9 the server in the middle of traffic, start it again: no contact committed before the kill is
lost. Each is still queued, connected (or in wrap-up) or ended, the restarted router knows it, and all of
them can still be worked to the end.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import insert

from carecenter.adapters.db import tables
from carecenter.app.commands.auth import create_api_token
from carecenter.app.context import actor_of
from carecenter.bootstrap import build
from carecenter.config import load_settings
from tests.factories import make_user, rows, seed_reference_data
from tests.serving import UVICORN, free_port, server_env, start_server, stop_server

AGENTS = 3


def _serve(data_dir: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    return start_server([*UVICORN, "--port", str(port), "--log-level", "warning"], server_env(data_dir), port, log)


def _work(client: httpx.Client, token: str) -> None:
    """One agent's turn: accept what rings, end what is connected, wrap up what is ended."""
    headers = {"Authorization": f"Bearer {token}"}
    desk = client.get("/api/v1/desk", headers=headers).json()
    if desk.get("offer"):
        client.post(f"/api/v1/desk/offers/{desk['offer']['contact_id']}/accept", headers=headers)
    for held in desk.get("contacts", []):
        step = "end" if held["stage"] == "connected" else "wrap-up"
        body = {"reason_code": "billing.inquiry"} if step == "wrap-up" else None
        client.post(f"/api/v1/desk/contacts/{held['contact_id']}/{step}", headers=headers, json=body)


def test_contacts_committed_before_a_sigkill_survive_the_restart(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'carecenter.db'}")
    container = build(settings, fast_hashing=True)
    seed_reference_data(container.engine)
    ctx = container.context
    channel = create_api_token(ctx, actor_of(make_user(ctx, "admin", username="gateway")), "crash test")[1]
    tokens = []
    for n in range(AGENTS):
        agent = make_user(ctx, "agent", username=f"crash{n}")
        with container.engine.begin() as connection:
            connection.execute(insert(tables.agent_skills).values(user_id=agent.id, skill_code="general", level=5))
        tokens.append(create_api_token(ctx, actor_of(agent), "crash test")[1])
    container.dispose()

    port, log = free_port(), tmp_path / "server.log"
    url = f"http://127.0.0.1:{port}"
    server = _serve(tmp_path, port, log)
    committed: list[int] = []
    stop = threading.Event()
    try:
        with httpx.Client(base_url=url, timeout=5) as client:
            for token in tokens:
                ready = client.put(
                    "/api/v1/desk/presence", json={"ready": True}, headers={"Authorization": f"Bearer {token}"}
                )
                assert ready.status_code == 200, ready.text

        def callers() -> None:
            rng = random.Random(3)
            with httpx.Client(base_url=url, timeout=5) as client:
                while not stop.is_set():
                    try:
                        answer = client.post(
                            "/api/v1/contacts",
                            json={
                                "channel": rng.choice(["voice", "voice", "chat"]),
                                "identity": f"09{rng.randrange(10**8):08d}",
                            },
                            headers={"Authorization": f"Bearer {channel}"},
                        )
                    except httpx.HTTPError:
                        return  # the server is gone
                    if answer.status_code == 201:
                        committed.append(answer.json()["contact_id"])
                    time.sleep(0.01)

        def agents() -> None:
            with httpx.Client(base_url=url, timeout=5) as client:
                while not stop.is_set():
                    try:
                        for token in tokens:
                            _work(client, token)
                    except httpx.HTTPError:
                        return

        threads = [threading.Thread(target=callers), threading.Thread(target=agents)]
        for thread in threads:
            thread.start()
        time.sleep(3.0)
        os.kill(server.pid, signal.SIGKILL)  # mid-traffic, no warning
        server.wait(timeout=10)
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
        assert len(committed) >= 20, f"too little traffic before the kill: {len(committed)}"

        server = _serve(tmp_path, port, log)
        engine = build(settings, migrate=False).engine
        interactions = {r["id"]: r for r in rows(engine, "interactions")}
        routed = {r["interaction_id"]: r for r in rows(engine, "routing_contacts")}
        lost = [
            c for c in committed if c not in interactions or (interactions[c]["status"] != "closed" and c not in routed)
        ]
        assert lost == [], f"contacts lost in the crash: {lost}"
        states = {routed[c]["stage"] for c in committed if c in routed}
        assert states <= {"waiting", "offered", "connected", "wrap_up"}
        ended = [c for c in committed if interactions[c]["status"] == "closed"]
        assert ended and len(ended) < len(committed), "the kill should catch work both done and in hand"

        # The restarted router knows every open contact: the agents can work all of them to the end.
        with httpx.Client(base_url=url, timeout=5) as client:
            deadline = time.monotonic() + 60
            while rows(engine, "routing_contacts") and time.monotonic() < deadline:
                for token in tokens:
                    _work(client, token)
        assert rows(engine, "routing_contacts") == []
        closed = {r["id"] for r in rows(engine, "interactions") if r["status"] == "closed"}
        assert set(committed) <= closed
        engine.dispose()
    finally:
        stop.set()
        stop_server(server)
