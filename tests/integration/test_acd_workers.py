"""`carecenter serve --workers 2`: one worker routes, the other hands it its routing steps through the
database inbox, and every desk stream — whichever worker serves it — sees every offer (in-memory channels
cannot do that; PostgreSQL LISTEN/NOTIFY does). On SQLite `serve` refuses several workers.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import insert

from carecenter.adapters.db import tables
from carecenter.app.commands.auth import create_api_token
from carecenter.app.context import actor_of
from carecenter.bootstrap import Container
from tests.factories import make_user, rows
from tests.serving import free_port, server_env, start_server, stop_server


def _watch(url: str, token: str, offers: list[int], stop: threading.Event) -> None:
    """One desk stream: remember every offer it shows."""
    with httpx.Client(base_url=url, timeout=None) as client:
        while not stop.is_set():
            try:
                with client.stream("GET", "/api/v1/desk/stream", headers={"Authorization": f"Bearer {token}"}) as s:
                    for line in s.iter_lines():
                        if line.startswith("data: {"):
                            offer = json.loads(line[6:]).get("offer")
                            if offer and offer["contact_id"] not in offers:
                                offers.append(offer["contact_id"])
                        if stop.is_set():
                            return
            except httpx.HTTPError:
                time.sleep(0.2)


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)  # several workers need PostgreSQL
def test_two_workers_route_as_one_and_every_stream_follows(container: Container, tmp_path: Path) -> None:
    ctx = container.context
    gateway = create_api_token(ctx, actor_of(make_user(ctx, "admin", username="gw")), "workers")[1]
    agents = []
    for n in range(3):
        user = make_user(ctx, "agent", username=f"w{n}")
        with container.engine.begin() as connection:
            connection.execute(insert(tables.agent_skills).values(user_id=user.id, skill_code="general", level=5))
        agents.append((user.id, create_api_token(ctx, actor_of(user), "workers")[1]))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = server_env(
        tmp_path, CARECENTER_DATABASE_URL=container.engine.url.render_as_string(hide_password=False), PORT=str(port)
    )
    command = [sys.executable, "-m", "carecenter.cli", "serve", "--workers", "2"]
    server = start_server(command, env, port, tmp_path / "serve.log")
    stop = threading.Event()
    seen: list[list[int]] = []
    try:
        with httpx.Client(base_url=url, timeout=20) as client:
            for _, token in agents:
                ready = client.put(
                    "/api/v1/desk/presence", json={"ready": True}, headers={"Authorization": f"Bearer {token}"}
                )
                assert ready.status_code == 200, ready.text
            watchers = []
            for _, token in agents * 2:  # two streams per agent: across two workers, some land on each
                offers: list[int] = []
                seen.append(offers)
                watchers.append(threading.Thread(target=_watch, args=(url, token, offers, stop), daemon=True))
            for watcher in watchers:
                watcher.start()
            time.sleep(1.0)

            routed: dict[int, int] = {}
            for n in range(3):
                answer = client.post(
                    "/api/v1/contacts",
                    json={"channel": "voice", "identity": f"090000000{n}"},
                    headers={"Authorization": f"Bearer {gateway}"},
                )
                assert answer.status_code == 201, answer.text
                body: dict[str, Any] = answer.json()
                assert body["outcome"] == "offered"
                routed[body["contact_id"]] = body["agent_id"]
            assert sorted(routed.values()) == sorted(a for a, _ in agents)  # one call each, nobody twice

            deadline = time.monotonic() + 10
            expected = [[c for c, a in routed.items() if a == agent] for agent, _ in agents * 2]
            while [sorted(s) for s in seen] != expected and time.monotonic() < deadline:
                time.sleep(0.1)
            assert [sorted(s) for s in seen] == expected

            for contact, agent in routed.items():
                token = dict(agents)[agent]
                headers = {"Authorization": f"Bearer {token}"}
                assert client.post(f"/api/v1/desk/offers/{contact}/accept", headers=headers).status_code == 200
                assert client.post(f"/api/v1/desk/contacts/{contact}/end", headers=headers).status_code == 200
                done = client.post(
                    f"/api/v1/desk/contacts/{contact}/wrap-up", json={"reason_code": "billing.inquiry"}, headers=headers
                )
                assert done.status_code == 200 and done.json()["contacts"] == [], done.text
            refused = client.post(
                "/api/v1/desk/offers/999999/accept", headers={"Authorization": f"Bearer {agents[0][1]}"}
            )
            assert refused.status_code in (404, 409)  # a routing error comes back through the inbox intact
        closed = {r["id"] for r in rows(container.engine, "interactions") if r["status"] == "closed"}
        assert set(routed) <= closed
        assert {r["status"] for r in rows(container.engine, "acd_inbox")} <= {"done", "failed"}
    finally:
        stop.set()
        stop_server(server)


def test_serve_refuses_several_workers_on_sqlite(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "carecenter.cli", "serve", "--workers", "2"],
        env=server_env(tmp_path),
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert b"several workers need PostgreSQL" in done.stderr
