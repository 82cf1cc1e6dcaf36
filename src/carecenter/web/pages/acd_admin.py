"""Pages: the ACD's configuration for administrators (`acd.admin`) — the overview of queues, agents' skills
and capacities, teams' capacities, skills, reason codes and business calendars, with skills and calendars
edited here; queues in acd_admin_queues, agents and teams in acd_admin_agents, reason codes in
acd_admin_codes. Same use cases as the REST API.

Forms post/redirect/get: success goes back to the overview (303); a refused form is shown again with
each problem next to its field (422, or 409). Lists such as skills ("general:5, billing:3"), relaxation
("0:5, 30:1") and boosts ("vip:10") are typed as short text, the way supervisors write them on paper.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from carecenter.app.commands import acd_admin
from carecenter.app.queries import acd_config
from carecenter.app.queries.acd import not_ready_reasons
from carecenter.app.queries.people import list_users
from carecenter.app.queries.reasons import contact_reasons
from carecenter.domain.errors import DomainError, FieldProblem, InvalidInput
from carecenter.web.access import Ctx, current, rule
from carecenter.web.pages.render import Form, render

ADMIN = {"opt": rule("acd.admin"), "sync_to_thread": True, "include_in_schema": False}


def pairs(field: str, text: str, parse: Callable[[str], Any] = int) -> dict[str, Any]:
    """ "general:5, billing:3" -> {"general": 5, "billing": 3}; a bad item names the field."""
    hint = "seconds:level, …" if field == "relax" else "name:number, …"
    out: dict[str, Any] = {}
    for item in filter(None, (part.strip() for part in text.replace(";", ",").split(","))):
        key, sep, value = item.partition(":")
        try:
            if not sep or not key.strip():
                raise ValueError
            out[key.strip()] = parse(value.strip())
        except ValueError:
            raise InvalidInput(FieldProblem(field, f"write it as {hint} ({item!r})")) from None
    return out


def natural(name: str) -> list[Any]:
    """Agent2 before Agent10: digits compare as numbers."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


def number(field: str, text: str | None, optional: bool = False) -> float | None:
    if optional and not (text or "").strip():
        return None
    try:
        return float(text or "")
    except ValueError:
        raise InvalidInput(FieldProblem(field, "a number")) from None


def overview_page(request: Request[Any, Any, Any], ctx: Ctx, status: int = 200, **extra: Any) -> Template:
    """The overview; `section` says which of its forms `errors` and `form` belong to ("" for skills and
    not-ready reasons, as before sections, or "contact_reason")."""
    actor = current(request).actor
    people = {u.id: u for u in list_users(ctx)}
    return render(
        request,
        "admin/acd.html",
        status_code=status,
        queues=acd_config.queues(ctx, actor),
        skills=acd_config.skills(ctx, actor),
        calendars=acd_config.calendars(ctx, actor),
        agents=sorted(
            ((people.get(a.user_id), a) for a in acd_config.all_agent_skills(ctx, actor)),
            key=lambda pair: natural(pair[0].display_name if pair[0] else str(pair[1].user_id)),
        ),
        teams=acd_config.team_capacities(ctx, actor),
        reasons=not_ready_reasons(ctx),
        contact_reasons=contact_reasons(ctx, include_retired=True),
        errors=extra.pop("errors", {}),
        form=extra.pop("form", {}),
        section=extra.pop("section", ""),
        **extra,
    )


def saved_or_again(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    data: dict[str, str],
    save: Callable[[], Any],
    again: Callable[..., Template],
) -> Template | Redirect:
    try:
        save()
    except InvalidInput as exc:
        return again(request, ctx, 422, errors={p.field: p.reason for p in exc.problems}, form=data)
    except DomainError as exc:
        return again(request, ctx, 409, errors={"form": exc.detail}, form=data)
    return Redirect("/admin/acd", status_code=303)


@get("/admin/acd", **ADMIN)
def overview(request: Request[Any, Any, Any], ctx: Ctx, contact_reason: FromQuery[str | None] = None) -> Template:
    """`?contact_reason=<code>` opens that reason in the contact-reason form."""
    chosen = [r for r in contact_reasons(ctx, include_retired=True) if r.code == contact_reason]
    if not chosen:
        return overview_page(request, ctx)
    r = chosen[0]
    form = {"code": r.code, "label_en": r.label_en, "label_vi": r.label_vi, "active": "1" if r.active else ""}
    return overview_page(request, ctx, form=form, section="contact_reason")


@post("/admin/acd/skills", **ADMIN)
def skill_save(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Template | Redirect:
    actor = current(request).actor
    return saved_or_again(
        request,
        ctx,
        data,
        lambda: acd_admin.save_skill(ctx, actor, data.get("code", "").strip(), data.get("name", "").strip()),
        overview_page,
    )


def _calendar_page(request: Request[Any, Any, Any], ctx: Ctx, status: int = 200, **extra: Any) -> Template:
    return render(
        request,
        "admin/acd_calendar.html",
        status_code=status,
        errors=extra.get("errors", {}),
        form=extra.get("form", {}),
    )


@get("/admin/acd/calendars/{code:str}", **ADMIN)
def calendar_edit(request: Request[Any, Any, Any], ctx: Ctx, code: FromPath[str]) -> Template:
    if code == "new":
        return _calendar_page(
            request,
            ctx,
            form={"hours": "mon-fri: 07:30-21:00\nsat: 08:00-12:00\nsun: closed", "timezone": "Asia/Ho_Chi_Minh"},
        )
    spec = acd_config.calendar(ctx, current(request).actor, code)
    form = {
        "code": spec.code,
        "name": spec.name,
        "timezone": spec.timezone,
        "hours": "\n".join(f"{k}: {v}" for k, v in spec.hours.items()),
        "holidays": "\n".join(spec.holidays),
    }
    return _calendar_page(request, ctx, form=form)


@post("/admin/acd/calendars", **ADMIN)
def calendar_save(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Template | Redirect:
    actor = current(request).actor

    def save() -> None:
        hours = {}
        for line in filter(None, (ln.strip() for ln in data.get("hours", "").splitlines())):
            days, sep, spec = line.partition(":")
            if not sep:
                raise InvalidInput(FieldProblem("hours", f"write each line as days: hours ({line!r})"))
            hours[days.strip()] = spec.strip()
        holidays = [d.strip() for d in data.get("holidays", "").split() if d.strip()]
        acd_admin.save_calendar(
            ctx,
            actor,
            data.get("code", "").strip(),
            data.get("name", "").strip(),
            hours,
            holidays,
            data.get("timezone", "").strip() or "Asia/Ho_Chi_Minh",
        )

    return saved_or_again(request, ctx, data, save, _calendar_page)


ROUTES = [overview, skill_save, calendar_edit, calendar_save]
