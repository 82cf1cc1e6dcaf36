"""Pages: cases — the list with its filters (a filter is a URL, so it can be bookmarked and shared), the
back-office queue of one's department, the SLA at-risk list, and a case with its SLA and timeline.

The writing forms (open a case, change status, dispatch, resolve, add a note) are in `pages/case_forms.py`;
they answer with a 303 back to the case, or this module's `case_page` with the form's problems (422) or
the conflict (409). Lists show only the customer's number, so they write no read-audit row.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from carecenter.app.context import AppContext
from carecenter.app.queries.cases import CaseView, at_risk_cases, case_detail, case_statuses, list_cases, work_queue
from carecenter.app.queries.people import list_departments, list_teams, list_users
from carecenter.domain.access.permissions import Actor
from carecenter.domain.cases import lifecycle
from carecenter.domain.cases.case import CaseStatus
from carecenter.domain.cases.model import CaseKind, Priority, StatusCategory
from carecenter.domain.errors import InvalidInput
from carecenter.web import i18n
from carecenter.web.access import Ctx, current, rule
from carecenter.web.pages.labels import N_
from carecenter.web.pages.render import render

READ: dict[str, Any] = {"opt": rule("cases.read"), "sync_to_thread": True, "include_in_schema": False}
PAGE_SIZE = 50
FILTERS = ("kind", "category", "priority", "department_id", "assignee", "at_risk", "q")
# Section states of the case page on a plain visit: no form open with errors, no message.
CASE_DEFAULTS: dict[str, Any] = {"section": "", "errors": {}, "form": {}, "message": None}


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def directory(ctx: AppContext) -> dict[str, Any]:
    """Names of departments, teams and people, for the dispatch columns and selects."""
    users, departments, teams = list_users(ctx), list_departments(ctx), list_teams(ctx)
    return {
        "departments": departments,
        "teams": teams,
        "people": [u for u in users if u.active],
        "department_names": {d.id: d.name for d in departments},
        "team_names": {t.id: t.name for t in teams},
        "user_names": {u.id: u.display_name for u in users},
    }


def presets(department_id: int | None) -> list[tuple[str, str]]:
    """The predefined filters shown above the list: (msgid, query string)."""
    found = [
        (N_("My open cases"), "assignee=mine&category=open"),
        (N_("At risk"), "at_risk=warning"),
        (N_("Breached"), "at_risk=breached"),
        (N_("Complaints open"), "kind=complaint&category=open"),
    ]
    if department_id is not None:
        found.append((N_("Pending my department"), f"category=pending_department&department_id={department_id}"))
    return found


@get("/cases", **READ)
def case_list(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    kind: FromQuery[str] = "",
    category: FromQuery[str] = "",
    priority: FromQuery[str] = "",
    department_id: FromQuery[str] = "",
    assignee: FromQuery[str] = "",
    at_risk: FromQuery[str] = "",
    q: FromQuery[str] = "",
    page: FromQuery[int] = 1,
) -> Template:
    auth = current(request)
    form = {"kind": kind, "category": category, "priority": priority, "department_id": department_id}
    form |= {"assignee": assignee, "at_risk": at_risk, "q": q}
    page = max(page, 1)
    status, errors, lines = 200, {}, []
    try:
        lines = list_cases(
            ctx,
            auth.actor,
            kind or None,
            category or None,
            priority or None,
            _int(department_id),
            auth.actor.user_id if assignee == "mine" else None,
            None,
            at_risk or None,
            q or None,
            PAGE_SIZE + 1,
            (page - 1) * PAGE_SIZE,
        )
    except InvalidInput as exc:
        status, errors = 422, {p.field: p.reason for p in exc.problems}
    query = {k: v for k, v in form.items() if v}
    return render(
        request,
        "cases/list.html",
        status_code=status,
        lines=lines[:PAGE_SIZE],
        form=form,
        errors=errors,
        page=page,
        prev_url=f"/cases?{urlencode({**query, 'page': page - 1})}" if page > 1 else None,
        next_url=f"/cases?{urlencode({**query, 'page': page + 1})}" if len(lines) > PAGE_SIZE else None,
        presets=presets(auth.user.department_id),
        kinds=[k.value for k in CaseKind],
        categories=[c.value for c in StatusCategory],
        priorities=[p.value for p in Priority],
        status_labels=status_labels(ctx, auth.actor, i18n.request_locale(request)),
        **directory(ctx),
    )


def status_labels(
    ctx: AppContext, actor: Actor, locale: str, statuses: list[CaseStatus] | None = None
) -> dict[tuple[str, str], str]:
    """(kind, status code) -> the status's name in `locale` (of `statuses` when the caller has them all)."""
    every = statuses if statuses is not None else case_statuses(ctx, actor)
    return {(s.kind.value, s.code): (s.label_vi if locale == "vi" else s.label_en) for s in every}


