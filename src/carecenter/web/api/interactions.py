"""REST: interaction history and contact reasons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from carecenter.app.commands.interactions import close_interaction, record_interaction
from carecenter.app.queries.customer360 import customer_360
from carecenter.app.queries.reasons import contact_reasons
from carecenter.web.access import Ctx, current, rule
from carecenter.web.api import serialise


class InteractionIn(msgspec.Struct):
    channel: str
    direction: str = "inbound"
    customer_id: int | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    status: str = "closed"
    queue: str | None = None
    reason_code: str | None = None
    notes: str = ""
    outcome: str | None = None
    identity: str | None = None


class CloseIn(msgspec.Struct):
    reason_code: str | None = None
    outcome: str | None = None
    notes: str | None = None


@get(
    "/api/v1/customers/{customer_id:int}/interactions",
    opt=rule("interactions.read", reads_customer=True),
    sync_to_thread=True,
)
def timeline(request: Request[Any, Any, Any], ctx: Ctx, customer_id: FromPath[int]) -> dict[str, Any]:
    """The customer's timeline: open items first, then newest first."""
    view = customer_360(ctx, current(request).actor, customer_id, screen=f"GET {request.url.path}")
    return {"interactions": [serialise.interaction(i) for i in view.timeline]}


@post("/api/v1/interactions", opt=rule("interactions.write"), sync_to_thread=True)
def record(request: Request[Any, Any, Any], ctx: Ctx, data: JSONBody[InteractionIn]) -> dict[str, Any]:
    interaction_id = record_interaction(
        ctx,
        current(request).actor,
        data.customer_id,
        data.channel,
        data.direction,
        data.started_at,
        data.ended_at,
        data.reason_code,
        data.notes,
        data.outcome,
        data.queue,
        data.status,
        data.identity,
    )
    return {"id": interaction_id}


@post(
    "/api/v1/interactions/{interaction_id:int}/close",
    opt=rule("interactions.write"),
    sync_to_thread=True,
    status_code=200,
)
def close(
    request: Request[Any, Any, Any], ctx: Ctx, interaction_id: FromPath[int], data: JSONBody[CloseIn]
) -> dict[str, Any]:
    closed = close_interaction(ctx, current(request).actor, interaction_id, data.reason_code, data.outcome, data.notes)
    return serialise.interaction(closed)


@get("/api/v1/contact-reasons", opt=rule("interactions.read"), sync_to_thread=True)
def reasons(ctx: Ctx, include_retired: FromQuery[bool] = False) -> dict[str, Any]:
    """The reasons that may be chosen now; `?include_retired=true` adds retired ones (to label history)."""
    return {
        "reasons": [
            {
                "code": r.code,
                "parent_code": r.parent_code,
                "label_en": r.label_en,
                "label_vi": r.label_vi,
                "active": r.active,
            }
            for r in contact_reasons(ctx, include_retired)
        ]
    }


ROUTES = [timeline, record, close, reasons]
