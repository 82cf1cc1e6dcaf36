"""The online traffic simulator against the real application, in process, on SQLite and PostgreSQL, with
the real clock: customers arrive, four simulated agents take, end and wrap up their contacts, nobody
ever holds two calls, and the thread stops cleanly.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient
from sqlalchemy import insert, select

from carecenter.adapters.db import tables
from carecenter.adapters.jobs.traffic import Behaviour, TrafficSimulator
from carecenter.adapters.jobs.traffic_drivers import HttpDesk, InProcessDesk, leaf_codes
from carecenter.bootstrap import Container, build, web_app
from carecenter.config import load_settings
from tests.factories import make_customer, make_staff, make_user, rows

AGENTS = 4


@pytest.fixture
def live(db_url: str, tmp_path: Path) -> Iterator[Container]:
    """The app on the test's database with the real clock, routing, and its timers running."""
    built = build(
        load_settings(database_url=db_url, demo=False, data_dir=tmp_path / "live"),
        fast_hashing=True,
        routing=True,
        migrate=False,
    )
    built.start_jobs()
    yield built
    built.dispose()


def test_simulated_agents_handle_contacts_end_to_end(live: Container) -> None:
    ctx = live.context
    make_user(ctx, "admin", username="channel")
    names = [f"sim{n}" for n in range(1, AGENTS + 1)]
    agents = [make_user(ctx, "agent", username=name) for name in names]
    with live.engine.begin() as connection:
        connection.execute(
            insert(tables.agent_skills), [{"user_id": a.id, "skill_code": "general", "level": 5} for a in agents]
        )
    phones = ["0912345678", "0987654321"]
    make_customer(ctx, phones=phones[:1])
    make_customer(ctx, name="Trần Thị Bình", phones=phones[1:])
    behaviour = Behaviour(
        per_hour=80,  # at speed 150: 3.3 arrivals a second
        profile=(),
        patience_s={"voice": 400.0, "chat": 600.0, "email": None},
        miss_share=0.0,  # a missed offer rings 20 real seconds: longer than this test
        break_every_s=None,
        speed=150.0,
    )
    desk = InProcessDesk.for_users(ctx, "channel", names)
    simulator = TrafficSimulator(desk, names, behaviour, phones=phones, duration_s=60, seed=3)

    acd = ctx.acd
    assert acd is not None
    most_calls: dict[int, int] = defaultdict(int)
    watching = threading.Event()

    def watch() -> None:  # sample every agent's desk while the traffic runs
        while not watching.is_set():
            for agent in agents:
                calls = [
                    c for c in (acd.contact(i) for i in acd.held_by(agent.id)) if c and c.queue.startswith("voice")
                ]
                most_calls[agent.id] = max(most_calls[agent.id], len(calls))
            time.sleep(0.01)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    simulator.start()
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline and simulator.stats["wrapped"] < 12:
        time.sleep(0.1)
    started = time.monotonic()
    simulator.stop()
    assert time.monotonic() - started < 10
    watching.set()
    watcher.join(2)
    assert not simulator.running

    stats = simulator.stats
    assert stats["arrived"] >= 12 and stats["accepted"] >= 10 and stats["wrapped"] >= 10, dict(stats)
    assert max(most_calls.values()) <= 1

    reasons = set(leaf_codes([r["code"] for r in rows(live.engine, "contact_reasons")]))
    interactions = rows(live.engine, "interactions")
    handled = [i for i in interactions if i["outcome"] == "handled" and i["reason_code"]]
    assert len(handled) >= 10
    assert all(i["status"] == "closed" and i["reason_code"] in reasons for i in handled)
    assert {i["agent_id"] for i in handled} <= {a.id for a in agents}
    assert any(i["customer_id"] is not None for i in interactions)  # known callers were recognised

    # Per agent, no two calls overlap: each accept comes after the previous call's wrap-up.
    with live.engine.connect() as connection:
        events = connection.execute(
            select(tables.events.c.type, tables.events.c.payload)
            .where(tables.events.c.type.in_(["OfferAccepted", "ContactWrapped"]))
            .order_by(tables.events.c.id)
        ).all()
    open_calls: dict[int, set[int]] = defaultdict(set)
    for kind, payload in events:
        if not str(payload.get("queue", "")).startswith("voice"):
            continue
        agent, contact = payload["agent"], payload["contact"]
        if kind == "OfferAccepted":
            assert not open_calls[agent], f"agent {agent} took call {contact} while holding {open_calls[agent]}"
            open_calls[agent].add(contact)
        else:
            open_calls[agent].discard(contact)

    # At the end the simulated agents finished their contacts and logged out.
    assert all(acd.agent(a.id) is None for a in agents)
    assert all(not acd.held_by(a.id) for a in agents)


def test_the_http_driver_plays_the_same_centre_over_the_rest_api(live: Container) -> None:
    ctx = live.context
    channel = make_staff(ctx, "admin", username="channel")
    names = ["web1", "web2"]
    agents = {name: make_staff(ctx, "agent", username=name) for name in names}
    with live.engine.begin() as connection:
        connection.execute(
            insert(tables.agent_skills),
            [{"user_id": a.id, "skill_code": "general", "level": 5} for a in agents.values()],
        )
    behaviour = Behaviour(per_hour=60, profile=(), mix={"voice": 1.0}, miss_share=0.0, break_every_s=None, speed=150.0)
    with TestClient(app=web_app(live)) as http:
        desk = HttpDesk("", channel.token, {n: a.token for n, a in agents.items()}, client=http)
        assert "billing.inquiry" in desk.reason_codes() and "billing" not in desk.reason_codes()
        simulator = TrafficSimulator(desk, names, behaviour, phones=["0912345678"], duration_s=30, poll_s=1.0, seed=5)
        simulator.start()
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline and simulator.stats["wrapped"] < 4:
            time.sleep(0.1)
        simulator.stop()
        assert not simulator.running
        assert simulator.stats["wrapped"] >= 4, dict(simulator.stats)
        assert all(desk.desk(name).presence == "logged_out" for name in names)
    handled = [i for i in rows(live.engine, "interactions") if i["outcome"] == "handled"]
    assert len(handled) >= 4 and all(i["reason_code"] for i in handled)
