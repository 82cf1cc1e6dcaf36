"""What the SLA job runner does when a case's timer fires: warnings, breaches and the breach actions.

Pure: given the case's clock, what was already acted on (`fired`, stored beside the case) and `now`, it
returns what to do and the new `fired` set. The runner stores that set in the same transaction as the
actions, so a re-run after a crash (or a second worker) finds them done and never acts twice.

Each target (first response, resolution) warns once and breaches once in a case's life. A target found
already breached whose warning never fired (the runner was down between the two) warns late, then
breaches: no timer is left unfired. A breach brings the policy's breach actions (the policy in force at
`now`), each at most once per breach; nothing fires for a resolved case or a stopped target.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from carecenter.domain.cases.model import Priority
from carecenter.domain.cases.sla import BreachAction, SlaClock, SlaState, Target


class Alarm(StrEnum):
    WARNING = "warning"
    BREACH = "breach"


def fired_key(target: Target, alarm: Alarm) -> str:
    """How one alarm is remembered in the stored `fired` set ("resolution.breach")."""
    return f"{target.value}.{alarm.value}"


@dataclass(frozen=True)
class Firing:
    """One alarm of one target that fires now."""

    target: Target
    alarm: Alarm


@dataclass(frozen=True)
class SlaDecision:
    """What to do now: the alarms in order (warnings before breaches), the breach actions, the new set."""

    firings: tuple[Firing, ...]
    actions: tuple[BreachAction, ...]
    fired: frozenset[str]

    @property
    def nothing(self) -> bool:
        return not self.firings


_ALARMS = {SlaState.WARNING: (Alarm.WARNING,), SlaState.BREACHED: (Alarm.WARNING, Alarm.BREACH)}


def decide(clock: SlaClock | None, fired: Iterable[str], now: datetime) -> SlaDecision:
    """The alarms due at `now` that were not fired before, and the breach actions they bring."""
    done = frozenset(fired)
    if clock is None or (clock.resolved_at is not None and clock.resolved_at <= now):
        return SlaDecision((), (), done)
    firings = []
    for target in Target:
        for alarm in _ALARMS.get(clock.state(now, target), ()):
            if fired_key(target, alarm) not in done:
                firings.append(Firing(target, alarm))
    firings.sort(key=lambda f: f.alarm is Alarm.BREACH)  # every warning before any breach
    breached = any(f.alarm is Alarm.BREACH for f in firings)
    actions = tuple(dict.fromkeys(clock.breach_actions(now))) if breached else ()
    return SlaDecision(tuple(firings), actions, done | {fired_key(f.target, f.alarm) for f in firings})


@dataclass(frozen=True)
class Escalation:
    """Who an escalated case goes to: the supervisor's user id, or None (the case is flagged only)."""

    assignee_id: int | None


def escalate_to(department_id: int | None, supervisors: Sequence[tuple[int, int | None]]) -> Escalation:
    """The supervisor of the case's department (lowest user id of `supervisors`, given as (user id,
    department id) of active supervisors); None when the case has no department or it has no supervisor."""
    if department_id is None:
        return Escalation(None)
    ids = sorted(user_id for user_id, department in supervisors if department == department_id)
    return Escalation(ids[0] if ids else None)


def raised_priority(priority: Priority) -> Priority | None:
    """The priority after the raise_priority action; None when it is already the highest."""
    higher = priority.raised()
    return higher if higher != priority else None
