"""Pages: the ACD's configuration for administrators — queues, skills, agents' skill levels and capacities,
not-ready reasons and business calendars (`acd.admin`). Same use cases as the REST API.

Forms post/redirect/get: success goes back to the overview (303); a refused form is shown again with
each problem next to its field (422, or 409). Lists such as skills ("general:5, billing:3"), relaxation
("0:5, 30:1") and boosts ("vip:10") are typed as short text, the way supervisors write them on paper.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from carecenter.app.commands import acd_admin
from carecenter.app.queries import acd_config
from carecenter.app.queries.acd import not_ready_reasons
from carecenter.app.queries.people import list_users
from carecenter.domain.errors import DomainError, FieldProblem, InvalidInput
from carecenter.domain.routing.model import Capacity, Media, Policy
from carecenter.web.access import Ctx, current, rule
from carecenter.web.pages.render import Form, render

ADMIN = {"opt": rule("acd.admin"), "sync_to_thread": True, "include_in_schema": False}


def _pairs(field: str, text: str, number: Callable[[str], Any] = int) -> dict[str, Any]:
    """ "general:5, billing:3" -> {"general": 5, "billing": 3}; a bad item names the field."""
    hint = "seconds:level, …" if field == "relax" else "name:number, …"
    out: dict[str, Any] = {}
    for item in filter(None, (part.strip() for part in text.replace(";", ",").split(","))):
        key, sep, value = item.partition(":")
        try:
            if not sep or not key.strip():
                raise ValueError
            out[key.strip()] = number(value.strip())
        except ValueError:
            raise InvalidInput(FieldProblem(field, f"write it as {hint} ({item!r})")) from None
    return out


def _natural(name: str) -> list[Any]:
    """Agent2 before Agent10: digits compare as numbers."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


def _number(field: str, text: str | None, optional: bool = False) -> float | None:
    if optional and not (text or "").strip():
        return None
    try:
        return float(text or "")
    except ValueError:
        raise InvalidInput(FieldProblem(field, "a number")) from None


def _overview(request: Request[Any, Any, Any], ctx: Ctx, status: int = 200, **extra: Any) -> Template:
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
            key=lambda pair: _natural(pair[0].display_name if pair[0] else str(pair[1].user_id)),
        ),
        reasons=not_ready_reasons(ctx),
        errors=extra.pop("errors", {}),
        form=extra.pop("form", {}),
        **extra,
    )


