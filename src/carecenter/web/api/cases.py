"""REST: cases — open, list (with filters and the SLA at-risk list), read, change status, dispatch, notes,
resolve; and the case configuration (statuses per kind, SLA policies).

Every change names the `version` the caller saw (409 when the case changed since). A write answers with
the case as it then stands, SLA included. Instants are UTC ISO 8601.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from carecenter.app.commands import case_work
from carecenter.app.commands.cases import add_note, open_case
from carecenter.app.ports.cases import LinkedInteraction
from carecenter.app.queries.cases import CaseLine, CaseView, TargetView, case_detail, case_statuses, list_cases
from carecenter.app.queries.cases import sla_policies as policy_specs
from carecenter.domain.cases.case import Case, CaseNote, CaseStatus
from carecenter.domain.cases.sla_policy import PolicySpec
from carecenter.web.access import Ctx, current, rule


class CaseIn(msgspec.Struct):
    kind: str
    customer_id: int
    subject: str
    description: str = ""
    priority: str = "normal"
    interaction_id: int | None = None
    service_account_id: int | None = None
    premise_id: int | None = None
    cause_code: str | None = None
    custom: dict[str, Any] = {}


class StatusIn(msgspec.Struct):
    version: int
    status_code: str
    note: str | None = None
    resolution_code: str | None = None


class AssignIn(msgspec.Struct):
    version: int
    department_id: int | None = None
    team_id: int | None = None
    assignee_id: int | None = None


class NoteIn(msgspec.Struct):
    text: str
    kind: str = "note"  # note | action | contact


class ResolveIn(msgspec.Struct):
    version: int
    resolution_code: str
    note: str | None = None


@get("/api/v1/cases", opt=rule("cases.read"), sync_to_thread=True)
def cases(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    kind: FromQuery[str | None] = None,
    category: FromQuery[str | None] = None,
    priority: FromQuery[str | None] = None,
    department_id: FromQuery[int | None] = None,
    assignee_id: FromQuery[int | None] = None,
    customer_id: FromQuery[int | None] = None,
    at_risk: FromQuery[str | None] = None,
    q: FromQuery[str | None] = None,
    limit: FromQuery[int] = 50,
    offset: FromQuery[int] = 0,
) -> dict[str, Any]:
    """Cases, newest first; `at_risk=warning|breached` gives the SLA at-risk list, soonest due first.

    `q` is matched in the subject; `limit` (1-200) and `offset` page through the list.
    """
    found = list_cases(
        ctx,
        current(request).actor,
        kind,
        category,
        priority,
        department_id,
        assignee_id,
        customer_id,
        at_risk,
        q,
        limit,
        offset,
    )
    return {"cases": [_line(line) for line in found], "limit": limit, "offset": offset}


@post("/api/v1/cases", opt=rule("cases.write"), sync_to_thread=True)
def create(request: Request[Any, Any, Any], ctx: Ctx, data: JSONBody[CaseIn]) -> dict[str, Any]:
    """Open a case for a customer (201); its SLA clock starts and the customer is notified."""
    actor = current(request).actor
    case = open_case(
        ctx,
        actor,
        data.kind,
        data.customer_id,
        data.subject,
        data.description,
        data.priority,
        data.interaction_id,
        data.service_account_id,
        data.premise_id,
        data.cause_code,
        data.custom,
    )
    assert case.id is not None
    return _view(case_detail(ctx, actor, case.id))


@get("/api/v1/cases/{case_id:int}", opt=rule("cases.read"), sync_to_thread=True)
def read(request: Request[Any, Any, Any], ctx: Ctx, case_id: FromPath[int]) -> dict[str, Any]:
    """The case with its follow-up sheet, linked interactions and both SLA targets as they stand now."""
    return _view(case_detail(ctx, current(request).actor, case_id))


@post("/api/v1/cases/{case_id:int}/status", opt=rule("cases.write"), sync_to_thread=True, status_code=200)
def change_status(
    request: Request[Any, Any, Any], ctx: Ctx, case_id: FromPath[int], data: JSONBody[StatusIn]
) -> dict[str, Any]:
    """Move the case to another status of its kind (409 for a move its state forbids, or a stale version)."""
    actor = current(request).actor
    case_work.change_status(ctx, actor, case_id, data.version, data.status_code, data.note, data.resolution_code)
    return _view(case_detail(ctx, actor, case_id))


@post("/api/v1/cases/{case_id:int}/assign", opt=rule("cases.write"), sync_to_thread=True, status_code=200)
def assign(
    request: Request[Any, Any, Any], ctx: Ctx, case_id: FromPath[int], data: JSONBody[AssignIn]
) -> dict[str, Any]:
    """Dispatch the case to a department, team and/or person (null clears one)."""
    actor = current(request).actor
    case_work.assign(ctx, actor, case_id, data.version, data.department_id, data.team_id, data.assignee_id)
    return _view(case_detail(ctx, actor, case_id))


@post("/api/v1/cases/{case_id:int}/resolve", opt=rule("cases.write"), sync_to_thread=True, status_code=200)
def resolve(
    request: Request[Any, Any, Any], ctx: Ctx, case_id: FromPath[int], data: JSONBody[ResolveIn]
) -> dict[str, Any]:
    """Resolve with a resolution code; a case dispatched to a department needs `cases.work`."""
    actor = current(request).actor
    case_work.resolve(ctx, actor, case_id, data.version, data.resolution_code, data.note)
    return _view(case_detail(ctx, actor, case_id))


@post("/api/v1/cases/{case_id:int}/notes", opt=rule("cases.write"), sync_to_thread=True)
def note(request: Request[Any, Any, Any], ctx: Ctx, case_id: FromPath[int], data: JSONBody[NoteIn]) -> dict[str, Any]:
    """Add a line to the follow-up sheet (201); no version: notes only append."""
    return _note(add_note(ctx, current(request).actor, case_id, data.kind, data.text))


@get("/api/v1/case-statuses", opt=rule("cases.read"), sync_to_thread=True)
def statuses(request: Request[Any, Any, Any], ctx: Ctx, kind: FromQuery[str | None] = None) -> dict[str, Any]:
    """Every kind's statuses (or one kind's) with the category each maps onto, in the order offered."""
    return {"statuses": [_status(s) for s in case_statuses(ctx, current(request).actor, kind)]}


@get("/api/v1/sla-policies", opt=rule("cases.read"), sync_to_thread=True)
def policies(request: Request[Any, Any, Any], ctx: Ctx) -> dict[str, Any]:
    """SLA targets (business seconds on the named calendar) by kind × priority × segment."""
    return {"policies": [_policy(p) for p in policy_specs(ctx, current(request).actor)]}


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def _case(c: Case) -> dict[str, Any]:
    return {
        "id": c.id,
        "number": c.number,
        "kind": c.kind.value,
        "status_code": c.status_code,
        "category": c.category.value,
        "priority": c.priority.value,
        "subject": c.subject,
        "description": c.description,
        "customer_id": c.customer_id,
        "region_code": c.region_code,
        "service_account_id": c.service_account_id,
        "premise_id": c.premise_id,
        "department_id": c.department_id,
        "team_id": c.team_id,
        "assignee_id": c.assignee_id,
        "parent_id": c.parent_id,
        "opened_by": c.opened_by,
        "opened_at": _iso(c.opened_at),
        "updated_at": _iso(c.updated_at),
        "resolution_code": c.resolution_code,
        "resolved_at": _iso(c.resolved_at),
        "closed_at": _iso(c.closed_at),
        "cause_code": c.cause_code,
        "first_contact_resolution": c.first_contact_resolution,
        "custom": c.custom,
        "public_token": c.public_token,
        "policy_code": c.policy_code,
        "version": c.version,
    }


def _target(t: TargetView) -> dict[str, Any]:
    return {
        "state": t.state.value,
        "due_at": _iso(t.due_at),
        "budget_s": t.budget_s,
        "elapsed_s": round(t.elapsed_s, 3),
        "remaining_s": round(t.remaining_s, 3),
    }


def _view(v: CaseView) -> dict[str, Any]:
    return {
        **_case(v.case),
        "status": _status(v.status) if v.status is not None else None,
        "sla": {
            "policy_code": v.case.policy_code,
            "risk": v.risk.value if v.risk is not None else None,
            **{t.target.value: _target(t) for t in v.sla},
        }
        if v.sla
        else None,
        "notes": [_note(n) for n in v.notes],
        "interactions": [_link(i) for i in v.interactions],
        "at": _iso(v.at),
    }


def _line(line: CaseLine) -> dict[str, Any]:
    s = line.summary
    return {
        **asdict(s),
        "kind": s.kind.value,
        "category": s.category.value,
        "priority": s.priority.value,
        "opened_at": _iso(s.opened_at),
        "updated_at": _iso(s.updated_at),
        "warn_at": _iso(s.warn_at),
        "due_at": _iso(s.due_at),
        "risk": line.risk.value if line.risk is not None else None,
    }


def _note(n: CaseNote) -> dict[str, Any]:
    return {"id": n.id, "kind": n.kind.value, "text": n.text, "author_id": n.author_id, "at": _iso(n.at)}


def _link(i: LinkedInteraction) -> dict[str, Any]:
    return {
        "interaction_id": i.interaction_id,
        "relation": i.relation.value,
        "channel": i.channel,
        "started_at": _iso(i.started_at),
        "status": i.status,
    }


def _status(s: CaseStatus) -> dict[str, Any]:
    return {**asdict(s), "kind": s.kind.value, "category": s.category.value}


def _policy(p: PolicySpec) -> dict[str, Any]:
    return {
        **asdict(p),
        "kind": p.kind.value,
        "priority": p.priority.value,
        "breach_actions": [a.value for a in p.breach_actions],
    }


ROUTES = [cases, create, read, change_status, assign, resolve, note, statuses, policies]
