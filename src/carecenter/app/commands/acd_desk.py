"""What agents do at their desk (presence, offers, ending and wrapping up contacts) and what a
supervisor may do for them. Every step goes through the ACD service: one transaction with its events.
"""

from __future__ import annotations

from dataclasses import replace

from carecenter.app.acd.forwarding import acd_step
from carecenter.app.context import AppContext, acd_of
from carecenter.app.ports import UnitOfWork
from carecenter.domain.access.permissions import Actor
from carecenter.domain.errors import Conflict, FieldProblem, InvalidInput, ProblemCollector
from carecenter.domain.interactions.model import validate_reason_code
from carecenter.domain.routing import events as ev


@acd_step()
def log_in(ctx: AppContext, actor: Actor, ready: bool = False) -> None:
    """Start taking contacts with one's configured skills and capacity (not ready unless `ready`)."""
    actor.require("acd.desk")

    def prepare(uow: UnitOfWork) -> tuple[ev.RoutingInput, None]:
        skills, capacity = uow.routing.skills_of(actor.user_id), uow.routing.capacity_of(actor.user_id)
        return ev.AgentLoggedIn(actor.user_id, skills, capacity, ready), None

    acd_of(ctx).submit(actor.user_id, prepare)


@acd_step()
def log_out(ctx: AppContext, actor: Actor) -> None:
    actor.require("acd.desk")
    acd_of(ctx).submit(actor.user_id, lambda uow: (ev.AgentLoggedOut(actor.user_id), None))


@acd_step()
def set_presence(ctx: AppContext, actor: Actor, ready: bool, reason: str | None = None) -> None:
    """Ready, or not ready with a reason code; logs the agent in first if needed."""
    actor.require("acd.desk")
    _change_presence(ctx, actor, actor.user_id, ready, reason)


@acd_step()
def set_agent_presence(ctx: AppContext, actor: Actor, agent_id: int, ready: bool, reason: str | None = None) -> None:
    """A supervisor changes an agent's presence (an agent who walked away while ready, say)."""
    actor.require("acd.supervise")
    if acd_of(ctx).agent(agent_id) is None:
        raise Conflict("that agent is not logged in")
    _change_presence(ctx, actor, agent_id, ready, reason)


def _change_presence(ctx: AppContext, actor: Actor, agent_id: int, ready: bool, reason: str | None) -> None:
    if ready and reason:
        raise InvalidInput(FieldProblem("reason", "a reason goes with not ready only"))
    acd = acd_of(ctx)

    def prepare(uow: UnitOfWork) -> tuple[ev.RoutingInput, None]:
        if not ready:
            codes = {r.code for r in uow.routing.not_ready_reasons() if r.active}
            if reason not in codes:
                raise InvalidInput(FieldProblem("reason", f"choose one of: {', '.join(sorted(codes))}"))
        return ev.PresenceChanged(agent_id, ready, None if ready else reason), None

    if acd.agent(agent_id) is None:
        log_in(ctx, actor)
    acd.submit(actor.user_id, prepare)


@acd_step()
def accept(ctx: AppContext, actor: Actor, contact_id: int) -> None:
    actor.require("acd.desk")
    acd_of(ctx).submit(actor.user_id, lambda uow: (ev.OfferAccepted(contact_id, actor.user_id), None))


@acd_step()
def reject(ctx: AppContext, actor: Actor, contact_id: int) -> None:
    actor.require("acd.desk")
    acd_of(ctx).submit(actor.user_id, lambda uow: (ev.OfferRejected(contact_id, actor.user_id), None))


@acd_step()
def end_contact(ctx: AppContext, actor: Actor, contact_id: int) -> None:
    """The conversation is over; wrap-up starts (the agent's slot stays held until it is done)."""
    actor.require("acd.desk")
    _require_holder(ctx, actor, contact_id)
    acd_of(ctx).submit(actor.user_id, lambda uow: (ev.ContactEnded(contact_id), None))


@acd_step()
def transfer(ctx: AppContext, actor: Actor, contact_id: int, queue: str) -> None:
    """Send a connected contact to another queue (it joins the end of that line)."""
    actor.require("acd.desk")
    _require_holder(ctx, actor, contact_id)
    acd_of(ctx).submit(actor.user_id, lambda uow: (ev.ContactTransferred(contact_id, queue), None))


@acd_step()
def wrap_up(ctx: AppContext, actor: Actor, contact_id: int, reason_code: str, notes: str = "") -> None:
    """Close the contact with its contact-reason code and notes; the agent's slot frees."""
    actor.require("acd.desk")
    problems = ProblemCollector()
    if not reason_code:
        problems.add("reason_code", "choose a contact reason")
    if len(notes) > 10_000:
        problems.add("notes", "notes are longer than 10,000 characters")
    problems.raise_if_any()
    _require_holder(ctx, actor, contact_id)

    def prepare(uow: UnitOfWork) -> tuple[ev.RoutingInput, None]:
        validate_reason_code(reason_code, (r.code for r in uow.interactions.reasons()))
        interaction = uow.interactions.get(contact_id)
        uow.interactions.update(replace(interaction, reason_code=reason_code, notes=notes, outcome="handled"))
        return ev.WrapUpDone(contact_id), None

    acd_of(ctx).submit(actor.user_id, prepare)


@acd_step()
def set_emergency(ctx: AppContext, actor: Actor, queue: str, on: bool) -> None:
    """Switch a queue's emergency mode: new contacts go to the emergency announcement, not to agents."""
    actor.require("acd.supervise")

    def prepare(uow: UnitOfWork) -> tuple[ev.RoutingInput, None]:
        uow.routing.set_emergency(queue, on)
        return ev.EmergencySet(queue, on), None

    acd_of(ctx).submit(actor.user_id, prepare)


def _require_holder(ctx: AppContext, actor: Actor, contact_id: int) -> None:
    contact = acd_of(ctx).contact(contact_id)
    if contact is None or contact.agent != actor.user_id:
        raise Conflict("this contact is not yours")
