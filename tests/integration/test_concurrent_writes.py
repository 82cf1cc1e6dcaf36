"""Many requests at once: commands that read and then write (authenticating a token touches it; routing
reads then writes) must wait their turn, never fail with "database is locked" (on SQLite a deferred
transaction cannot upgrade a snapshot that another commit made stale)."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import DBAPIError

from carecenter.adapters.db import tables
from carecenter.app.commands.acd_desk import set_presence
from carecenter.app.commands.auth import authenticate_token, create_api_token
from carecenter.app.context import actor_of
from carecenter.bootstrap import Container
from tests.factories import FakeClock, make_user, rows


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


def test_a_read_only_unit_refuses_writes_and_cannot_commit(container: Container) -> None:
    ctx = container.context
    with ctx.read() as uow:
        assert uow.users.by_username("nobody") is None  # reading works
        with pytest.raises(DBAPIError):  # SQLite: query_only; PostgreSQL: READ ONLY transaction
            uow.auth.add_failure("someone", "127.0.0.1", ctx.clock.now())
    with ctx.read() as uow, pytest.raises(RuntimeError, match="read-only"):
        uow.commit()
    with ctx.uow() as uow:  # the pooled connection is writable again for a writer
        uow.auth.add_failure("someone", "127.0.0.1", ctx.clock.now())
        uow.commit()
    assert len(rows(container.engine, "login_failures")) == 1


def test_readers_do_not_wait_for_the_writer(container: Container) -> None:
    """A reader answers while a write transaction holds the lock (SQLite WAL; PostgreSQL MVCC)."""
    ctx = container.context
    with ctx.uow() as writer:
        writer.auth.add_failure("held", "127.0.0.1", ctx.clock.now())  # the write lock is held from here
        done = threading.Event()

        def read() -> None:
            with ctx.read() as uow:
                uow.users.by_username("nobody")
            done.set()

        reader = threading.Thread(target=read)
        reader.start()
        assert done.wait(5), "a read-only unit waited for the writer"
        reader.join()
        writer.commit()


def test_a_token_is_marked_used_at_most_once_a_minute(container: Container, clock: FakeClock) -> None:
    ctx = container.context
    person = make_user(ctx, "agent", username="tokenuser")
    secret = create_api_token(ctx, actor_of(person), "touch")[1]

    def last_used() -> datetime | None:
        return rows(container.engine, "api_tokens")[-1]["last_used_at"]

    authenticate_token(ctx, secret)
    first = last_used()
    assert first is not None
    clock.advance(seconds=30)
    authenticate_token(ctx, secret)
    assert last_used() == first
    clock.advance(seconds=31)
    authenticate_token(ctx, secret)
    assert last_used() != first
