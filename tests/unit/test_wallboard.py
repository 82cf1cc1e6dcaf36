"""The wallboard fold: snapshots plus later events equal fresh folds; its figures match what happened."""

from __future__ import annotations

import random

import pytest

from carecenter.app.acd.record import lifecycle_event
from carecenter.domain.reporting.wallboard import Wallboard
from carecenter.domain.reporting.wallboard_view import view
from carecenter.domain.routing.engine import Router
from carecenter.domain.routing.model import Media, QueueConfig
from carecenter.domain.routing.simulation import SimAgent, Traffic, simulate

QUEUES = [
    QueueConfig("billing", Media.VOICE, "billing", relax=((0, 5), (20, 1)), overflow_to="general", overflow_after_s=90),
    QueueConfig("general", Media.VOICE, "general", priority_boost={"vip": 10}, wrap_up_s=30),
    QueueConfig("chat", Media.CHAT, "general", offer_timeout_s=10),
]
Event = tuple[int, str, dict[str, object], float]


def day_of_events(seed: int, hours: float) -> list[Event]:
    """A busy stretch of a day from the virtual-clock simulation, as the event table would hold it."""
    events: list[Event] = []

    def record(step: object, router: Router) -> None:
        e = lifecycle_event(step, router)  # type: ignore[arg-type]
        events.append((len(events) + 1, e.type, e.payload, router.now))

    agents = [
        SimAgent(
            i, {"billing": 1 + i % 9, "general": 3}, answer_delay_s=3, wrap_s=8, reject_share=0.03, miss_share=0.03
        )
        for i in range(1, 16)
    ]
    traffic = [
        Traffic("billing", 140, 200, patience_s=90, vip_share=0.1),
        Traffic("general", 120, 150, patience_s=60, vip_share=0.1),
        Traffic("chat", 60, 300, patience_s=240),
    ]
    simulate(QUEUES, agents, traffic, hours * 3600, seed=seed, start=1_790_000_000.0, on_step=record)
    return events


def fold(events: list[Event]) -> Wallboard:
    board = Wallboard(thresholds={"billing": 20, "general": 30, "chat": 60})
    for position, type_, payload, at in events:
        board.apply(position, type_, payload, at)
    return board


def test_old_snapshots_plus_the_events_after_them_equal_fresh_snapshots() -> None:
    events = day_of_events(seed=7, hours=6)
    assert len(events) >= 10_000
    rng = random.Random(11)
    cuts = sorted({rng.randrange(len(events) + 1) for _ in range(200)} | {0, len(events)})
    board = Wallboard(thresholds={"billing": 20, "general": 30, "chat": 60})
    fresh: dict[int, str] = {0: board.to_json()}
    for position, type_, payload, at in events:
        board.apply(position, type_, payload, at)
        if position in cuts:
            fresh[position] = board.to_json()
    assert board.queues["billing"].overflowed_out > 0 and board.queues["general"].abandoned > 0
    checked = 0
    for _ in range(300):
        old, new = sorted(rng.sample(cuts, 2))
        resumed = Wallboard.from_json(fresh[old])
        for position, type_, payload, at in events[old:new]:
            resumed.apply(position, type_, payload, at)
        assert resumed.to_json() == fresh[new], (old, new)
        # Replaying what the snapshot already holds (a resumed stream overlaps) changes nothing.
        for position, type_, payload, at in events[max(0, old - 50) : new]:
            resumed.apply(position, type_, payload, at)
        assert resumed.to_json() == fresh[new]
        checked += new - old
    assert checked >= 10_000


def test_figures_of_a_small_scripted_morning() -> None:
    t0 = 1_789_999_200.0  # on a 15-minute boundary
    events: list[Event] = [
        (1, "AgentLoggedIn", {"agent": 7, "ready": True}, t0),
        (2, "ContactQueued", {"contact": 1, "queue": "general"}, t0 + 1),
        (3, "ContactOffered", {"contact": 1, "agent": 7, "queue": "general"}, t0 + 1),
        (4, "OfferAccepted", {"contact": 1, "agent": 7}, t0 + 11),  # waited 10 s: inside 20 s
        (5, "ContactQueued", {"contact": 2, "queue": "general"}, t0 + 12),
        (6, "ContactAbandoned", {"contact": 2}, t0 + 14),  # a short abandon
        (7, "ContactQueued", {"contact": 3, "queue": "general"}, t0 + 20),
        (8, "ContactEnded", {"contact": 1}, t0 + 131),
        (9, "ContactWrapped", {"contact": 1}, t0 + 151),  # handled 140 s
        (10, "ContactOffered", {"contact": 3, "agent": 7, "queue": "general"}, t0 + 151),
        (11, "OfferAccepted", {"contact": 3, "agent": 7}, t0 + 160),  # waited 140 s: outside
    ]
    board = fold(events)
    general = board.queues["general"]
    assert (general.offered, general.answered, general.answered_in_sl) == (3, 2, 1)
    assert (general.abandoned, general.short_abandoned, general.handled) == (1, 1, 1)
    shown = view(board, t0 + 200, {"general": (30.0, 0.8)})
    line = next(q for q in shown.queues if q.code == "general")
    assert line.service_level == pytest.approx(1 / 3) and line.sl_colour == "red"
    assert line.asa_s == pytest.approx(75.0) and line.aht_s == pytest.approx(140.0)
    assert [(a.agent, a.state, a.in_state_s) for a in shown.agents] == [(7, "busy", 40.0)]
    assert shown.intraday[0][1:] == (3, 2, 1)
