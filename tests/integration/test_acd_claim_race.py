"""The agent claim is a compare-and-set in the database: 8 processes race for one ready agent, 1,000 rounds,
on SQLite and on PostgreSQL, and exactly one wins every round.
"""

from __future__ import annotations

import multiprocessing as mp
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import update

from carecenter.adapters.db import tables
from carecenter.adapters.db.engine import make_engine
from carecenter.adapters.db.uow import SqlUnitOfWork
from carecenter.app.ports.routing import AgentRecord
from carecenter.bootstrap import Container
from carecenter.domain.routing.model import Presence
from tests.factories import make_user

RACERS = 8
ROUNDS = 1_000


def _race(url: str, racer: int, agent_id: int, start: Any, claimed: Any, reset: Any, wins: Any) -> None:
    engine = make_engine(url)
    try:
        for round_ in range(ROUNDS):
            start.wait()
            with SqlUnitOfWork(engine) as uow:
                won = uow.routing.claim_agent(agent_id, contact_id=round_ * RACERS + racer + 1)
                uow.commit()
            wins[round_ * RACERS + racer] = int(won)
            claimed.wait()
            if racer == 0:  # one racer puts the agent back to ready-and-free for the next round
                with engine.begin() as connection:
                    connection.execute(
                        update(tables.agent_state)
                        .where(tables.agent_state.c.user_id == agent_id)
                        .values(offer_contact_id=None)
                    )
            reset.wait()
    finally:
        engine.dispose()


def test_exactly_one_of_eight_processes_wins_each_round(container: Container) -> None:
    agent = make_user(container.context, "agent")
    now = datetime.now(UTC)
    with SqlUnitOfWork(container.engine) as uow:
        uow.routing.save_agent(AgentRecord(agent.id, Presence.READY, None, now, now, None), keep_offer=False)
        uow.commit()
    url = container.engine.url.render_as_string(hide_password=False)
    spawn = mp.get_context("fork")
    start, claimed, reset = (spawn.Barrier(RACERS) for _ in range(3))
    wins = spawn.Array("b", RACERS * ROUNDS, lock=False)
    container.engine.dispose()  # no pooled connection may cross the fork
    racers = [spawn.Process(target=_race, args=(url, r, agent.id, start, claimed, reset, wins)) for r in range(RACERS)]
    for process in racers:
        process.start()
    for process in racers:
        process.join(timeout=600)
    assert [p.exitcode for p in racers] == [0] * RACERS
    per_round = [sum(wins[r * RACERS : (r + 1) * RACERS]) for r in range(ROUNDS)]
    assert per_round == [1] * ROUNDS
    winners = {r for r in range(RACERS) if any(wins[k * RACERS + r] for k in range(ROUNDS))}
    assert len(winners) > 1  # a real race: the win moves between processes
