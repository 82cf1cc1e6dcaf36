"""The SLA job runner's command: fire the due timers of cases — warnings, breaches and breach actions.

`fire_due` claims up to `limit` due cases for `worker` (one conditional UPDATE, a lease: see
app.ports.cases.CaseTimerRepository), then handles each in its own transaction: load the case, decide
what fired at `now` against what was already acted on (domain.cases.escalation), act, save the case by
compare-and-set on `version`, record the alarms acted on and the next timer, drop the claim, append the
events and queue the staff notices — all of it commits together or not at all. A worker killed at any
point leaves either nothing done (another worker takes the case over when the lease runs out) or
everything done and recorded: no alarm is left unfired and none fires twice. Two workers on one case
(an expired lease taken over while its holder was still at work) cannot both commit: the second save
fails the compare-and-set and its transaction rolls back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from carecenter.app.context import AppContext
from carecenter.app.ports import UnitOfWork
from carecenter.domain.access.permissions import Role
from carecenter.domain.cases.case import Case
from carecenter.domain.cases.escalation import Alarm, Firing, decide, escalate_to, raised_priority
from carecenter.domain.cases.sla import BreachAction, choose_policy
from carecenter.domain.errors import Conflict
from carecenter.domain.events import event

log = logging.getLogger(__name__)

SYSTEM_USER = 0  # the actor of what the job runner does, as in events written by the IVR
STAFF_CHANNEL = "staff"  # outbox rows for staff, not customers: delivered in-app (and by email later)
DEFAULT_LEASE_S = 30.0


@dataclass(frozen=True)
class Fired:
    """What one case's timer did: the alarms and breach actions acted on (both empty: timer moved on)."""

    case_id: int
    firings: tuple[Firing, ...]
    actions: tuple[BreachAction, ...]


@dataclass(frozen=True)
class FireReport:
    claimed: int
    fired: tuple[Fired, ...]
    retried: int  # changed by someone meanwhile or failed: left for the next round


def fire_due(
    ctx: AppContext, worker_id: str, now: datetime | None = None, limit: int = 100, lease_s: float = DEFAULT_LEASE_S
) -> FireReport:
    """Claim up to `limit` cases whose SLA timer is due and fire them; `now` defaults to the clock."""
    claimed_at = now or ctx.clock.now()
    with ctx.uow() as uow:
        ids = uow.case_timers.claim(worker_id, claimed_at, claimed_at + timedelta(seconds=lease_s), limit)
        uow.commit()
    done, retried = [], 0
    for case_id in ids:
        try:
            done.append(fire_case(ctx, case_id, now or ctx.clock.now()))
        except Conflict:  # a person saved the case meanwhile (or another worker fired it): try again
            retried += 1
            with ctx.uow() as uow:
                uow.case_timers.release(case_id, worker_id)
                uow.commit()
        except Exception:  # keep the claim: the lease running out is the back-off before a retry
            retried += 1
            log.exception("SLA timer of case %s failed; retried when its claim runs out", case_id)
    return FireReport(len(ids), tuple(done), retried)


def fire_case(ctx: AppContext, case_id: int, now: datetime) -> Fired:
    """Act on what fired for one case at `now`, in one transaction (Conflict: it changed meanwhile)."""
    with ctx.uow() as uow:
        case = uow.cases.get(case_id)
        at = max(now, case.updated_at)
        decision = decide(case.sla, uow.case_timers.fired(case_id), at)
        if decision.nothing:  # e.g. a warning already acted on, or the case changed: just move the timer on
            next_at = case.sla.next_deadline(at) if case.sla is not None else None
            uow.case_timers.finish(case_id, case.version, decision.fired, next_at, None)
            uow.commit()
            return Fired(case_id, (), ())
        for firing in decision.firings:
            _alarm(uow, case, firing, at)
        changed, escalated_at = case, None
        for action in decision.actions:
            if action is BreachAction.ESCALATE:
                changed = _escalate(uow, changed, at)
                escalated_at = at
            elif action is BreachAction.RAISE_PRIORITY:
                changed = _raise_priority(uow, changed, at)
            elif action is BreachAction.NOTIFY:
                _staff_notice(uow, changed, "case.sla_breached", at, _supervisor_or_department(uow, changed))
        saved = uow.cases.save(replace(changed, updated_at=at), case.version)
        next_at = saved.sla.next_deadline(at) if saved.sla is not None else None
        uow.case_timers.finish(case_id, saved.version, decision.fired, next_at, escalated_at)
        uow.commit()
    return Fired(case_id, decision.firings, decision.actions)