def _department_of(ctx: AppContext, department_id: int | None, team_id: int | None) -> int | None:
    if department_id is not None or team_id is None:
        return department_id
    return next((t.department_id for t in list_teams(ctx) if t.id == team_id), None)


@get("/cases/queue", **READ)
def queue(request: Request[Any, Any, Any], ctx: Ctx) -> Template:
    """The back office's work: open cases of the user's department (or their team's), soonest due first."""
    auth = current(request)
    department_id = _department_of(ctx, auth.user.department_id, auth.user.team_id)
    lines = work_queue(ctx, auth.actor, department_id) if department_id is not None else []
    statuses = case_statuses(ctx, auth.actor)
    return render(
        request,
        "cases/queue.html",
        lines=lines,
        department_id=department_id,
        open_status={k: _first(statuses, k, StatusCategory.OPEN) for k in CaseKind},
        status_labels=status_labels(ctx, auth.actor, i18n.request_locale(request), statuses),
        **directory(ctx),
    )


@get("/cases/at-risk", **READ)
def at_risk(request: Request[Any, Any, Any], ctx: Ctx) -> Template:
    """Cases in warning or breached, most overdue first: the supervisors' list."""
    auth = current(request)
    return render(
        request,
        "cases/at_risk.html",
        lines=at_risk_cases(ctx, auth.actor),
        status_labels=status_labels(ctx, auth.actor, i18n.request_locale(request)),
        **directory(ctx),
    )


def _first(statuses: list[CaseStatus], kind: CaseKind, category: StatusCategory) -> str | None:
    return next((s.code for s in statuses if s.kind is kind and s.category is category and s.active), None)


def next_statuses(statuses: list[CaseStatus], current_code: str, category: StatusCategory) -> list[CaseStatus]:
    """The kind's active statuses the case may move to from where it stands (domain.cases.lifecycle)."""
    allowed = lifecycle.ALLOWED[category]
    return [
        s
        for s in statuses
        if s.active
        and s.code != current_code
        and (s.category in allowed or (s.category is category and category is not StatusCategory.CLOSED))
    ]


# The case's events shown on its timeline (its notes come from the follow-up sheet itself).
_SHOWN = {
    "CaseOpened": "opened",
    "CaseStatusChanged": "status",
    "CaseAssigned": "assigned",
    "CaseSlaWarning": "sla_warning",
    "CaseSlaBreached": "sla_breached",
    "CaseEscalated": "escalated",
    "CasePriorityRaised": "priority",
}


def timeline(view: CaseView) -> list[dict[str, Any]]:
    """The case's life, newest first: its events (opening, status changes, dispatch, SLA alarms and what
    they did), the follow-up sheet and the linked contacts."""
    items: list[dict[str, Any]] = [
        {"at": e.at, "kind": _SHOWN[e.event.type], "by": e.actor_id or None, "data": e.event.payload}
        for e in reversed(view.history)  # newest first, so that events of one instant keep their order
        if e.event.type in _SHOWN
    ]
    items += [{"at": n.at, "kind": "note", "note": n, "by": n.author_id} for n in reversed(view.notes)]
    items += [{"at": i.started_at, "kind": "interaction", "link": i, "by": None} for i in view.interactions]
    return sorted(items, key=lambda item: item["at"], reverse=True)


def case_page(
    request: Request[Any, Any, Any], ctx: AppContext, case_id: int, status: int = 200, **sections: Any
) -> Template:
    """The whole case page; `sections` names the form that failed (`section`, `errors`, `form`, `message`)."""
    actor = current(request).actor
    view = case_detail(ctx, actor, case_id)
    every = case_statuses(ctx, actor)
    statuses = [s for s in every if s.kind is view.case.kind]
    return render(
        request,
        "cases/view.html",
        status_code=status,
        **{**CASE_DEFAULTS, **sections},
        view=view,
        case=view.case,
        next_statuses=next_statuses(statuses, view.case.status_code, view.case.category),
        timeline=timeline(view),
        status_labels=status_labels(ctx, actor, i18n.request_locale(request), every),
        **directory(ctx),
    )


@get("/cases/{case_id:int}", **READ)
def case_view(request: Request[Any, Any, Any], ctx: Ctx, case_id: FromPath[int]) -> Template:
    return case_page(request, ctx, case_id)


ROUTES = [case_list, queue, at_risk, case_view]
