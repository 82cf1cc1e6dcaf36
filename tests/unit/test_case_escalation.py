"""The SLA job runner's decisions: each target warns once and breaches once, late alarms still fire, the
policy's breach actions come with a breach, nothing fires after resolution."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from carecenter.domain.cases.escalation import (
    Alarm,
    Firing,
    decide,
    escalate_to,
    fired_key,
    raised_priority,
)
from carecenter.domain.cases.model import CaseKind, Priority
from carecenter.domain.cases.sla import BreachAction, SlaClock, SlaPolicy, Target

T0 = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
FR, RES = Target.FIRST_RESPONSE, Target.RESOLUTION


def _policy(
    actions: tuple[BreachAction, ...] = (BreachAction.NOTIFY,), priority: Priority = Priority.NORMAL, res: int = 1000
) -> SlaPolicy:
    # Around the clock: first response due in 100 s (warning at 80 s), resolution in `res` s (warning at 80 %).
    return SlaPolicy(f"p.{priority.value}", CaseKind.FAULT, priority, None, 100, res, 0.8, actions)


def _at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_nothing_fires_on_track_or_without_a_clock() -> None:
    clock = SlaClock.start(_policy(), T0)
    assert decide(clock, (), _at(79)).nothing
    assert decide(None, (), _at(10_000)).nothing


def test_a_warning_fires_once() -> None:
    clock = SlaClock.start(_policy(), T0)
    first = decide(clock, (), _at(80))
    assert first.firings == (Firing(FR, Alarm.WARNING),)
    assert first.actions == ()
    assert first.fired == {"first_response.warning"}
    assert decide(clock, first.fired, _at(90)).nothing


def test_a_breach_fires_once_with_the_policys_actions() -> None:
    clock = SlaClock.start(_policy((BreachAction.ESCALATE, BreachAction.NOTIFY)), T0)
    warned = decide(clock, (), _at(80)).fired
    breach = decide(clock, warned, _at(100))
    assert breach.firings == (Firing(FR, Alarm.BREACH),)
    assert breach.actions == (BreachAction.ESCALATE, BreachAction.NOTIFY)
    assert decide(clock, breach.fired, _at(150)).nothing


def test_a_runner_that_was_down_fires_every_missed_alarm_once_warnings_first() -> None:
    clock = SlaClock.start(_policy(), T0)
    late = decide(clock, (), _at(5000))
    assert late.firings == (
        Firing(FR, Alarm.WARNING),
        Firing(RES, Alarm.WARNING),
        Firing(FR, Alarm.BREACH),
        Firing(RES, Alarm.BREACH),
    )
    assert late.actions == (BreachAction.NOTIFY,)  # once, though two targets breached
    assert late.fired == {fired_key(t, a) for t in Target for a in Alarm}
    assert decide(clock, late.fired, _at(6000)).nothing


def test_a_policy_without_breach_actions_only_records_the_breach() -> None:
    clock = SlaClock.start(_policy(()), T0)
    breach = decide(clock, {"first_response.warning"}, _at(100))
    assert breach.firings == (Firing(FR, Alarm.BREACH),)
    assert breach.actions == ()


def test_nothing_fires_after_resolution_and_a_stopped_target_fires_no_more() -> None:
    clock = SlaClock.start(_policy(), T0).responded(_at(50))
    assert decide(clock, (), _at(100)).nothing  # first response met; resolution still on track
    assert decide(clock, (), _at(800)).firings == (Firing(RES, Alarm.WARNING),)
    resolved = clock.resolved(_at(120))
    assert decide(resolved, (), _at(5000)).nothing


def test_raise_priority_changes_the_policy_for_the_rest_of_the_clock() -> None:
    normal = _policy((BreachAction.RAISE_PRIORITY,), res=1000)
    high = _policy((), Priority.HIGH, res=500)
    clock = SlaClock.start(normal, T0).responded(_at(10))
    breach = decide(clock, {"resolution.warning"}, _at(1000))
    assert breach.actions == (BreachAction.RAISE_PRIORITY,)
    after = raised_priority(Priority.NORMAL)
    assert after is Priority.HIGH
    moved = clock.change_policy(high, _at(1000))
    assert moved.policy is high
    # Already breached under the faster policy too, and already acted on: no second breach.
    assert decide(moved, breach.fired, _at(1001)).nothing
    assert raised_priority(Priority.URGENT) is None


def test_escalation_goes_to_the_departments_supervisor_if_it_has_one() -> None:
    supervisors = [(9, 2), (5, 2), (7, 3)]
    assert escalate_to(2, supervisors).assignee_id == 5
    assert escalate_to(4, supervisors).assignee_id is None
    assert escalate_to(None, supervisors).assignee_id is None
