"""SLA policies: the targets a case must meet, by kind × priority × customer segment.

A policy's targets are business seconds on its own calendar (the one business calendar shared with
routing and the IVR), so a department that works Mon–Fri 08:00–17:00 and one that works 24/7 can
hold the same case to different clocks. `choose_policy` picks the one that applies to a case;
`check_policies` rejects a table in which two policies would tie.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from carecenter.domain.calendar.business_hours import BusinessCalendar
from carecenter.domain.cases.model import CaseKind, Priority
from carecenter.domain.errors import FieldProblem, InvalidInput, ProblemCollector


class BreachAction(StrEnum):
    """What the job runner does when a target is breached."""

    ESCALATE = "escalate"  # to the supervisor of the team holding the case
    RAISE_PRIORITY = "raise_priority"  # Priority.raised(), which may select another policy
    NOTIFY = "notify"  # the owner and the care centre


class Target(StrEnum):
    """The two clocks of a case: until the first answer to the customer, and until resolution."""

    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"


_MICROSECOND = timedelta(microseconds=1)
_AROUND_THE_CLOCK = BusinessCalendar()  # frozen, so one shared default is safe


@dataclass(frozen=True)
class SlaPolicy:
    """Targets for cases of one kind and priority, for one customer segment or (segment None) any.

    `first_response_s` and `resolution_s` are business seconds on `calendar` (whole seconds, above 0).
    A warning is due once `warn_at` of a target is used (0 < warn_at < 1); `breach_actions` are what
    the job runner does on a breach. The default calendar is open around the clock. Every bad field
    is reported at once as InvalidInput naming it.
    """

    code: str
    kind: CaseKind
    priority: Priority
    segment: str | None
    first_response_s: int
    resolution_s: int
    warn_at: float = 0.8
    breach_actions: tuple[BreachAction, ...] = ()
    calendar: BusinessCalendar = _AROUND_THE_CLOCK

    def __post_init__(self) -> None:
        problems = ProblemCollector()
        if not self.code.strip():
            problems.add("code", "must not be empty")
        for name in ("first_response_s", "resolution_s"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                problems.add(name, "must be a whole number of business seconds above 0")
        warn_at = self.warn_at
        if isinstance(warn_at, bool) or not isinstance(warn_at, int | float) or not 0 < warn_at < 1:
            problems.add("warn_at", "must be a fraction of the target strictly between 0 and 1, such as 0.8")
        if any(not isinstance(action, BreachAction) for action in self.breach_actions):
            problems.add("breach_actions", f"use {', '.join(a.value for a in BreachAction)}")
        if not any(self.calendar.weekly):
            problems.add("calendar", "has no opening hours, so no target could ever be reached")
        problems.raise_if_any()

    def budget(self, target: Target) -> timedelta:
        """The business time `target` allows."""
        return timedelta(seconds=self.first_response_s if target is Target.FIRST_RESPONSE else self.resolution_s)

    def warning(self, target: Target) -> timedelta:
        """The business time after which `target` is at risk; always below the budget.

        Rounded down to the microsecond (the resolution of datetime) and kept below the budget, so
        that warning and breach are two distinct instants for a job runner.
        """
        budget = self.budget(target)
        threshold = _MICROSECOND * math.floor(self.warn_at * (budget / _MICROSECOND))
        return min(threshold, budget - _MICROSECOND)


@dataclass(frozen=True)
class PolicySpec:
    """An SLA policy as configured: its calendar named by code (calendars live in their own table)."""

    code: str
    kind: CaseKind
    priority: Priority
    segment: str | None
    first_response_s: int
    resolution_s: int
    breach_actions: tuple[BreachAction, ...]
    calendar_code: str
    warn_at: float = 0.8

    def build(self, calendar: BusinessCalendar) -> SlaPolicy:
        """The policy with `calendar` (the one named `calendar_code`); InvalidInput naming a bad field."""
        return SlaPolicy(
            self.code,
            self.kind,
            self.priority,
            self.segment,
            self.first_response_s,
            self.resolution_s,
            self.warn_at,
            self.breach_actions,
            calendar,
        )


def check_policies(policies: Iterable[SlaPolicy]) -> None:
    """Raise InvalidInput when two policies share a code, or a kind, priority and segment.

    Two policies for the same key would make the clock of a case depend on the order of rows, so
    the table is refused instead; the problem names the later one as `policies[i]`.
    """
    problems = ProblemCollector()
    by_key: dict[tuple[CaseKind, Priority, str | None], int] = {}
    by_code: dict[str, int] = {}
    for index, policy in enumerate(policies):
        key = (policy.kind, policy.priority, policy.segment)
        if key in by_key:
            problems.add(f"policies[{index}]", f"same kind, priority and segment as policies[{by_key[key]}]")
        by_key.setdefault(key, index)
        if policy.code in by_code:
            first = by_code[policy.code]
            problems.add(f"policies[{index}].code", f"'{policy.code}' is already used by policies[{first}]")
        by_code.setdefault(policy.code, index)
    problems.raise_if_any()


def choose_policy(
    policies: Sequence[SlaPolicy], kind: CaseKind, priority: Priority, segment: str | None
) -> SlaPolicy | None:
    """The policy for a case: same kind and priority, the customer's segment before any-segment.

    None when no policy matches (the case has no SLA). Two equally specific matches are a
    configuration error (see `check_policies`) and raise InvalidInput rather than pick one by order.
    """
    matches = [p for p in policies if p.kind is kind and p.priority is priority and p.segment in (segment, None)]
    exact = [p for p in matches if p.segment is not None]
    best = exact or matches
    if len(best) > 1:
        codes = ", ".join(p.code for p in best)
        raise InvalidInput(FieldProblem("policies", f"{codes} all apply to {kind.value}/{priority.value}/{segment}"))
    return best[0] if best else None
