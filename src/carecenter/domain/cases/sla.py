"""The SLA clock of one case: how much business time it has used, when it is due, what state it is in.

Pure and deterministic: every instant is an argument (timezone-aware, any zone; a naive datetime
raises ValueError) and every change returns a new clock. Instants returned are in the zone of `at`.

Representation: the case's life as consecutive segments, each under one policy and either running
or paused; a segment lasts until the next one starts (the last until resolution, or on). A pause, a
resume and a change of policy each start a segment. Business time used is then simply the sum, over
the segments that count, of that segment's policy calendar's business seconds: history written once
and never recomputed under another calendar.

Semantics:
- Resolution clock: counts every segment except paused ones (the case is pending the customer).
- First-response clock: counts every segment, pauses included (a case is put to pending the
  customer by answering them, so a pause before the first answer must not hide the wait). It stops
  at the first response, or at resolution (the resolution notice answers the customer).
- Change of policy (the case moved to another department, or its priority changed): the business
  time used so far stays used, each stretch measured on the calendar then in force; from the change
  on, the new policy's calendar measures and its targets apply to the total. A case moved to a
  slower department gets that department's target, counting the time already spent; moved to a
  faster one, it may be breached at the moment of the change.
- A target is a budget that must not be used up: the state is breached once the business time used
  reaches it (the due instant itself is late), and a resolution or first response is met only when
  it came with business time to spare.
- Events are recorded in time order: an event earlier than the clock's last one raises InvalidInput
  (field "at"). Queries accept any instant; one before the start reads as the start, and one before
  later events reads the clock as it stood then ("if nothing changes from `at`").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise

from carecenter.domain.calendar.business_hours import BusinessCalendar
from carecenter.domain.cases.model import StatusCategory
from carecenter.domain.cases.sla_policy import BreachAction, SlaPolicy, Target, check_policies, choose_policy
from carecenter.domain.errors import Conflict, FieldProblem, InvalidInput

# The policy side lives in sla_policy.py (one idea per module); callers import the whole SLA from here.
__all__ = [
    "BreachAction",
    "Segment",
    "SlaClock",
    "SlaPolicy",
    "SlaState",
    "Target",
    "check_policies",
    "choose_policy",
]

_ZERO = timedelta()
# One stretch that counts towards a target: its calendar, from, to (None: still running).
_Run = tuple[BusinessCalendar, datetime, datetime | None]


class SlaState(StrEnum):
    ON_TRACK = "on_track"
    WARNING = "warning"  # the policy's warn_at share of the target is used
    BREACHED = "breached"  # the target is used up and the case is still open (stays so while paused)
    PAUSED = "paused"  # resolution clock only: pending the customer, not yet breached
    MET = "met"  # stopped (answered / resolved) with business time to spare
    MISSED = "missed"  # stopped after the target was used up


@dataclass(frozen=True, slots=True)
class Segment:
    """From `since` until the next segment starts, the case ran (or stood paused) under `policy`."""

    policy: SlaPolicy
    since: datetime
    paused: bool = False


@dataclass(frozen=True)
class SlaClock:
    """One case's SLA clock. Build it with `SlaClock.start`; rebuild a stored one with the constructor.

    `segments` are in time order; `responded_at` is the first response to the customer and
    `resolved_at` the resolution (after which the clock takes no more events).
    """

    segments: tuple[Segment, ...]
    responded_at: datetime | None = None
    resolved_at: datetime | None = None

    def __post_init__(self) -> None:
        if not self.segments:
            raise ValueError("an SLA clock needs at least one segment")
        for segment in self.segments:
            _aware(segment.since, "since")
        if any(b.since < a.since for a, b in pairwise(self.segments)):
            raise ValueError("segments must be in time order")
        if self.responded_at is not None and _aware(self.responded_at, "responded_at") < self.started_at:
            raise ValueError("responded_at is before the clock started")
        if self.resolved_at is not None and _aware(self.resolved_at, "resolved_at") < self.segments[-1].since:
            raise ValueError("resolved_at is before the last segment")
        if self.responded_at is not None and self.resolved_at is not None and self.resolved_at < self.responded_at:
            raise ValueError("resolved_at is before responded_at")

    # --- changes ----------------------------------------------------------------------------------

    @classmethod
    def start(cls, policy: SlaPolicy, at: datetime) -> SlaClock:
        """A running clock under `policy` from `at` (when the case was opened)."""
        return cls((Segment(policy, _aware(at, "at")),))

    def pause(self, at: datetime) -> SlaClock:
        """Stop the resolution clock (the case went pending the customer). Conflict if already paused."""
        self._check_event(at)
        if self.paused:
            raise Conflict("the SLA clock is already paused")
        return self._then(Segment(self.policy, at, paused=True))

    def resume(self, at: datetime) -> SlaClock:
        """Restart the resolution clock (the customer answered). Conflict if it is not paused."""
        self._check_event(at)
        if not self.paused:
            raise Conflict("the SLA clock is not paused")
        return self._then(Segment(self.policy, at))

    def change_policy(self, policy: SlaPolicy, at: datetime) -> SlaClock:
        """Apply `policy` from `at` on (another department or priority); time used stays used."""
        self._check_event(at)
        if policy == self.policy:
            return self
        return self._then(Segment(policy, at, self.paused))

    def responded(self, at: datetime) -> SlaClock:
        """Record the first response to the customer; later answers (or any after resolution) change nothing."""
        if self.responded_at is not None or self.resolved_at is not None:
            return self
        self._check_event(at)
        return replace(self, responded_at=at)

    def resolved(self, at: datetime) -> SlaClock:
        """Stop both clocks for good at `at`. Conflict if already resolved."""
        self._check_event(at)
        return replace(self, resolved_at=at)

    def with_category(self, category: StatusCategory, at: datetime) -> SlaClock:
        """The clock after the case's status moved into `category` at `at`.

        Pending the customer pauses, any other open category runs, resolved or closed resolves.
        Moving between categories that keep the clock as it is changes nothing. Reopening a
        resolved case is not supported yet and raises Conflict.
        """
        if self.resolved_at is not None:
            if category.is_final:
                return self
            raise Conflict("the case is resolved; reopening its SLA clock is not supported")
        if category.is_final:
            return self.resolved(at)
        if category.pauses_sla != self.paused:
            return self.pause(at) if category.pauses_sla else self.resume(at)
        return self

    # --- what it is now ---------------------------------------------------------------------------

    @property
    def started_at(self) -> datetime:
        return self.segments[0].since

    @property
    def policy(self) -> SlaPolicy:
        """The policy in force after the last change."""
        return self.segments[-1].policy

    @property
    def paused(self) -> bool:
        return self.segments[-1].paused

    # --- queries ----------------------------------------------------------------------------------

    def elapsed(self, at: datetime, target: Target = Target.RESOLUTION) -> float:
        """Business seconds counted against `target` by `at`, each segment on its own calendar."""
        return self._used(at, target).total_seconds()

    def remaining(self, at: datetime, target: Target = Target.RESOLUTION) -> float:
        """Business seconds left of `target` at `at`; negative once it is overdue, by how much."""
        moment = self._stopped(at, target) or at
        return (self._segment_at(moment).policy.budget(target) - self._used(moment, target)).total_seconds()

    def due_at(self, at: datetime, target: Target = Target.RESOLUTION) -> datetime | None:
        """The instant `target` is used up if nothing changes after `at`.

        Past for a breached target (the moment it became due, at the latest the policy change that
        made it due). None while the resolution clock is paused and when a stopped target was met.
        A stopped target is judged as it stood when it stopped, under the policy then in force.
        """
        moment = self._stopped(at, target) or at
        segment = self._segment_at(moment)
        if target is Target.RESOLUTION and segment.paused:
            return None
        reached = self._reached(moment, target, segment.policy.budget(target))
        return None if reached is None else reached.astimezone(at.tzinfo)

    def state(self, at: datetime, target: Target = Target.RESOLUTION) -> SlaState:
        """Where `target` stands at `at` (see SlaState); a stopped target is met or missed."""
        stopped = self._stopped(at, target)
        if stopped is not None:
            budget = self._segment_at(stopped).policy.budget(target)
            return SlaState.MET if self._used(stopped, target) < budget else SlaState.MISSED
        segment = self._segment_at(at)
        used = self._used(at, target)
        if used >= segment.policy.budget(target):
            return SlaState.BREACHED
        if segment.paused and target is Target.RESOLUTION:
            return SlaState.PAUSED
        return SlaState.WARNING if used >= segment.policy.warning(target) else SlaState.ON_TRACK

    def next_deadline(self, at: datetime) -> datetime | None:
        """The first instant after `at` where either target's state changes, if nothing else happens.

        A warning or a breach of the first response or the resolution: what a job runner schedules.
        None when nothing is pending (both targets stopped or breached, or the only running one
        paused). After any change to the clock the schedule must be taken again from the new clock.
        """
        policy = self._segment_at(at).policy
        due = [
            reached
            for target in Target
            if self._stopped(at, target) is None  # a stopped target changes no more
            for threshold in (policy.warning(target), policy.budget(target))
            if (reached := self._reached(at, target, threshold)) is not None and reached > at
        ]
        return min(due, default=None)

    def risk_window(self, at: datetime) -> tuple[datetime | None, datetime | None]:
        """(warning, breach): when the case is first in warning and first breached, if nothing changes after `at`.

        Over the targets not stopped by `at`, the earliest instant one of them is in warning and the
        earliest one is breached; instants in the past when that already happened. Both hold until
        the clock's next change, so stored beside a case they tell its state at any later `now`
        without a job runner: breached when breach <= now, else warning when warning <= now. A
        paused resolution target gives no warning (its state is paused), only a breach it already had.
        """
        policy = self._segment_at(at).policy
        paused = self._segment_at(at).paused
        warnings, breaches = [], []
        for target in Target:
            if self._stopped(at, target) is not None:
                continue
            if (breach := self._reached(at, target, policy.budget(target))) is not None:
                breaches.append(breach)
            if paused and target is Target.RESOLUTION:
                continue
            if (warning := self._reached(at, target, policy.warning(target))) is not None:
                warnings.append(warning)
        return min(warnings, default=None), min(breaches, default=None)

    def breach_actions(self, at: datetime) -> tuple[BreachAction, ...]:
        """What the policy in force at `at` asks the job runner to do on a breach."""
        return self._segment_at(at).policy.breach_actions

    # --- the arithmetic ---------------------------------------------------------------------------

    def _then(self, segment: Segment) -> SlaClock:
        return replace(self, segments=(*self.segments, segment))

    def _check_event(self, at: datetime) -> None:
        _aware(at, "at")
        if self.resolved_at is not None:
            raise Conflict("the case is resolved: its SLA clock has stopped")
        latest = max(self.segments[-1].since, self.responded_at or self.started_at)
        if at < latest:
            raise InvalidInput(FieldProblem("at", f"is before the clock's last change at {latest.isoformat()}"))

    def _stop(self, target: Target) -> datetime | None:
        if target is Target.FIRST_RESPONSE and self.responded_at is not None:
            return self.responded_at
        return self.resolved_at

    def _stopped(self, at: datetime, target: Target) -> datetime | None:
        """The instant `target` stopped, if it had by `at`: a stopped target is read as it stood then."""
        stop = self._stop(target)
        return stop if stop is not None and stop <= _aware(at, "at") else None

    def _known(self, at: datetime) -> list[Segment]:
        """The segments started by `at` (read as the start if it is earlier)."""
        return [s for s in self.segments if s.since <= at] or [self.segments[0]]

    def _segment_at(self, at: datetime) -> Segment:
        return self._known(_aware(at, "at"))[-1]

    def _runs(self, at: datetime, target: Target) -> list[_Run]:
        """The stretches that count towards `target`, as known at `at`; the last may be open-ended."""
        known = self._known(_aware(at, "at"))
        stop = self._stop(target)
        limit = stop if stop is not None and stop <= at else None
        runs: list[_Run] = []
        for index, segment in enumerate(known):
            if limit is not None and segment.since >= limit:
                break
            end = known[index + 1].since if index + 1 < len(known) else None
            if limit is not None:
                end = limit if end is None else min(end, limit)
            if not (segment.paused and target is Target.RESOLUTION):
                runs.append((segment.policy.calendar, segment.since, end))
        return runs

    def _used(self, at: datetime, target: Target) -> timedelta:
        used = _ZERO
        for calendar, since, end in self._runs(at, target):
            # business_seconds is exact to the microsecond, and so is its float for spans of years:
            # summing timedeltas keeps the total exact, so thresholds compare without rounding.
            used += timedelta(seconds=calendar.business_seconds(since, end if end is not None else at))
        return used

    def _reached(self, at: datetime, target: Target, threshold: timedelta) -> datetime | None:
        """The first instant `threshold` is used if nothing changes after `at`, not before the policy
        in force at `at` took over (before that another target applied); None if never."""
        known = self._known(_aware(at, "at"))
        since = known[-1].since
        for segment in reversed(known):  # the policy has been in force since its last change
            if segment.policy != known[-1].policy:
                break
            since = segment.since
        if threshold <= _ZERO:
            return since.astimezone(at.tzinfo)
        used = _ZERO
        for calendar, start, end in self._runs(at, target):
            need = threshold - used
            span = None if end is None else timedelta(seconds=calendar.business_seconds(start, end))
            if span is None or span >= need:
                reached = calendar.add_business_seconds(start, need.total_seconds())
                return max(reached, since).astimezone(at.tzinfo)
            used += span
        return None


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {moment.isoformat()}")
    return moment
