"""The ACD interval report: exact figures for a scripted morning, durations split at interval boundaries,
and on simulated days the intervals add up to the whole and the whole matches the live wallboard."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carecenter.app.acd.record import lifecycle_event
from carecenter.domain.reporting.intervals import AgentRow, IntervalReport, QueueRow, interval_report
from carecenter.domain.reporting.wallboard import Wallboard
from carecenter.domain.routing.engine import Router
from carecenter.domain.routing.model import Media, QueueConfig
from carecenter.domain.routing.simulation import SimAgent, Traffic, simulate

MIDNIGHT = datetime(2026, 3, 1, 17, 0, tzinfo=UTC).timestamp()  # 2 March 2026, 00:00 in Ho Chi Minh City
THRESHOLDS = {"billing": 20.0, "general": 30.0}
Event = tuple[str, dict[str, Any], float]


def at(hour: int, minute: int, second: float = 0) -> float:
    return MIDNIGHT + hour * 3600 + minute * 60 + second


def e(type_: str, when: float, **payload: Any) -> Event:
    return (type_, payload, when)


def handled_call(
    contact: int, queue: str, agent: int, queued: float, accepted: float, ended: float, wrapped: float
) -> list[Event]:
    """A contact that waited, was taken, talked and wrapped up (the events record.py writes for it)."""
    return [
        e("ContactArrived", queued, contact=contact, queue=queue, priority=0, segment=None),
        e("ContactQueued", queued, contact=contact, queue=queue, waited_s=0.0),
        e("ContactOffered", accepted - 5, contact=contact, agent=agent, queue=queue, callback=False),
        e("OfferAccepted", accepted, contact=contact, agent=agent, queue=queue, waited_s=accepted - queued),
        e("ContactEnded", ended, contact=contact, agent=agent, queue=queue),
        e("ContactWrapped", wrapped, contact=contact, agent=agent, queue=queue),
    ]


def scripted_morning() -> list[Event]:
    events = [
        e("AgentLoggedIn", at(7, 55), agent=1, ready=True),
        e("AgentLoggedIn", at(8, 0), agent=2, ready=False),
        e("AgentPresenceChanged", at(8, 5), agent=2, ready=True, reason=None),
        *handled_call(101, "billing", 1, at(8, 0), at(8, 0, 10), at(8, 4, 10), at(8, 5, 10)),
        e("ContactQueued", at(8, 10), contact=102, queue="billing", waited_s=0.0),
        e("ContactAbandoned", at(8, 10, 3), contact=102, queue="billing", waited_s=3.0),
        *handled_call(103, "general", 2, at(8, 12), at(8, 12, 40), at(8, 20, 40), at(8, 21, 40)),
        e("ContactQueued", at(8, 14, 50), contact=104, queue="billing", waited_s=0.0),
        e("ContactOverflowed", at(8, 16), contact=104, from_queue="billing", to_queue="general", queue="general"),
        e("OfferAccepted", at(8, 16, 30), contact=104, agent=1, queue="general", waited_s=100.0),
        e("ContactEnded", at(8, 18, 30), contact=104, agent=1, queue="general"),
        e("ContactWrapped", at(8, 19, 30), contact=104, agent=1, queue="general"),
        e("ContactQueued", at(8, 20), contact=105, queue="billing", waited_s=0.0),
        e("ContactAbandoned", at(8, 21), contact=105, queue="billing", waited_s=60.0),
        e("AgentPresenceChanged", at(8, 25), agent=1, ready=False, reason="break"),
        e("AgentLoggedOut", at(8, 30), agent=2),
        e("AgentPresenceChanged", at(8, 40), agent=1, ready=True, reason=None),
    ]
    return sorted(events, key=lambda event: event[2])


def queue_rows(report: IntervalReport) -> dict[tuple[str, float | None], QueueRow]:
    return {(r.queue, r.start): r for r in report.queues}


def agent_rows(report: IntervalReport) -> dict[tuple[int, float | None], AgentRow]:
    return {(r.agent, r.start): r for r in report.agents}


def test_a_scripted_morning_gives_exact_queue_figures_per_quarter_hour() -> None:
    report = interval_report(scripted_morning(), MIDNIGHT, at(8, 45), 15, THRESHOLDS)
    rows = queue_rows(report)
    assert set(rows) == {("billing", at(8, 0)), ("billing", at(8, 15)), ("general", at(8, 0)), ("general", at(8, 15))}

    billing_8 = rows["billing", at(8, 0)]
    figures = (billing_8.offered, billing_8.answered, billing_8.answered_in_sl, billing_8.abandoned)
    assert figures == (3, 1, 1, 1)
    assert (billing_8.short_abandoned, billing_8.handled, billing_8.aht_s) == (1, 1, 300.0)
    assert (billing_8.service_level, billing_8.asa_s, billing_8.longest_wait_s) == (pytest.approx(1 / 3), 10.0, 10.0)

    billing_815 = rows["billing", at(8, 15)]
    assert (billing_815.offered, billing_815.answered, billing_815.abandoned, billing_815.short_abandoned) == (
        1,
        0,
        1,
        0,
    )
    assert (billing_815.service_level, billing_815.asa_s, billing_815.longest_wait_s) == (0.0, None, 60.0)

    general_8 = rows["general", at(8, 0)]
    assert (general_8.offered, general_8.answered, general_8.answered_in_sl, general_8.asa_s) == (1, 1, 0, 40.0)
    assert (general_8.handled, general_8.aht_s) == (0, None)  # still talking when the quarter ends

    general_815 = rows["general", at(8, 15)]  # 104 overflowed in; its wait runs from its arrival in billing
    assert (general_815.offered, general_815.answered, general_815.asa_s, general_815.longest_wait_s) == (
        1,
        1,
        100,
        100,
    )
    assert (general_815.handled, general_815.handle_s, general_815.aht_s) == (2, 720.0, 360.0)

    totals = {r.queue: r for r in report.queue_totals()}
    assert (totals["billing"].offered, totals["billing"].abandoned, totals["billing"].short_abandoned) == (4, 2, 1)
    assert totals["billing"].longest_wait_s == 60.0
    overall = report.overall()
    assert (overall.offered, overall.answered, overall.answered_in_sl, overall.handled) == (6, 3, 1, 3)


def test_a_scripted_morning_gives_exact_agent_figures_split_at_the_boundaries() -> None:
    report = interval_report(scripted_morning(), MIDNIGHT, at(8, 45), 15, THRESHOLDS)
    rows = agent_rows(report)
    assert set(rows) == {(1, at(7, 45)), (1, at(8, 0)), (1, at(8, 15)), (1, at(8, 30)), (2, at(8, 0)), (2, at(8, 15))}

    assert (rows[1, at(7, 45)].logged_in_s, rows[1, at(7, 45)].ready_s, rows[1, at(7, 45)].occupancy) == (300, 300, 0)
    one_8 = rows[1, at(8, 0)]
    assert (one_8.handled, one_8.talk_s, one_8.hold_s, one_8.wrap_s, one_8.busy_s) == (1, 240, 0, 60, 300)
    assert (one_8.ready_s, one_8.logged_in_s, one_8.not_ready_s, one_8.occupancy) == (
        600,
        900,
        {},
        pytest.approx(1 / 3),
    )
    one_815 = rows[1, at(8, 15)]
    assert (one_815.handled, one_815.talk_s, one_815.wrap_s, one_815.ready_s) == (1, 120, 60, 420)
    assert (one_815.not_ready_s, one_815.occupancy) == ({"break": 300}, pytest.approx(0.3))
    one_830 = rows[1, at(8, 30)]
    assert (one_830.not_ready_s, one_830.ready_s, one_830.logged_in_s, one_830.occupancy) == (
        {"break": 600},
        300,
        900,
        0,
    )

    two_8 = rows[2, at(8, 0)]  # logged in not ready (no reason), ready at 08:05, took 103 at 08:12:40
    assert (two_8.not_ready_s, two_8.ready_s, two_8.busy_s, two_8.talk_s, two_8.handled) == (
        {"": 300},
        460,
        140,
        140,
        0,
    )
    assert two_8.occupancy == pytest.approx(140 / 600)
    two_815 = rows[2, at(8, 15)]  # talk 340 + wrap-up 60 this quarter; logged out at 08:30
    assert (two_815.talk_s, two_815.wrap_s, two_815.ready_s, two_815.logged_in_s, two_815.handled) == (
        340,
        60,
        500,
        900,
        1,
    )

    totals = {r.agent: r for r in report.agent_totals()}
    assert (totals[1].handled, totals[1].talk_s, totals[1].wrap_s, totals[1].not_ready_s) == (
        2,
        360,
        120,
        {"break": 900},
    )
    assert (totals[1].logged_in_s, totals[1].occupancy) == (3000, pytest.approx(480 / 2100))
    assert (totals[2].handled, totals[2].talk_s, totals[2].logged_in_s) == (1, 480, 1800)
    assert report.answered_by == {1: frozenset({"billing", "general"}), 2: frozenset({"general"})}


def test_hourly_intervals_hold_the_same_morning_in_one_row_each() -> None:
    report = interval_report(scripted_morning(), MIDNIGHT, at(8, 45), 60, THRESHOLDS)
    assert [(r.queue, r.start, r.offered) for r in report.queues] == [
        ("billing", at(8, 0), 4),
        ("general", at(8, 0), 2),
    ]
    agent_one = agent_rows(report)[1, at(8, 0)]
    assert (agent_one.logged_in_s, agent_one.not_ready_s, agent_one.talk_s) == (2700, {"break": 900}, 360)
    assert len(report.interval_starts) == 9  # 00:00 to 08:45 in hours, the last one cut short


def test_events_before_the_window_set_the_scene_and_events_after_it_are_ignored() -> None:
    events = [
        e("AgentLoggedIn", at(7, 0), agent=1, ready=False),
        e("ContactQueued", at(7, 59, 50), contact=7, queue="billing", waited_s=0.0),
        e("OfferAccepted", at(8, 0, 5), contact=7, agent=1, queue="billing", waited_s=15.0),
        e("OfferAccepted", at(8, 1), contact=8, agent=3, queue="general", waited_s=50.0),  # queued long ago
        e("ContactEnded", at(8, 3), contact=8, agent=3, queue="general"),
        e("ContactQueued", at(8, 30), contact=9, queue="billing", waited_s=0.0),  # after the window
    ]
    report = interval_report(events, at(8, 0), at(8, 30), 30, THRESHOLDS)
    rows = queue_rows(report)
    assert (rows["billing", at(8, 0)].offered, rows["billing", at(8, 0)].answered) == (0, 1)
    assert rows["billing", at(8, 0)].asa_s == pytest.approx(15.0)
    assert (rows["general", at(8, 0)].answered, rows["general", at(8, 0)].answered_in_sl) == (1, 0)
    agents = agent_rows(report)
    assert agents[1, at(8, 0)].logged_in_s == 1800  # logged in since 07:00: counted from the window's start
    assert (agents[1, at(8, 0)].busy_s, agents[1, at(8, 0)].talk_s) == (pytest.approx(1795), pytest.approx(1795))
    assert agents[1, at(8, 0)].not_ready_s == {"": pytest.approx(5)}
    # Agent 3 was never seen logging in: logged in (ready) before the events began.
    assert (agents[3, at(8, 0)].logged_in_s, agents[3, at(8, 0)].talk_s, agents[3, at(8, 0)].ready_s) == (1800, 120, 60)


def test_a_not_ready_spell_is_split_exactly_across_boundaries() -> None:
    events = [
        e("AgentLoggedIn", at(9, 10), agent=5, ready=True),
        e("AgentPresenceChanged", at(9, 14, 30), agent=5, presence="not_ready", reason="missed"),
        e("AgentPresenceChanged", at(10, 1, 15), agent=5, ready=True, reason=None),
        e("AgentLoggedOut", at(10, 2), agent=5),
    ]
    report = interval_report(events, MIDNIGHT, MIDNIGHT + 86400, 15, {})
    missed = {r.start: r.not_ready_s.get("missed", 0.0) for r in report.agents}
    assert missed == {at(9, 0): 30, at(9, 15): 900, at(9, 30): 900, at(9, 45): 900, at(10, 0): 75}
    assert sum(r.logged_in_s for r in report.agents) == 52 * 60
    assert report.agent_totals()[0].ready_s == 4 * 60 + 30 + 45


def test_only_narrows_to_one_queue_and_the_agents_who_answered_it() -> None:
    report = interval_report(scripted_morning(), MIDNIGHT, at(8, 45), 15, THRESHOLDS).only("billing")
    assert {r.queue for r in report.queues} == {"billing"}
    assert {r.agent for r in report.agents} == {1}
    assert [s.offered for s in report.series() if s.offered] == [3, 1]


def test_minutes_other_than_15_30_or_60_are_refused() -> None:
    with pytest.raises(ValueError, match="minutes"):
        interval_report([], MIDNIGHT, at(1, 0), 20, {})


# ---- properties over simulated days ---------------------------------------------------------------

QUEUES = [
    QueueConfig("billing", Media.VOICE, "billing", relax=((0, 5), (20, 1)), overflow_to="general", overflow_after_s=60),
    QueueConfig("general", Media.VOICE, "general", wrap_up_s=30),
    QueueConfig("chat", Media.CHAT, "general", offer_timeout_s=10),
]
SIM_THRESHOLDS = {"billing": 20.0, "general": 30.0, "chat": 60.0}
SIM_START = MIDNIGHT + 7 * 3600
SIMULATED: dict[int, list[tuple[str, dict[str, Any], float]]] = {}


def simulated(seed: int) -> list[tuple[str, dict[str, Any], float]]:
    """Two busy hours from the virtual-clock simulation, as the event table would hold them."""
    if seed not in SIMULATED:
        events: list[tuple[str, dict[str, Any], float]] = []

        def record(step: object, router: Router) -> None:
            logged = lifecycle_event(step, router)  # type: ignore[arg-type]
            events.append((logged.type, logged.payload, router.now))

        agents = [
            SimAgent(i, {"billing": 1 + i % 9, "general": 3}, answer_delay_s=3, wrap_s=8, reject_share=0.05)
            for i in range(1, 9)
        ]
        traffic = [
            Traffic("billing", 90, 200, patience_s=60, vip_share=0.1),
            Traffic("general", 60, 150, patience_s=40),
            Traffic("chat", 30, 300, patience_s=240),
        ]
        simulate(QUEUES, agents, traffic, 2 * 3600, seed=seed, start=SIM_START + 7.3, on_step=record)
        SIMULATED[seed] = events
    return SIMULATED[seed]


COUNTS = ("offered", "answered", "answered_in_sl", "abandoned", "short_abandoned", "handled")


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(1, 4), minutes=st.sampled_from([15, 30, 60]), cut=st.integers(1, 15))
def test_intervals_add_up_to_the_whole_and_the_whole_matches_the_wallboard(seed: int, minutes: int, cut: int) -> None:
    events = simulated(seed)
    end = SIM_START + 6 * 3600
    whole = interval_report(events, MIDNIGHT, end, minutes, SIM_THRESHOLDS)
    board = Wallboard(thresholds=dict(SIM_THRESHOLDS))
    for position, (type_, payload, when) in enumerate(events, start=1):
        board.apply(position, type_, payload, when)
    totals = {r.queue: r for r in whole.queue_totals()}
    for code, figures in board.queues.items():
        mine = totals[code]
        assert [getattr(mine, name) for name in COUNTS] == [getattr(figures, name) for name in COUNTS]
        assert mine.wait_answered_s == pytest.approx(figures.wait_answered_s)
        assert mine.handle_s == pytest.approx(figures.handle_s)
        assert mine.longest_wait_s >= figures.longest_answered_wait_s
    assert sum(r.offered for r in whole.series()) == whole.overall().offered
    assert sum(r.handled for r in whole.agents) == sum(r.handled for r in whole.queues)

    # Cutting the day in two at an interval boundary: the halves add up to the whole.
    middle = SIM_START + cut * 900
    halves = [interval_report(events, *span, minutes, SIM_THRESHOLDS) for span in ((MIDNIGHT, middle), (middle, end))]
    for name in COUNTS:
        assert sum(getattr(h.overall(), name) for h in halves) == getattr(whole.overall(), name)
    for row in whole.agents:
        assert row.logged_in_s == pytest.approx(row.ready_s + row.busy_s + row.not_ready_total_s)
        assert row.hold_s == 0 and (row.occupancy is None or row.occupancy >= 0)
    for total in whole.agent_totals():
        parts = [r for h in halves for r in h.agent_totals() if r.agent == total.agent]
        assert sum(p.logged_in_s for p in parts) == pytest.approx(total.logged_in_s)
        assert sum(p.talk_s + p.wrap_s for p in parts) == pytest.approx(total.talk_s + total.wrap_s)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(1, 4), minutes=st.sampled_from([15, 30]))
def test_finer_intervals_regroup_into_hours(seed: int, minutes: int) -> None:
    events = simulated(seed)
    end = SIM_START + 6 * 3600
    fine = interval_report(events, MIDNIGHT, end, minutes, SIM_THRESHOLDS)
    hourly = interval_report(events, MIDNIGHT, end, 60, SIM_THRESHOLDS)
    for hour in hourly.queues:
        parts = [r for r in fine.queues if r.queue == hour.queue and hour.start <= r.start < hour.start + 3600]
        assert [sum(getattr(p, n) for p in parts) for n in COUNTS] == [getattr(hour, n) for n in COUNTS]
        assert max(p.longest_wait_s for p in parts) == hour.longest_wait_s
    for hour_row in hourly.agents:
        parts = [
            r for r in fine.agents if r.agent == hour_row.agent and hour_row.start <= r.start < hour_row.start + 3600
        ]
        assert sum(p.talk_s for p in parts) == pytest.approx(hour_row.talk_s)
        assert sum(p.logged_in_s for p in parts) == pytest.approx(hour_row.logged_in_s)
        assert sum(p.not_ready_total_s for p in parts) == pytest.approx(hour_row.not_ready_total_s)
