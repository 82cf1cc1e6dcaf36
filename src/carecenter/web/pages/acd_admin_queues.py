"""Pages: creating and editing the ACD's queues (`acd.admin`); the overview that lists them is acd_admin.

Relaxation ("0:5, 30:1") and boosts ("vip:10") are typed as short text, as in acd_admin.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from carecenter.app.commands import acd_admin_queues
from carecenter.app.queries import acd_config
from carecenter.domain.errors import FieldProblem, InvalidInput
from carecenter.domain.routing.model import Media, Policy
from carecenter.web.access import Ctx, current
from carecenter.web.pages.acd_admin import ADMIN, number, pairs, saved_or_again
from carecenter.web.pages.render import Form, render


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
        relax = [(number("relax", t), level) for t, level in pairs("relax", data.get("relax", "")).items()]
        target = number("sl_target", data.get("sl_target"))
        if target is None or not 1 <= target <= 100:
            raise InvalidInput(FieldProblem("sl_target", "a percentage from 1 to 100"))
        acd_admin_queues.save_queue(
            ctx,
            actor,
            data.get("code", "").strip(),
            media=data.get("media", ""),
            skill=data.get("skill", ""),
            name=data.get("name", "").strip() or None,
            relax=relax,
            policy=data.get("policy", ""),
            offer_timeout_s=number("offer_timeout_s", data.get("offer_timeout_s")) or 0.0,
            wrap_up_s=number("wrap_up_s", data.get("wrap_up_s")) or 0.0,
            overflow_to=data.get("overflow_to") or None,
            overflow_after_s=number("overflow_after_s", data.get("overflow_after_s"), optional=True),
            priority_boost=pairs("priority_boost", data.get("priority_boost", "")),
            sl_threshold_s=number("sl_threshold_s", data.get("sl_threshold_s")) or 0.0,
            sl_target=(target or 0.0) / 100,
            calendar_code=data.get("calendar_code") or None,
        )

    return saved_or_again(request, ctx, data, save, _queue_page)


ROUTES = [queue_new, queue_edit, queue_save]
