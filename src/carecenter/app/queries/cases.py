"""Reading cases: one case with its follow-up sheet, links and SLA; lists with filters; the configuration.

Reads use `ctx.read()` (never waiting for a writer). A case is shown within its customer's region scope;
lists show the cases opened in the actor's region (all of them for company-wide roles). Neither shows the
customer's personal data (only the customer id), so no read-audit row is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from carecenter.app.commands.cases import load_case
from carecenter.app.context import AppContext
from carecenter.app.ports.basics import Logged
from carecenter.app.ports.cases import CaseFilter, CaseSummary, LinkedInteraction
from carecenter.domain.access.permissions import Actor
from carecenter.domain.cases.case import Case, CaseNote, CaseStatus, parse_choice, risk_at
from carecenter.domain.cases.model import CaseKind, Priority, StatusCategory
from carecenter.domain.cases.sla import SlaState, Target
from carecenter.domain.cases.sla_policy import PolicySpec
from carecenter.domain.errors import ProblemCollector

MAX_LIMIT = 200
AT_RISK = ("warning", "breached")


@dataclass(frozen=True)
class TargetView:
    """One SLA target at the moment of reading."""

    target: Target
    state: SlaState
    due_at: datetime | None  # None while paused or once met
    budget_s: int
    elapsed_s: float
    remaining_s: float


@dataclass(frozen=True)
class CaseView:
    case: Case
    status: CaseStatus | None  # None if the status was removed from the configuration since
    notes: list[CaseNote]
    interactions: list[LinkedInteraction]
    sla: list[TargetView]  # first response, then resolution; empty when the case has no SLA
    history: list[Logged]  # the case's events, oldest first (its timeline)
    risk: SlaState | None  # the case as a whole: breached, warning, on_track, or None (nothing running)
    at: datetime


@dataclass(frozen=True)
class CaseLine:
    summary: CaseSummary
    risk: SlaState | None


def case_detail(ctx: AppContext, actor: Actor, case_id: int) -> CaseView:
    """The case as it stands now. Raises NotFound, Forbidden (region)."""
    now = ctx.clock.now()
    with ctx.read() as uow:
        case, _customer = load_case(uow, actor, case_id)
        status = next((s for s in uow.case_config.statuses(case.kind) if s.code == case.status_code), None)
        notes = uow.cases.notes_of(case_id)
        linked = uow.cases.interactions_of(case_id)
        history = uow.events.of_aggregate("case", str(case_id))
    targets = []
    if case.sla is not None:
        clock = case.sla
        targets = [
            TargetView(
                target,
                clock.state(now, target),
                clock.due_at(now, target),
                int(clock.policy.budget(target).total_seconds()),
                clock.elapsed(now, target),
                clock.remaining(now, target),
            )
            for target in Target
        ]
    warning, breach = case.sla.risk_window(now) if case.sla is not None else (None, None)
    return CaseView(case, status, notes, linked, targets, history, risk_at(warning, breach, now), now)


def list_cases(
    ctx: AppContext,
    actor: Actor,
    kind: str | None = None,
    category: str | None = None,
    priority: str | None = None,
    department_id: int | None = None,
    assignee_id: int | None = None,
    customer_id: int | None = None,
    at_risk: str | None = None,
    text: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[CaseLine]:
    """Cases matching every filter given: newest first, or soonest due first with `at_risk`
    ("warning": in warning now, not breached; "breached": a target is used up). Paged by `limit`
    (1..200) and `offset`. Raises InvalidInput naming each bad filter."""
    actor.require("cases.read")
    problems = ProblemCollector()
    where = CaseFilter(
        kind=parse_choice(problems, "kind", kind, CaseKind) if kind else None,
        category=parse_choice(problems, "category", category, StatusCategory) if category else None,
        priority=parse_choice(problems, "priority", priority, Priority) if priority else None,
        department_id=department_id,
        assignee_id=assignee_id,
        customer_id=customer_id,
        at_risk=at_risk or None,
        text=text.strip() if text and text.strip() else None,
        region=actor.region_scope(),
    )
    if at_risk and at_risk not in AT_RISK:
        problems.add("at_risk", "must be warning or breached")
    if not 1 <= limit <= MAX_LIMIT:
        problems.add("limit", f"must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        problems.add("offset", "must be 0 or more")
    problems.raise_if_any()
    now = ctx.clock.now()
    with ctx.read() as uow:
        found = uow.cases.find(where, now, limit, offset)
    return [CaseLine(s, risk_at(s.warn_at, s.due_at, now)) for s in found]


OPEN_CATEGORIES = tuple(c for c in StatusCategory if not c.is_final)


def work_queue(ctx: AppContext, actor: Actor, department_id: int, limit: int = MAX_LIMIT) -> list[CaseLine]:
    """A department's open cases (every category but resolved and closed), soonest due first; cases
    without a running SLA come last, oldest first. At most `limit` per category."""
    lines = [
        line
        for category in OPEN_CATEGORIES
        for line in list_cases(ctx, actor, category=category.value, department_id=department_id, limit=limit)
    ]
    return sorted(lines, key=_by_due)


def at_risk_cases(ctx: AppContext, actor: Actor, limit: int = MAX_LIMIT) -> list[CaseLine]:
    """Breached and warning cases together, soonest due (most overdue) first."""
    lines = [line for risk in AT_RISK for line in list_cases(ctx, actor, at_risk=risk, limit=limit)]
    return sorted(lines, key=_by_due)


def _by_due(line: CaseLine) -> tuple[bool, datetime, int]:
    due = line.summary.due_at
    return (due is None, due or line.summary.opened_at, line.summary.id)


def case_statuses(ctx: AppContext, actor: Actor, kind: str | None = None) -> list[CaseStatus]:
    """The statuses of one kind (or all), retired ones included (they still label older cases)."""
    actor.require("cases.read")
    problems = ProblemCollector()
    case_kind: CaseKind | None = parse_choice(problems, "kind", kind, CaseKind) if kind else None
    problems.raise_if_any()
    with ctx.read() as uow:
        return uow.case_config.statuses(case_kind)


def sla_policies(ctx: AppContext, actor: Actor) -> list[PolicySpec]:
    actor.require("cases.read")
    with ctx.read() as uow:
        return uow.case_config.policy_specs()
