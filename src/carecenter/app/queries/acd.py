"""What an agent's desk shows: presence, the offer ringing now, the contacts held; the reason codes."""

from __future__ import annotations

from typing import Any

from carecenter.app.context import AppContext, acd_of
from carecenter.app.ports.routing import ContactRecord, NotReadyReason
from carecenter.domain.access.permissions import Actor
from carecenter.domain.routing.state import Stage


def desk_state(ctx: AppContext, actor: Actor) -> dict[str, Any]:
    """The actor's desk as plain data (no personal data beyond the contact's own identity).

    `offer` is the contact ringing now; `contacts` are the ones held (connected or in wrap-up).
    """
    actor.require("acd.desk")
    if ctx.acd is None and ctx.acd_inbox is not None:
        return _desk_from_database(ctx, actor)
    acd = acd_of(ctx)
    view = acd.agent(actor.user_id)
    if view is None:
        return {"presence": "logged_out", "reason": None, "offer": None, "contacts": [], "skills": {}}
    held = [c for c in (acd.contact(i) for i in acd.held_by(actor.user_id)) if c is not None]
    wanted = ([view.offer] if view.offer is not None else []) + [c.id for c in held]
    with ctx.read() as uow:
        interactions = {i: uow.interactions.get(i) for i in wanted}

    def contact(contact_id: int, stage: Stage, queue: str, callback: bool) -> dict[str, Any]:
        interaction = interactions[contact_id]
        return {
            "contact_id": contact_id,
            "stage": stage.name.lower(),
            "queue": queue,
            "channel": interaction.channel.value,
            "identity": interaction.identity,
            "customer_id": interaction.customer_id,
            "started_at": interaction.started_at.isoformat(),
            "ended_at": interaction.ended_at.isoformat() if interaction.ended_at else None,
            "callback": callback,
        }

    offer = acd.contact(view.offer) if view.offer is not None else None
    ringing = contact(offer.id, offer.stage, offer.queue, offer.callback) if offer else None
    if ringing is not None and offer is not None and offer.offered_at is not None:
        timeout = acd.offer_timeout_s(offer.queue)
        left = offer.offered_at + timeout - ctx.clock.now().timestamp() if timeout is not None else None
        ringing["rings_for_s"] = max(0, round(left)) if left is not None else None  # then it is missed
    return {
        "presence": view.presence.value,
        "reason": view.reason,
        "offer": ringing,
        "contacts": [contact(c.id, c.stage, c.queue, c.callback) for c in held],
        "skills": dict(view.skills),
    }


def _desk_from_database(ctx: AppContext, actor: Actor) -> dict[str, Any]:
    """The same desk, read from the saved live state (in a worker that does not run the router)."""
    with ctx.read() as uow:
        record = uow.routing.agent(actor.user_id)
        if record is None:
            return {"presence": "logged_out", "reason": None, "offer": None, "contacts": [], "skills": {}}
        mine = uow.routing.contacts(actor.user_id)
        interactions = {c.interaction_id: uow.interactions.get(c.interaction_id) for c in mine}
        skills = uow.routing.skills_of(actor.user_id)

    def contact(c: ContactRecord) -> dict[str, Any]:
        interaction = interactions[c.interaction_id]
        return {
            "contact_id": c.interaction_id,
            "stage": c.stage.name.lower(),
            "queue": c.queue,
            "channel": interaction.channel.value,
            "identity": interaction.identity,
            "customer_id": interaction.customer_id,
            "started_at": interaction.started_at.isoformat(),
            "ended_at": interaction.ended_at.isoformat() if interaction.ended_at else None,
            "callback": c.callback,
        }

    offer = next((c for c in mine if c.stage is Stage.OFFERED), None)
    return {
        "presence": record.presence.value,
        "reason": record.reason,
        "offer": contact(offer) if offer else None,
        "contacts": [contact(c) for c in mine if c.stage in (Stage.CONNECTED, Stage.WRAP_UP)],
        "skills": skills,
    }


def all_not_ready_reasons(ctx: AppContext) -> list[NotReadyReason]:
    """Every reason code, retired ones included (to label what agents chose earlier)."""
    with ctx.read() as uow:
        return uow.routing.not_ready_reasons()


def not_ready_reasons(ctx: AppContext) -> list[NotReadyReason]:
    with ctx.read() as uow:
        return [r for r in uow.routing.not_ready_reasons() if r.active]
