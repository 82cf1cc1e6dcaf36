"""SLA clock invariants over random calendars, start times, pauses, responses and policy changes.

Calendars have whole-minute hours and every event falls on a whole minute, so business time only
starts or stops on a minute boundary and a minute-by-minute count (the brute force below, which
knows nothing of segments) is exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carecenter.domain.calendar.business_hours import BusinessCalendar, Interval
from carecenter.domain.cases.model import CaseKind, Priority
from carecenter.domain.cases.sla import SlaClock, SlaPolicy, SlaState, Target

ZONES = ["Asia/Ho_Chi_Minh", "UTC", "America/New_York", "Australia/Lord_Howe"]
BASE = datetime(2025, 1, 1, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
SECOND = timedelta(seconds=1)
MICRO = timedelta(microseconds=1)
TAIL = timedelta(hours=12)  # how far past the last event the brute force counts
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
States = tuple[SlaState, SlaState]


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    def day(bounds: list[int]) -> tuple[Interval, ...]:
        edges = sorted(bounds)[: len(bounds) // 2 * 2]
        return tuple(Interval(a, b) for a, b in zip(edges[::2], edges[1::2], strict=True))

    weekly = [day(draw(st.lists(st.integers(0, 1440), max_size=4, unique=True))) for _ in range(7)]
    if not any(weekly):  # a policy needs a calendar that opens some time
        weekly[draw(st.integers(0, 6))] = (Interval(480, 1020),)
    holidays = draw(st.frozensets(st.dates(date(2024, 12, 30), date(2025, 2, 10)), max_size=8))
    return BusinessCalendar(draw(st.sampled_from(ZONES)), tuple(weekly), holidays)


policies = st.builds(
    lambda calendar, first, resolution, warn_at: SlaPolicy(
        "p", CaseKind.FAULT, Priority.NORMAL, None, first, resolution, warn_at, calendar=calendar
    ),
    calendars(),
    st.integers(60, 4 * 3600) | st.integers(60, 86400),  # small targets: breaches within the scenario
    st.integers(60, 8 * 3600) | st.integers(60, 3 * 86400),
    st.floats(0.05, 0.95),
)


@dataclass(frozen=True)
class Scenario:
    """A clock and, independently, what happened to it: from each instant on, its policy and pause."""

    clock: SlaClock
    timeline: list[tuple[datetime, SlaPolicy, bool]]
    responded: datetime | None
    resolved: datetime | None

    @property
    def start(self) -> datetime:
        return self.timeline[0][0]

    @property
    def last(self) -> datetime:
        return max(t for t in (self.timeline[-1][0], self.responded, self.resolved) if t is not None)

    @property
    def policy_since(self) -> datetime:
        """When the policy in force at the end took over (it may have been in force before, too)."""
        since = self.timeline[-1][0]
        for moment, policy, _ in reversed(self.timeline):
            if policy != self.timeline[-1][1]:
                break
            since = moment
        return since

    def at(self, moment: datetime) -> tuple[SlaPolicy, bool]:
        return [(p, paused) for t, p, paused in self.timeline if t <= moment][-1]


@st.composite
def scenarios(draw: st.DrawFn, may_resolve: bool = True) -> Scenario:
    choices = draw(st.lists(policies, min_size=1, max_size=3))
    start = BASE + MINUTE * draw(st.integers(0, 20 * 1440))
    clock = SlaClock.start(choices[0], start)
    timeline = [(start, choices[0], False)]
    responded = resolved = None
    moment = start
    steps = st.tuples(st.integers(0, 480), st.sampled_from(["toggle", "move", "respond"]), st.integers(0, 2))
    for gap, step, index in draw(st.lists(steps, max_size=6)):
        moment += MINUTE * gap
        _, policy, paused = timeline[-1]
        if step == "toggle":
            clock = clock.resume(moment) if paused else clock.pause(moment)
            timeline.append((moment, policy, not paused))
        elif step == "move":
            policy = choices[index % len(choices)]
            clock = clock.change_policy(policy, moment)
            timeline.append((moment, policy, paused))
        elif responded is None:
            clock, responded = clock.responded(moment), moment
    if may_resolve and draw(st.booleans()):
        moment += MINUTE * draw(st.integers(0, 480))
        clock, resolved = clock.resolved(moment), moment
    return Scenario(clock, timeline, responded, resolved)


def brute_force(scenario: Scenario, end: datetime) -> dict[Target, list[float]]:
    """Business seconds used by each target after each whole minute from the start, counted one by one."""
    first_stop = scenario.responded or scenario.resolved
    used = {Target.RESOLUTION: [0.0], Target.FIRST_RESPONSE: [0.0]}
    minute = scenario.start
    while minute < end:
        policy, paused = scenario.at(minute)
        is_open = policy.calendar.is_open(minute)
        counts = {
            Target.RESOLUTION: is_open and not paused and (scenario.resolved is None or minute < scenario.resolved),
            Target.FIRST_RESPONSE: is_open and (first_stop is None or minute < first_stop),
        }
        for target, count in counts.items():
            used[target].append(used[target][-1] + (60.0 if count else 0.0))
        minute += MINUTE
    return used


def states(clock: SlaClock, at: datetime) -> States:
    return clock.state(at, Target.FIRST_RESPONSE), clock.state(at)


def offset(seconds: int) -> timedelta:
    return timedelta(seconds=seconds)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.lists(st.floats(0, 1), min_size=1, max_size=12))
def test_elapsed_equals_a_minute_by_minute_count(scenario: Scenario, fractions: list[float]) -> None:
    end = scenario.last + TAIL
    used = brute_force(scenario, end)
    minutes = len(used[Target.RESOLUTION]) - 1
    for fraction in fractions:
        index = round(fraction * minutes)
        at = scenario.start + MINUTE * index
        for target in Target:
            assert scenario.clock.elapsed(at, target) == used[target][index], (target, at)


@FAST
@given(scenarios(), st.lists(st.integers(-3600, 5 * 86400), min_size=2, max_size=12))
def test_elapsed_never_falls_and_stands_still_while_paused(scenario: Scenario, seconds: list[int]) -> None:
    clock = scenario.clock
    instants = sorted(scenario.start + offset(s) for s in seconds)
    for target in Target:
        values = [clock.elapsed(at, target) for at in instants]
        assert values == sorted(values), target
    horizon = scenario.last + timedelta(days=5)
    ends = [t for t, _, _ in scenario.timeline[1:]] + [scenario.resolved or horizon]
    for (since, _, paused), until in zip(scenario.timeline, ends, strict=True):
        if paused:
            at_pause = clock.elapsed(since)
            assert all(clock.elapsed(at) == at_pause for at in instants if since <= at <= until)
            assert clock.elapsed(until) == at_pause


@FAST
@given(scenarios(may_resolve=False), st.integers(0, 2 * 86400))
def test_due_at_is_the_instant_the_target_is_used_up(scenario: Scenario, later: int) -> None:
    clock = scenario.clock
    at = scenario.last + offset(later)
    for target in Target:
        due = clock.due_at(at, target)
        budget = clock.policy.budget(target).total_seconds()
        if target is Target.RESOLUTION and clock.paused:
            assert due is None
        elif target is Target.FIRST_RESPONSE and scenario.responded is not None:
            assert (due is None) == (clock.state(at, target) is SlaState.MET)
        elif clock.elapsed(at, target) < budget:
            assert due is not None and due > at
            assert abs(clock.elapsed(due, target) - budget) < 1e-6
            assert clock.state(due - MICRO, target) is not SlaState.BREACHED
            assert clock.state(due, target) is SlaState.BREACHED
            assert clock.state(due + SECOND, target) is SlaState.BREACHED
        else:  # used up already: when it happened, or when the policy that made it so took over
            assert due is not None and due <= at
            assert clock.state(at, target) is clock.state(due, target) is SlaState.BREACHED
            if due > scenario.policy_since:
                assert clock.state(due - MICRO, target) is not SlaState.BREACHED


@FAST
@given(scenarios(), st.integers(0, 2 * 86400), st.lists(st.floats(0, 1, exclude_max=True), max_size=4))
def test_next_deadline_is_the_next_change_of_state(scenario: Scenario, later: int, fractions: list[float]) -> None:
    clock = scenario.clock
    at = scenario.last + offset(later)
    now = states(clock, at)
    deadline = clock.next_deadline(at)
    if deadline is None:
        assert states(clock, at + timedelta(days=7)) == states(clock, at + timedelta(days=60)) == now
        return
    assert deadline > at
    micros = (deadline - at) // MICRO
    between = [at + MICRO * min(int(micros * f), micros - 1) for f in fractions]
    assert all(states(clock, t) == now for t in [*between, deadline - MICRO])
    assert states(clock, deadline) != now
    # The one exception: a second before the deadline may lie before the clock's latest event,
    # where another policy or pause held and so possibly the same state as just after.
    if deadline - SECOND >= scenario.last:
        assert states(clock, deadline - SECOND) != states(clock, deadline + SECOND)


@FAST
@given(scenarios())
def test_a_job_runner_following_next_deadline_sees_at_most_four_changes(scenario: Scenario) -> None:
    clock = scenario.clock
    at: datetime | None = scenario.last
    seen: list[States] = []
    while at is not None:
        assert len(seen) < 5, seen  # warning and breach of two targets, then nothing
        seen.append(states(clock, at))
        at = clock.next_deadline(at)
    assert all(a != b for a, b in pairwise(seen))
    final = {SlaState.BREACHED, SlaState.PAUSED, SlaState.MET, SlaState.MISSED}
    assert seen[-1][0] in final and seen[-1][1] in final
