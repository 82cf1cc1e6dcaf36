"""Contacts coming in from a channel (a gateway, the IVR, the traffic simulator) and leaving before an
agent took them. Each new contact is an open inbound interaction, routed in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from carecenter.app.acd.forwarding import acd_step
from carecenter.app.context import AppContext, acd_of
from carecenter.app.ports import UnitOfWork
from carecenter.domain.access.permissions import Actor
from carecenter.domain.customers.model import IdentityKind
from carecenter.domain.customers.phones import try_normalise_phone
from carecenter.domain.errors import ProblemCollector
from carecenter.domain.interactions.model import Channel, Direction, Interaction, InteractionStatus
from carecenter.domain.routing import events as ev
from carecenter.domain.routing.model import MEDIA_OF_CHANNEL


@dataclass(frozen=True)
class RoutedContact:
    contact_id: int
    customer_id: int | None
    outcome: str  # queued | offered | refused_closed | refused_emergency
    agent_id: int | None = None


@acd_step(result=RoutedContact)
def route_contact(
    ctx: AppContext,
    actor: Actor,
    channel: str,
    queue: str | None = None,
    identity: str | None = None,
    priority: int = 0,
) -> RoutedContact:
    """A new inbound contact on `channel` from `identity` (caller ID or address), routed to `queue`
    (default: the channel's general queue). The caller is recognised when the identity names one customer,
    whose segment may raise the priority. Emits ContactArrived and what routing decided.
    """
    actor.require("acd.contacts")
    problems = ProblemCollector()
    if channel not in {c.value for c in Channel}:
        problems.add("channel", f"must be one of {', '.join(c.value for c in Channel)}")
    problems.check_length("identity", identity, 254)
    problems.check_length("queue", queue, 64)
    if not -100 <= priority <= 100:
        problems.add("priority", "must be between -100 and 100")
    problems.raise_if_any()
    media = MEDIA_OF_CHANNEL[Channel(channel)]
    queue_code = queue or f"{media.value}.general"
    acd = acd_of(ctx)

    def prepare(uow: UnitOfWork) -> tuple[ev.RoutingInput, tuple[int, int | None]]:
        customer_id, segment = _recognise(uow, identity)
        interaction = Interaction(
            id=None,
            customer_id=customer_id,
            channel=Channel(channel),
            direction=Direction.INBOUND,
            started_at=ctx.clock.now(),
            status=InteractionStatus.OPEN,
            queue=queue_code,
            identity=identity,
        )
        contact_id = uow.interactions.add(interaction)
        return ev.ContactArrived(contact_id, queue_code, priority, segment), (contact_id, customer_id)

    (contact_id, customer_id), decisions = acd.submit(actor.user_id, prepare)
    outcome, agent_id = "queued", None
    for decision in decisions:
        if isinstance(decision, ev.Refused):
            outcome = f"refused_{decision.reason.value}"
        elif isinstance(decision, ev.Offered):
            outcome, agent_id = "offered", decision.agent
    return RoutedContact(contact_id, customer_id, outcome, agent_id)


def _recognise(uow: UnitOfWork, identity: str | None) -> tuple[int | None, str | None]:
    if not identity:
        return None, None
    if "@" in identity:
        ids = uow.customers.ids_by_identity(IdentityKind.EMAIL, identity.strip().lower())
    else:
        phone = try_normalise_phone(identity)
        ids = uow.customers.ids_by_identity(IdentityKind.PHONE, phone) if phone else []
    if len(ids) != 1:
        return None, None
    return ids[0], uow.customers.get(ids[0]).segment.value


@acd_step()
def abandon_contact(ctx: AppContext, actor: Actor, contact_id: int) -> None:
    """The customer left (hung up in queue, closed the chat) before an agent took the contact."""
    actor.require("acd.contacts")
    acd_of(ctx).submit(actor.user_id, lambda uow: (ev.ContactAbandoned(contact_id), None))


@acd_step()
def request_callback(ctx: AppContext, actor: Actor, contact_id: int) -> None:
    """The caller hangs up but keeps their place; whoever gets it calls back."""
    actor.require("acd.contacts")
    acd_of(ctx).submit(actor.user_id, lambda uow: (ev.CallbackRequested(contact_id), None))
