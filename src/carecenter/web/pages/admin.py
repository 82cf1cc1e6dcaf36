"""Pages: users, teams and departments (users.read to see, users.admin to change), and the read audit.

Writes follow post/redirect/get: success redirects back to the list (303), a refused form renders the
page again with the problems (422, or 409 when the username is taken). Editing a user happens in its
table row: HTMX swaps the row for a form (`/admin/users/{id}/edit`) and the save answers the row again
(or the form with its problems, 422/409); without JavaScript the same links and forms work as pages.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from carecenter.app.commands.users import create_department, create_team, create_user, update_user
from carecenter.app.ports.users import User
from carecenter.app.queries.catalogue import list_regions
from carecenter.app.queries.people import audit_reads, list_departments, list_teams, list_users
from carecenter.domain.access.permissions import Role
from carecenter.domain.errors import Conflict, InvalidInput, NotFound
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


def _choices(ctx: Ctx) -> dict[str, Any]:
    """What the user forms offer: roles, regions and teams (with the names the table shows)."""
    teams = list_teams(ctx)
    regions: list[Any] = list_regions(ctx)  # migration 0002 provides the three national regions
    return {
        "teams": teams,
        "team_names": {t.id: t.name for t in teams},
        "roles": [r.value for r in Role],
        "regions": regions,
        "region_names": {r.code: r.name for r in regions},
    }


def _users_page(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    status: int = 200,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    editing: int | None = None,
    edit_form: dict[str, str] | None = None,
    edit_errors: dict[str, str] | None = None,
) -> Template:
    """The users page; `editing` names the user whose row shows as a form (the no-JavaScript edit)."""
    departments = list_departments(ctx)
    return render(
        request,
        "admin/users.html",
        status_code=status,
        users=list_users(ctx),
        departments=departments,
        department_names={d.id: d.name for d in departments},
        form={**USER_DEFAULTS, **(form or {}), "password": ""},
        errors=errors or {},
        editing=editing,
        edit_form=edit_form,
        edit_errors=edit_errors or {},
        saved=None,
        **_choices(ctx),
    )


def _is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


def _user(ctx: Ctx, user_id: int) -> User:
    found = next((u for u in list_users(ctx) if u.id == user_id), None)
    if found is None:
        raise NotFound(f"user {user_id} does not exist")
    return found


def _edit_form(user: User) -> dict[str, str]:
    return {
        "display_name": user.display_name,
        "role": user.role.value,
        "region_code": user.region_code or "",
        "all_regions": "1" if user.all_regions else "",
        "team_id": "" if user.team_id is None else str(user.team_id),
    }


def _user_row(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    user: User,
    status: int = 200,
    edit_form: dict[str, str] | None = None,
    edit_errors: dict[str, str] | None = None,
    saved: bool = False,
) -> Template:
    """One user's table row: as shown (`edit_form` None) or as its edit form with any problems."""
    return render(
        request,
        "admin/_user_row.html",
        status_code=status,
        u=user,
        editing=user.id if edit_form else None,
        edit_form=edit_form,
        edit_errors=edit_errors or {},
        saved=user.id if saved else None,
        **_choices(ctx),
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


@get("/admin/users/{user_id:int}", opt=rule("users.read"), sync_to_thread=True, include_in_schema=False)
def user_row(request: Request[Any, Any, Any], ctx: Ctx, user_id: FromPath[int]) -> Template | Redirect:
    """The user's row as shown (what "Cancel" on the edit row brings back); a page visit goes to the list."""
    user = _user(ctx, user_id)
    if not _is_htmx(request):
        return Redirect(f"/admin/users#user-{user.id}", status_code=303)
    return _user_row(request, ctx, user)


@get("/admin/users/{user_id:int}/edit", opt=rule("users.admin"), sync_to_thread=True, include_in_schema=False)
def user_edit(request: Request[Any, Any, Any], ctx: Ctx, user_id: FromPath[int]) -> Template:
    """The user's row as an edit form (HTMX), or the users page with that row open (no JavaScript)."""
    user = _user(ctx, user_id)
    if not _is_htmx(request):
        return _users_page(request, ctx, editing=user.id, edit_form=_edit_form(user))
    return _user_row(request, ctx, user, edit_form=_edit_form(user))


@post("/admin/users/{user_id:int}", opt=rule("users.admin"), sync_to_thread=True, include_in_schema=False)
def user_update(request: Request[Any, Any, Any], ctx: Ctx, user_id: FromPath[int], data: Form) -> Template | Redirect:
    """Save the edit row; a field the form did not send stays as it is (the own row has no role field,
    so nobody demotes themselves by accident). The all-regions box goes with the region select."""
    user = _user(ctx, user_id)
    form = {**_edit_form(user), **{k: v for k, v in data.items() if k in USER_DEFAULTS}}
    sent_region = "region_code" in data
    if sent_region:
        form["all_regions"] = data.get("all_regions", "")
    try:
        updated = update_user(
            ctx,
            current(request).actor,
            user_id,
            role=data.get("role") or None,
            region_code=form["region_code"] if sent_region else None,
            all_regions=bool(form["all_regions"]) if sent_region else None,
            display_name=data.get("display_name"),
            team_id=_optional_int(data.get("team_id")),
        )
    except (InvalidInput, Conflict) as exc:
        status, errors = _refused(exc)
        if not _is_htmx(request):
            return _users_page(request, ctx, status, editing=user_id, edit_form=form, edit_errors=errors)
        return _user_row(request, ctx, user, status, edit_form=form, edit_errors=errors)
    if not _is_htmx(request):
        return Redirect(f"/admin/users#user-{user_id}", status_code=303)
    return _user_row(request, ctx, updated, saved=True)


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


ROUTES = [
    users_page,
    user_create,
    user_row,
    user_edit,
    user_update,
    user_activation,
    team_create,
    department_create,
    audit_page,
]