def _saved_or_again(
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
def overview(request: Request[Any, Any, Any], ctx: Ctx) -> Template:
    return _overview(request, ctx)


@post("/admin/acd/skills", **ADMIN)
def skill_save(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Template | Redirect:
    actor = current(request).actor
    return _saved_or_again(
        request,
        ctx,
        data,
        lambda: acd_admin.save_skill(ctx, actor, data.get("code", "").strip(), data.get("name", "").strip()),
        _overview,
    )


@post("/admin/acd/reasons", **ADMIN)
def reason_save(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Template | Redirect:
    actor = current(request).actor
    return _saved_or_again(
        request,
        ctx,
        data,
        lambda: acd_admin.save_not_ready_reason(
            ctx,
            actor,
            data.get("code", "").strip(),
            data.get("label_en", "").strip(),
            data.get("label_vi", "").strip(),
            data.get("active", "1") == "1",
        ),
        _overview,
    )


def _queue_page(request: Request[Any, Any, Any], ctx: Ctx, status: int = 200, **extra: Any) -> Template:
    actor = current(request).actor
    return render(
        request,
        "admin/acd_queue.html",
        status_code=status,
        skills=acd_config.skills(ctx, actor),
        calendars=acd_config.calendars(ctx, actor),
        queues=acd_config.queues(ctx, actor),
        media=[m.value for m in Media],
        policies=[p.value for p in Policy],
        errors=extra.get("errors", {}),
        form=extra.get("form", {}),
    )


def _queue_form(settings: Any) -> dict[str, str]:
    q = settings.config
    return {
        "code": q.code,
        "name": settings.name,
        "media": q.media.value,
        "skill": q.skill,
        "relax": ", ".join(f"{t:g}:{level}" for t, level in q.relax),
        "policy": q.policy.value,
        "offer_timeout_s": f"{q.offer_timeout_s:g}",
        "wrap_up_s": f"{q.wrap_up_s:g}",
        "overflow_to": q.overflow_to or "",
        "overflow_after_s": f"{q.overflow_after_s:g}" if q.overflow_after_s is not None else "",
        "priority_boost": ", ".join(f"{k}:{v}" for k, v in q.priority_boost.items()),
        "sl_threshold_s": f"{q.sl_threshold_s:g}",
        "sl_target": f"{q.sl_target * 100:g}",
        "calendar_code": settings.calendar_code or "",
        "existing": "1",
    }


@get("/admin/acd/queues/new", **ADMIN)
def queue_new(request: Request[Any, Any, Any], ctx: Ctx) -> Template:
    blank = {
        "relax": "0:1",
        "policy": "longest_idle",
        "offer_timeout_s": "20",
        "wrap_up_s": "60",
        "sl_threshold_s": "20",
        "sl_target": "80",
        "media": "voice",
        "priority_boost": "vip:10",
    }
    return _queue_page(request, ctx, form=blank)


@get("/admin/acd/queues/{code:str}", **ADMIN)
def queue_edit(request: Request[Any, Any, Any], ctx: Ctx, code: FromPath[str]) -> Template:
    return _queue_page(request, ctx, form=_queue_form(acd_config.queue(ctx, current(request).actor, code)))


@post("/admin/acd/queues", **ADMIN)
def queue_save(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Template | Redirect:
    actor = current(request).actor

    def save() -> None:
        relax = [(_number("relax", t), level) for t, level in _pairs("relax", data.get("relax", "")).items()]
        target = _number("sl_target", data.get("sl_target"))
        if target is None or not 1 <= target <= 100:
            raise InvalidInput(FieldProblem("sl_target", "a percentage from 1 to 100"))
        acd_admin.save_queue(
            ctx,
            actor,
            data.get("code", "").strip(),
            media=data.get("media", ""),
            skill=data.get("skill", ""),
            name=data.get("name", "").strip() or None,
            relax=relax,
            policy=data.get("policy", ""),
            offer_timeout_s=_number("offer_timeout_s", data.get("offer_timeout_s")) or 0.0,
            wrap_up_s=_number("wrap_up_s", data.get("wrap_up_s")) or 0.0,
            overflow_to=data.get("overflow_to") or None,
            overflow_after_s=_number("overflow_after_s", data.get("overflow_after_s"), optional=True),
            priority_boost=_pairs("priority_boost", data.get("priority_boost", "")),
            sl_threshold_s=_number("sl_threshold_s", data.get("sl_threshold_s")) or 0.0,
            sl_target=(target or 0.0) / 100,
            calendar_code=data.get("calendar_code") or None,
        )

    return _saved_or_again(request, ctx, data, save, _queue_page)


def _agent_page(request: Request[Any, Any, Any], ctx: Ctx, status: int = 200, **extra: Any) -> Template:
    return render(
        request,
        "admin/acd_agent.html",
        status_code=status,
        errors=extra.get("errors", {}),
        form=extra.get("form", {}),
        skills=acd_config.skills(ctx, current(request).actor),
    )


@get("/admin/acd/agents/{user_id:int}", **ADMIN)
def agent_edit(request: Request[Any, Any, Any], ctx: Ctx, user_id: FromPath[int]) -> Template:
    settings = acd_config.agent_skills(ctx, current(request).actor, user_id)
    cap = settings.capacity
    form = {
        "user_id": str(user_id),
        "name": next((u.display_name for u in list_users(ctx) if u.id == user_id), str(user_id)),
        "skills": ", ".join(f"{k}:{v}" for k, v in sorted(settings.skills.items())),
        "voice": str(cap.voice),
        "chat": str(cap.chat),
        "email": str(cap.email),
    }
    return _agent_page(request, ctx, form=form)


@post("/admin/acd/agents/{user_id:int}", **ADMIN)
def agent_save(request: Request[Any, Any, Any], ctx: Ctx, user_id: FromPath[int], data: Form) -> Template | Redirect:
    actor = current(request).actor

    def save() -> None:
        capacity = Capacity(*(int(_number(m, data.get(m)) or 0) for m in ("voice", "chat", "email")))
        acd_admin.set_agent_skills(ctx, actor, user_id, _pairs("skills", data.get("skills", "")), capacity)

    name = next((u.display_name for u in list_users(ctx) if u.id == user_id), str(user_id))
    return _saved_or_again(request, ctx, {**data, "user_id": str(user_id), "name": name}, save, _agent_page)


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

    return _saved_or_again(request, ctx, data, save, _calendar_page)


ROUTES = [
    overview,
    skill_save,
    reason_save,
    queue_new,
    queue_edit,
    queue_save,
    agent_edit,
    agent_save,
    calendar_edit,
    calendar_save,
]
