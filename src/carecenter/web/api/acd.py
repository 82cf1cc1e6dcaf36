"""REST: contacts in from channels, the agent's desk (presence, offers, wrap-up), supervisor controls."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import msgspec
from litestar import Request, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.response import ServerSentEvent

from carecenter.app.commands import acd_contacts, acd_desk
from carecenter.app.queries.acd import desk_state, not_ready_reasons
from carecenter.web.access import Ctx, current, rule
from carecenter.web.live import live_stream


class ContactIn(msgspec.Struct):
    channel: str
    queue: str | None = None
    identity: str | None = None
    priority: int = 0


class PresenceIn(msgspec.Struct):
    ready: bool
    reason: str | None = None


class WrapUpIn(msgspec.Struct):
    reason_code: str
    notes: str = ""


class TransferIn(msgspec.Struct):
    queue: str


class EmergencyIn(msgspec.Struct):
    on: bool


@post("/api/v1/contacts", opt=rule("acd.contacts"), sync_to_thread=True)
def create_contact(request: Request[Any, Any, Any], ctx: Ctx, data: JSONBody[ContactIn]) -> dict[str, Any]:
    """A new inbound contact from a channel; it is recognised, queued and routed at once."""
    routed = acd_contacts.route_contact(
        ctx, current(request).actor, data.channel, data.queue, data.identity, data.priority
    )
    return {
        "contact_id": routed.contact_id,
        "customer_id": routed.customer_id,
        "outcome": routed.outcome,
        "agent_id": routed.agent_id,
    }


@post("/api/v1/contacts/{contact_id:int}/abandon", opt=rule("acd.contacts"), sync_to_thread=True, status_code=204)
def abandon(request: Request[Any, Any, Any], ctx: Ctx, contact_id: FromPath[int]) -> None:
    acd_contacts.abandon_contact(ctx, current(request).actor, contact_id)


@post("/api/v1/contacts/{contact_id:int}/callback", opt=rule("acd.contacts"), sync_to_thread=True, status_code=204)
def callback(request: Request[Any, Any, Any], ctx: Ctx, contact_id: FromPath[int]) -> None:
    acd_contacts.request_callback(ctx, current(request).actor, contact_id)


@get("/api/v1/desk", opt=rule("acd.desk"), sync_to_thread=True)
def desk(request: Request[Any, Any, Any], ctx: Ctx) -> dict[str, Any]:
    """My presence, the offer ringing for me (if any) and the contacts I hold."""
    return desk_state(ctx, current(request).actor)


@get("/api/v1/desk/stream", opt=rule("acd.desk"))
async def desk_stream(request: Request[Any, Any, Any], ctx: Ctx) -> ServerSentEvent:
    """Server-sent events: `desk` with the desk (as GET /api/v1/desk) now and whenever it changes."""
    actor = current(request).actor

    async def render_now() -> tuple[str, str]:
        return "", json.dumps(await asyncio.to_thread(desk_state, ctx, actor))

    return ServerSentEvent(live_stream(request, "desk", render_now, tick_s=15.0, every_s=0.0, agent=actor.user_id))


@put("/api/v1/desk/presence", opt=rule("acd.desk"), sync_to_thread=True)
def presence(request: Request[Any, Any, Any], ctx: Ctx, data: JSONBody[PresenceIn]) -> dict[str, Any]:
    actor = current(request).actor
    acd_desk.set_presence(ctx, actor, data.ready, data.reason)
    return desk_state(ctx, actor)


@post("/api/v1/desk/logout", opt=rule("acd.desk"), sync_to_thread=True, status_code=204)
def logout(request: Request[Any, Any, Any], ctx: Ctx) -> None:
    acd_desk.log_out(ctx, current(request).actor)


@post("/api/v1/desk/offers/{contact_id:int}/accept", opt=rule("acd.desk"), sync_to_thread=True, status_code=200)
def accept(request: Request[Any, Any, Any], ctx: Ctx, contact_id: FromPath[int]) -> dict[str, Any]:
    actor = current(request).actor
    acd_desk.accept(ctx, actor, contact_id)
    return desk_state(ctx, actor)


@post("/api/v1/desk/offers/{contact_id:int}/reject", opt=rule("acd.desk"), sync_to_thread=True, status_code=200)
def reject(request: Request[Any, Any, Any], ctx: Ctx, contact_id: FromPath[int]) -> dict[str, Any]:
    actor = current(request).actor
    acd_desk.reject(ctx, actor, contact_id)
    return desk_state(ctx, actor)


@post("/api/v1/desk/contacts/{contact_id:int}/end", opt=rule("acd.desk"), sync_to_thread=True, status_code=200)
def end(request: Request[Any, Any, Any], ctx: Ctx, contact_id: FromPath[int]) -> dict[str, Any]:
    actor = current(request).actor
    acd_desk.end_contact(ctx, actor, contact_id)
    return desk_state(ctx, actor)


@post("/api/v1/desk/contacts/{contact_id:int}/wrap-up", opt=rule("acd.desk"), sync_to_thread=True, status_code=200)
def wrap_up(
    request: Request[Any, Any, Any], ctx: Ctx, contact_id: FromPath[int], data: JSONBody[WrapUpIn]
) -> dict[str, Any]:
    actor = current(request).actor
    acd_desk.wrap_up(ctx, actor, contact_id, data.reason_code, data.notes)
    return desk_state(ctx, actor)


@post("/api/v1/desk/contacts/{contact_id:int}/transfer", opt=rule("acd.desk"), sync_to_thread=True, status_code=200)
def transfer(
    request: Request[Any, Any, Any], ctx: Ctx, contact_id: FromPath[int], data: JSONBody[TransferIn]
) -> dict[str, Any]:
    actor = current(request).actor
    acd_desk.transfer(ctx, actor, contact_id, data.queue)
    return desk_state(ctx, actor)


@get("/api/v1/not-ready-reasons", opt=rule("acd.desk"), sync_to_thread=True)
def reasons(ctx: Ctx) -> dict[str, Any]:
    return {
        "reasons": [{"code": r.code, "label_en": r.label_en, "label_vi": r.label_vi} for r in not_ready_reasons(ctx)]
    }


@put("/api/v1/agents/{agent_id:int}/presence", opt=rule("acd.supervise"), sync_to_thread=True, status_code=204)
def agent_presence(
    request: Request[Any, Any, Any], ctx: Ctx, agent_id: FromPath[int], data: JSONBody[PresenceIn]
) -> None:
    acd_desk.set_agent_presence(ctx, current(request).actor, agent_id, data.ready, data.reason)


@put("/api/v1/queues/{code:str}/emergency", opt=rule("acd.supervise"), sync_to_thread=True, status_code=204)
def emergency(request: Request[Any, Any, Any], ctx: Ctx, code: FromPath[str], data: JSONBody[EmergencyIn]) -> None:
    acd_desk.set_emergency(ctx, current(request).actor, code, data.on)


ROUTES = [
    create_contact,
    abandon,
    callback,
    desk,
    desk_stream,
    presence,
    logout,
    accept,
    reject,
    end,
    wrap_up,
    transfer,
    reasons,
    agent_presence,
    emergency,
]
