"""Many requests at once: commands that read and then write (authenticating a token touches it; routing
reads then writes) must wait their turn, never fail with "database is locked" (on SQLite a deferred
transaction cannot upgrade a snapshot that another commit made stale)."""

from __future__ import annotations

import threading

from sqlalchemy import insert

from carecenter.adapters.db import tables
from carecenter.app.commands.acd_desk import set_presence
from carecenter.app.commands.auth import authenticate_token, create_api_token
from carecenter.app.context import actor_of
from carecenter.bootstrap import Container
from tests.factories import make_user, rows


def test_sixteen_threads_authenticate_and_change_presence_at_once(container: Container) -> None:
    ctx = container.context
    people = [make_user(ctx, "agent", username=f"c{n}") for n in range(16)]
    tokens = [create_api_token(ctx, actor_of(p), "concurrency")[1] for p in people]
    with container.engine.begin() as connection:
        connection.execute(
            insert(tables.agent_skills), [{"user_id": p.id, "skill_code": "general", "level": 5} for p in people]
        )
    start, failures = threading.Barrier(16), []

    def work(person_index: int) -> None:
        start.wait()
        try:
            for _ in range(10):
                who = authenticate_token(ctx, tokens[person_index])
                set_presence(ctx, who.actor, True)
                set_presence(ctx, who.actor, False, "break")
        except Exception as error:
            failures.append(repr(error))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert {r["presence"] for r in rows(container.engine, "agent_state")} == {"not_ready"}
