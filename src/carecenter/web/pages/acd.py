"""Pages: the supervisor's live wallboard and the agent's desk, both kept current over SSE.

Streams re-render from this process's projections whenever the live hub reports events (and every
second for the clocks on screen); a reconnecting browser (Last-Event-ID) simply gets a fresh render, so
nothing it missed can leave it wrong.
"""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import ServerSentEvent, Template

from carecenter.app.commands import acd_desk
from carecenter.app.context import AppContext
from carecenter.app.queries import acd_config
from carecenter.app.queries.acd import all_not_ready_reasons, desk_state
from carecenter.app.queries.people import list_users
from carecenter.app.queries.reasons import contact_reasons
from carecenter.app.queries.screen_pop import screen_pop
from carecenter.domain.access.permissions import Actor
from carecenter.domain.errors import Conflict, DomainError, InvalidInput
from carecenter.domain.routing.model import SYSTEM_REASONS
from carecenter.web.access import Ctx, current, rule
from carecenter.web.live import live_stream
from carecenter.web.pages.render import Form, render, render_string


def _board(ctx: AppContext, actor: Actor) -> dict[str, Any]:
    if ctx.wallboard is None:
        raise Conflict("the wallboard is not running in this process")
    names = {u.id: u.display_name for u in list_users(ctx)}
    labels = {r.code: (r.label_en, r.label_vi) for r in all_not_ready_reasons(ctx)}
    queue_names = acd_config.queue_names(ctx, actor)
    board = ctx.wallboard.show(actor)
    start = ctx.wallboard.day_start().timestamp()
    counts = {at: (offered, answered, abandoned) for at, offered, answered, abandoned in board.intraday}
    day = [(start + i * 900, *counts.get(int(start + i * 900), (0, 0, 0))) for i in range(96)]
    return {
        "board": board,
        "names": names,
        "queue_names": queue_names,
        "reason_labels": labels,
        "day": day,
        "peak": max((d[1] for d in day), default=0),
    }


@get("/wallboard", opt=rule("acd.wallboard"), sync_to_thread=True, include_in_schema=False)
def wallboard(request: Request[Any, Any, Any], ctx: Ctx) -> Template:
    return render(request, "acd/wallboard.html", **_board(ctx, current(request).actor))


@get("/wallboard/stream", opt=rule("acd.wallboard"), include_in_schema=False)
async def wallboard_stream(request: Request[Any, Any, Any], ctx: Ctx) -> ServerSentEvent:
    actor = current(request).actor

    async def render_board() -> tuple[str, str]:
        context = await asyncio.to_thread(_board, ctx, actor)
        return str(context["board"].position), render_string(request, "acd/_board.html", **context)

    return ServerSentEvent(live_stream(request, "board", render_board, tick_s=1.0, every_s=0.25))


def _desk(ctx: AppContext, actor: Actor, errors: dict[str, str] | None = None) -> dict[str, Any]:
    state = desk_state(ctx, actor)
    handled, aht = ctx.wallboard.my_day(actor) if ctx.wallboard else (0, None)
    everything = all_not_ready_reasons(ctx)
    return {
        "desk": state,
        # The router's own reasons (missed, rejected) are shown but not chosen by hand.
        "reasons": [r for r in everything if r.active and r.code not in SYSTEM_REASONS],
        "reason_labels": {r.code: (r.label_en, r.label_vi) for r in everything},
        "contact_reasons": contact_reasons(ctx),
        "queue_names": acd_config.queue_names(ctx, actor),
        "handled": handled,
        "aht": aht,
        "errors": errors or {},
    }


@get("/desk", opt=rule("acd.desk"), sync_to_thread=True, include_in_schema=False)
def desk(request: Request[Any, Any, Any], ctx: Ctx) -> Template:
    return render(request, "acd/desk.html", **_desk(ctx, current(request).actor))


