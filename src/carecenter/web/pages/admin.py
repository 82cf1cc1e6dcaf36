"""Pages: users, teams and departments (users.read to see, users.admin to change), and the read audit.

Writes follow post/redirect/get: success redirects back to the list (303), a refused form renders the
page again with the problems (422, or 409 when the username is taken).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from carecenter.app.commands.users import create_department, create_team, create_user, update_user
from carecenter.app.queries.people import audit_reads, list_departments, list_teams, list_users
from carecenter.domain.access.permissions import Role
from carecenter.domain.customers.vietnam import REGIONS
from carecenter.domain.errors import Conflict, InvalidInput
from carecenter.web.access import Ctx, current, rule
from carecenter.web.pages.render import Form, render

USER_DEFAULTS = {
    "username": "",
    "display_name": "",
    "password": "",
    "role": "agent",
    "region_code": "",
    "all_regions": "",
    "locale": "vi",
    "team_id": "",
}


def _optional_int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _users_page(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    status: int = 200,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Template:
    teams = list_teams(ctx)
    departments = list_departments(ctx)
    return render(
        request,
        "admin/users.html",
        status_code=status,
        users=list_users(ctx),
        teams=teams,
        departments=departments,
        team_names={t.id: t.name for t in teams},
        department_names={d.id: d.name for d in departments},
        roles=[r.value for r in Role],
        regions=REGIONS,
        form={**USER_DEFAULTS, **(form or {}), "password": ""},
        errors=errors or {},
    )


def _refused(exc: InvalidInput | Conflict) -> tuple[int, dict[str, str]]:
    if isinstance(exc, Conflict):
        return 409, {"form": exc.detail}
    return 422, {p.field: p.reason for p in exc.problems}


@get("/admin/users", opt=rule("users.read"), sync_to_thread=True, include_in_schema=False)
def users_page(request: Request[Any, Any, Any], ctx: Ctx) -> Template:
    return _users_page(request, ctx)


@post("/admin/users", opt=rule("users.admin"), sync_to_thread=True, include_in_schema=False)
def user_create(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Template | Redirect:
    form = {**USER_DEFAULTS, **data}
    try:
        create_user(
            ctx,
            current(request).actor,
            form["username"],
            form["display_name"],
            form["password"],
            form["role"],
            region_code=form["region_code"] or None,
            all_regions=bool(form["all_regions"]),
            locale=form["locale"],
            team_id=_optional_int(form["team_id"]),
        )
    except (InvalidInput, Conflict) as exc:
        status, errors = _refused(exc)
        return _users_page(request, ctx, status, form, errors)
    return Redirect("/admin/users", status_code=303)


@post("/admin/users/{user_id:int}/active", opt=rule("users.admin"), sync_to_thread=True, include_in_schema=False)
def user_activation(request: Request[Any, Any, Any], ctx: Ctx, user_id: FromPath[int], data: Form) -> Redirect:
    """Activate or deactivate (deactivating ends the user's sessions at once, in the use case)."""
    update_user(ctx, current(request).actor, user_id, active=data.get("active") == "1")
    return Redirect("/admin/users", status_code=303)


@post("/admin/teams", opt=rule("users.admin"), sync_to_thread=True, include_in_schema=False)
def team_create(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Template | Redirect:
    try:
        create_team(ctx, current(request).actor, data.get("name", ""), _optional_int(data.get("department_id")))
    except (InvalidInput, Conflict) as exc:
        status, errors = _refused(exc)
        return _users_page(request, ctx, status, errors={f"team_{k}": v for k, v in errors.items()})
    return Redirect("/admin/users#teams", status_code=303)


@post("/admin/departments", opt=rule("users.admin"), sync_to_thread=True, include_in_schema=False)
def department_create(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Template | Redirect:
    try:
        create_department(ctx, current(request).actor, data.get("name", ""), data.get("region_code") or None)
    except (InvalidInput, Conflict) as exc:
        status, errors = _refused(exc)
        return _users_page(request, ctx, status, errors={f"department_{k}": v for k, v in errors.items()})
    return Redirect("/admin/users#departments", status_code=303)


@get("/admin/audit", opt=rule("audit.read"), sync_to_thread=True, include_in_schema=False)
def audit_page(request: Request[Any, Any, Any], ctx: Ctx, customer_id: FromQuery[str] = "") -> Template:
    """Recent reads of personal data, newest first; optionally of one customer."""
    wanted = _optional_int(customer_id.strip())
    entries = audit_reads(ctx, current(request).actor, wanted, None)
    return render(request, "admin/audit.html", entries=entries, customer_id=customer_id.strip())


ROUTES = [users_page, user_create, user_activation, team_create, department_create, audit_page]
