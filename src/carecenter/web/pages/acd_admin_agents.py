"""Pages: an agent's skills and capacity, and a team's capacity (`acd.admin`); the overview lists both.

An agent routes with their own capacity if they have one, else their team's, else the default; each
form has a checkbox for "has one of its own", so leaving it unticked hands the choice down.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from carecenter.app.commands import acd_admin
from carecenter.app.queries import acd_config
from carecenter.app.queries.people import list_users
from carecenter.domain.routing.model import Capacity
from carecenter.web.access import Ctx, current
from carecenter.web.pages.acd_admin import ADMIN, number, pairs, saved_or_again
from carecenter.web.pages.render import Form, render

MEDIA_FIELDS = ("voice", "chat", "email")


def _capacity(data: dict[str, str]) -> Capacity | None:
    """The form's capacity when its "own" box is ticked, else None (inherit)."""
    if data.get("own") != "1":
        return None
    return Capacity(*(int(number(m, data.get(m)) or 0) for m in MEDIA_FIELDS))


def _capacity_form(capacity: Capacity | None, own: bool) -> dict[str, str]:
    shown = capacity or Capacity()
    return {"voice": str(shown.voice), "chat": str(shown.chat), "email": str(shown.email), "own": "1" if own else ""}


def _agent_page(request: Request[Any, Any, Any], ctx: Ctx, status: int = 200, **extra: Any) -> Template:
    return render(
        request,
        "admin/acd_agent.html",
        status_code=status,
        errors=extra.get("errors", {}),
        form=extra.get("form", {}),
        skills=acd_config.skills(ctx, current(request).actor),
    )


def _name(ctx: Ctx, user_id: int) -> str:
    return next((u.display_name for u in list_users(ctx) if u.id == user_id), str(user_id))


@get("/admin/acd/agents/{user_id:int}", **ADMIN)
def agent_edit(request: Request[Any, Any, Any], ctx: Ctx, user_id: FromPath[int]) -> Template:
    settings = acd_config.agent_skills(ctx, current(request).actor, user_id)
    form = {
        "user_id": str(user_id),
        "name": _name(ctx, user_id),
        "skills": ", ".join(f"{k}:{v}" for k, v in sorted(settings.skills.items())),
        **_capacity_form(settings.capacity, settings.own_capacity),
    }
    return _agent_page(request, ctx, form=form)


@post("/admin/acd/agents/{user_id:int}", **ADMIN)
def agent_save(request: Request[Any, Any, Any], ctx: Ctx, user_id: FromPath[int], data: Form) -> Template | Redirect:
    actor = current(request).actor

    def save() -> None:
        acd_admin.set_agent_skills(ctx, actor, user_id, pairs("skills", data.get("skills", "")), _capacity(data))

    form = {**data, "user_id": str(user_id), "name": _name(ctx, user_id)}
    return saved_or_again(request, ctx, form, save, _agent_page)


def _team_page(request: Request[Any, Any, Any], ctx: Ctx, status: int = 200, **extra: Any) -> Template:
    return render(
        request, "admin/acd_team.html", status_code=status, errors=extra.get("errors", {}), form=extra.get("form", {})
    )


@get("/admin/acd/teams/{team_id:int}", **ADMIN)
def team_edit(request: Request[Any, Any, Any], ctx: Ctx, team_id: FromPath[int]) -> Template:
    team = acd_config.team_capacity(ctx, current(request).actor, team_id)
    form = {"team_id": str(team_id), "name": team.name, **_capacity_form(team.capacity, team.capacity is not None)}
    return _team_page(request, ctx, form=form)


@post("/admin/acd/teams/{team_id:int}", **ADMIN)
def team_save(request: Request[Any, Any, Any], ctx: Ctx, team_id: FromPath[int], data: Form) -> Template | Redirect:
    actor = current(request).actor
    team = acd_config.team_capacity(ctx, actor, team_id)  # NotFound before anything else
    form = {**data, "team_id": str(team_id), "name": team.name}
    return saved_or_again(
        request, ctx, form, lambda: acd_admin.set_team_capacity(ctx, actor, team_id, _capacity(data)), _team_page
    )


ROUTES = [agent_edit, agent_save, team_edit, team_save]