@get("/desk/stream", opt=rule("acd.desk"), include_in_schema=False)
async def desk_stream(request: Request[Any, Any, Any], ctx: Ctx) -> ServerSentEvent:
    actor = current(request).actor

    async def render_desk() -> tuple[str, str]:
        context = await asyncio.to_thread(_desk, ctx, actor)
        return "", render_string(request, "acd/_desk.html", **context)

    return ServerSentEvent(live_stream(request, "desk", render_desk, tick_s=15.0, every_s=0.0, agent=actor.user_id))


def _act(request: Request[Any, Any, Any], ctx: AppContext, step: Any) -> Template:
    """Run a desk step and answer with the re-rendered desk (422/409 with the reason shown in it)."""
    actor = current(request).actor
    try:
        step(actor)
    except InvalidInput as exc:
        return render(request, "acd/_desk.html", status_code=422, **_desk(ctx, actor, _fields(exc)))
    except DomainError as exc:
        return render(request, "acd/_desk.html", status_code=409, **_desk(ctx, actor, {"desk": exc.detail}))
    return render(request, "acd/_desk.html", **_desk(ctx, actor))


_DESK_POST: dict[str, Any] = {
    "opt": rule("acd.desk"),
    "sync_to_thread": True,
    "include_in_schema": False,
    "status_code": 200,
}


def _fields(exc: InvalidInput) -> dict[str, str]:
    return {p.field: p.reason for p in exc.problems}


@post("/desk/presence", **_DESK_POST)
def presence(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Template:
    ready = data.get("ready") == "1"
    reason = None if ready else data.get("reason") or None
    return _act(request, ctx, lambda actor: acd_desk.set_presence(ctx, actor, ready, reason))


@post("/desk/offers/{contact_id:int}/accept", **_DESK_POST)
def accept(request: Request[Any, Any, Any], ctx: Ctx, contact_id: FromPath[int]) -> Template:
    return _act(request, ctx, lambda actor: acd_desk.accept(ctx, actor, contact_id))


@post("/desk/offers/{contact_id:int}/reject", **_DESK_POST)
def reject(request: Request[Any, Any, Any], ctx: Ctx, contact_id: FromPath[int]) -> Template:
    return _act(request, ctx, lambda actor: acd_desk.reject(ctx, actor, contact_id))


@post("/desk/contacts/{contact_id:int}/end", **_DESK_POST)
def end(request: Request[Any, Any, Any], ctx: Ctx, contact_id: FromPath[int]) -> Template:
    return _act(request, ctx, lambda actor: acd_desk.end_contact(ctx, actor, contact_id))


@post("/desk/contacts/{contact_id:int}/wrap-up", **_DESK_POST)
def wrap_up(request: Request[Any, Any, Any], ctx: Ctx, contact_id: FromPath[int], data: Form) -> Template:
    reason, notes = data.get("reason_code", ""), data.get("notes", "")
    return _act(request, ctx, lambda actor: acd_desk.wrap_up(ctx, actor, contact_id, reason, notes))


@get(
    "/desk/pop/{contact_id:int}",
    opt=rule("acd.desk", reads_customer=True),
    sync_to_thread=True,
    include_in_schema=False,
)
def pop(request: Request[Any, Any, Any], ctx: Ctx, contact_id: FromPath[int]) -> Template:
    """The screen pop of the contact ringing or held: who it is, by the contact's own identity."""
    actor = current(request).actor
    state = desk_state(ctx, actor)
    mine = [c for c in [state["offer"], *state["contacts"]] if c and c["contact_id"] == contact_id]
    if not mine:
        raise Conflict("this contact is not yours")
    identity = mine[0]["identity"] or ""
    by = {"email": identity} if "@" in identity else {"phone": identity}
    found = screen_pop(ctx, actor, screen=f"GET /desk/pop/{contact_id}", **by) if identity else None
    return render(request, "acd/_pop.html", contact=mine[0], pop=found)


ROUTES = [wallboard, wallboard_stream, desk, desk_stream, presence, accept, reject, end, wrap_up, pop]