def _alarm(uow: UnitOfWork, case: Case, firing: Firing, at: datetime) -> None:
    assert case.id is not None and case.sla is not None
    due_at = case.sla.due_at(at, firing.target)
    common: dict[str, Any] = {
        "number": case.number,
        "target": firing.target.value,
        "policy": case.policy_code,
        "due_at": due_at.isoformat() if due_at else None,
        "department_id": case.department_id,
        "assignee_id": case.assignee_id,
    }
    if firing.alarm is Alarm.WARNING:
        uow.events.append(event("CaseSlaWarning", "case", case.id, **common), SYSTEM_USER, at)
        _staff_notice(uow, case, "case.sla_warning", at, _owner(case), target=firing.target.value)
    else:
        actions = [a.value for a in case.sla.breach_actions(at)]
        uow.events.append(event("CaseSlaBreached", "case", case.id, **common, actions=actions), SYSTEM_USER, at)


def _escalate(uow: UnitOfWork, case: Case, at: datetime) -> Case:
    """Flag the case escalated and give it to its department's supervisor, when it has one."""
    assert case.id is not None
    supervisors = [(u.id, u.department_id) for u in uow.users.all() if u.active and u.role is Role.SUPERVISOR]
    to = escalate_to(case.department_id, supervisors).assignee_id
    uow.events.append(
        event(
            "CaseEscalated",
            "case",
            case.id,
            number=case.number,
            department_id=case.department_id,
            supervisor_id=to,
            before_assignee_id=case.assignee_id,
        ),
        SYSTEM_USER,
        at,
    )
    if to is not None:
        _staff_notice(uow, case, "case.escalated", at, f"user:{to}")
        return replace(case, assignee_id=to)
    return case


def _raise_priority(uow: UnitOfWork, case: Case, at: datetime) -> Case:
    """One priority step up, under the policy for the new priority from `at` on (time used stays used)."""
    assert case.id is not None
    higher = raised_priority(case.priority)
    if higher is None:
        return case
    clock = case.sla
    segment = uow.customers.get(case.customer_id).segment.value
    policy = choose_policy(uow.case_config.policies(), case.kind, higher, segment)
    if clock is not None and policy is not None:
        clock = clock.change_policy(policy, at)
    raised = replace(case, priority=higher, sla=clock)
    uow.events.append(
        event(
            "CasePriorityRaised",
            "case",
            case.id,
            number=case.number,
            before=case.priority.value,
            after=higher.value,
            policy=raised.policy_code,
        ),
        SYSTEM_USER,
        at,
    )
    return raised


def _owner(case: Case) -> str:
    """Who hears of a warning: the assignee, else the department, else the care centre's supervisors."""
    if case.assignee_id is not None:
        return f"user:{case.assignee_id}"
    if case.department_id is not None:
        return f"department:{case.department_id}"
    return "care_centre"


def _supervisor_or_department(uow: UnitOfWork, case: Case) -> str:
    supervisors = [(u.id, u.department_id) for u in uow.users.all() if u.active and u.role is Role.SUPERVISOR]
    to = escalate_to(case.department_id, supervisors).assignee_id
    if to is not None:
        return f"user:{to}"
    return f"department:{case.department_id}" if case.department_id is not None else "care_centre"


def _staff_notice(uow: UnitOfWork, case: Case, template: str, at: datetime, recipient: str, **extra: Any) -> None:
    payload = {"case_id": case.id, "number": case.number, "subject": case.subject, "at": at.isoformat(), **extra}
    uow.outbox.add(STAFF_CHANNEL, template, payload, at, recipient=recipient, locale="vi")
