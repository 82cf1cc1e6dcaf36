"""Writing what the router did: lifecycle events, the live-state rows, and the interactions they touch.

One call per step, inside the step's unit of work, so the database and the in-memory router agree
whenever a transaction commits.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from carecenter.app.ports import UnitOfWork
from carecenter.app.ports.routing import AgentRecord, ContactRecord
from carecenter.domain.events import Event, event
from carecenter.domain.interactions.model import Interaction, InteractionStatus
from carecenter.domain.routing import events as ev
from carecenter.domain.routing.engine import Router
from carecenter.domain.routing.model import Presence
from carecenter.domain.routing.state import Stage

Step = ev.RoutingInput | ev.Decision


class StaleRouting(Exception):
    """The database refused a claim the router made: its state and the database have drifted apart."""


def instant(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def seconds(moment: datetime) -> float:
    return moment.timestamp()


def lifecycle_event(step: Step, router: Router) -> Event:
    """The event-table row for one input or decision (past tense, self-contained payload)."""
    name = type(step).__name__
    fields: dict[str, Any] = {k: getattr(step, k) for k in step.__slots__ if k != "at"}
    fields = {k: (v.value if hasattr(v, "value") else v) for k, v in fields.items() if k != "skills"}
    fields.pop("capacity", None)
    contact_id = fields.get("contact")
    if contact_id is not None:
        view = router.contact(contact_id) or router.gone.get(contact_id)
        if view is not None:
            fields.setdefault("queue", view.queue)
            if view.agent is not None:
                fields.setdefault("agent", view.agent)  # whose desk this concerns: live streams route by it
            fields["waited_s"] = round(router.now - view.arrived, 3)
        return event(_CONTACT_NAMES.get(name, "Contact" + name), "contact", contact_id, **fields)
    if "agent" in fields:
        return event(_AGENT_NAMES.get(name, name), "agent", fields["agent"], **fields)
    return event(name, "queue", fields.get("queue", ""), **fields)


def lifecycle_events(steps: list[Step], router: Router) -> list[Event]:
    """The event rows for `steps`, in order. A contact ended in a queue without wrap-up is wrapped at
    once, so it also gets its `ContactWrapped` (reports count handled contacts by it)."""
    out = []
    for step in steps:
        out.append(lifecycle_event(step, router))
        if isinstance(step, ev.ContactEnded) and step.contact in router.gone:
            out.append(lifecycle_event(ev.WrapUpDone(step.contact), router))
    return out


_CONTACT_NAMES = {
    "ContactArrived": "ContactArrived",
    "Queued": "ContactQueued",
    "Offered": "ContactOffered",
    "OfferAccepted": "OfferAccepted",
    "OfferRejected": "OfferRejected",
    "OfferRevoked": "OfferRevoked",
    "ContactAbandoned": "ContactAbandoned",
    "CallbackRequested": "CallbackRequested",
    "ContactTransferred": "ContactTransferred",
    "ContactEnded": "ContactEnded",
    "WrapUpDone": "ContactWrapped",
    "WrapUpExpired": "ContactWrapped",
    "Overflowed": "ContactOverflowed",
    "Refused": "ContactRefused",
}
_AGENT_NAMES = {
    "PresenceChanged": "AgentPresenceChanged",
    "PresenceForced": "AgentPresenceChanged",
    "SkillsChanged": "AgentSkillsChanged",
}


def touched(steps: list[Step]) -> tuple[set[int], set[int]]:
    """The contacts and agents named by `steps`."""
    contacts = {s.contact for s in steps if hasattr(s, "contact")}
    agents = {s.agent for s in steps if hasattr(s, "agent")}
    return contacts, agents


def save_state(
    uow: UnitOfWork, router: Router, steps: list[Step], since: dict[int, tuple[str, str | None, datetime]]
) -> None:
    """Bring the live-state rows of everything `steps` touched in line with the router.

    Agents are saved first with their claim cleared where the router's offer is new, then each new offer
    takes its claim by compare-and-set: if the database says no, raise StaleRouting (the caller rolls
    back and rebuilds the router from the database).
    """
    now = instant(router.now)
    contact_ids, agent_ids = touched(steps)
    offers = [s for s in steps if isinstance(s, ev.Offered)]
    newly_offered = {o.agent for o in offers}
    for agent_id in sorted(agent_ids):
        view = router.agent(agent_id)
        if view is None:
            since.pop(agent_id, None)
            uow.routing.save_agent(AgentRecord(agent_id, Presence.LOGGED_OUT, None, now, now, None), False)
            continue
        previous = since.get(agent_id)
        if previous is None or previous[:2] != (view.presence.value, view.reason):
            since[agent_id] = (view.presence.value, view.reason, now)
        record = AgentRecord(agent_id, view.presence, view.reason, since[agent_id][2], instant(view.free_since), None)
        uow.routing.save_agent(record, keep_offer=view.offer is not None and agent_id not in newly_offered)
    for offer in offers:
        if router.contact(offer.contact) is not None and not uow.routing.claim_agent(offer.agent, offer.contact):
            raise StaleRouting(f"agent {offer.agent} could not be claimed for contact {offer.contact}")
    arrived = {s.contact for s in steps if isinstance(s, ev.ContactArrived)}
    for contact_id in sorted(contact_ids):
        c = router.contact(contact_id)
        if c is None:
            uow.routing.drop_contact(contact_id)
            continue
        uow.routing.save_contact(
            ContactRecord(
                c.id,
                c.queue,
                c.priority,
                c.segment,
                c.seq,
                instant(c.arrived),
                instant(c.entered),
                c.stage,
                c.agent,
                c.callback,
                instant(c.offered_at) if c.offered_at is not None and c.stage is Stage.OFFERED else None,
                instant(c.wrap_until) if c.wrap_until is not None else None,
            ),
            new=contact_id in arrived,
        )


def update_interactions(uow: UnitOfWork, router: Router, steps: list[Step]) -> None:
    """Keep each contact's interaction row telling the same story: queue, agent, end, outcome.

    Each row is read once and written once per call, however many steps name it."""
    now = instant(router.now)
    read: dict[int, Interaction] = {}
    latest: dict[int, Interaction] = {}
    for step in steps:
        contact_id = getattr(step, "contact", None)
        if contact_id is None:
            continue
        if contact_id not in latest:
            read[contact_id] = latest[contact_id] = uow.interactions.get(contact_id)
        interaction = changed = latest[contact_id]
        match step:
            case ev.Offered(agent=agent, queue=queue):
                changed = replace(interaction, agent_id=agent, queue=queue)
            case ev.OfferRevoked(reason=reason) if reason.value != "abandoned":
                changed = replace(interaction, agent_id=None)
            case ev.Overflowed(to_queue=queue) | ev.ContactTransferred(queue=queue):
                changed = replace(interaction, queue=queue)
            case ev.ContactEnded():
                changed = replace(interaction, ended_at=now)
                if contact_id in router.gone:  # no wrap-up in this queue: the contact is done
                    changed = replace(changed, status=InteractionStatus.CLOSED, outcome=changed.outcome or "handled")
            case ev.ContactAbandoned():
                changed = replace(interaction, status=InteractionStatus.CLOSED, ended_at=now, outcome="abandoned")
            case ev.Refused(reason=reason):
                closed = replace(interaction, status=InteractionStatus.CLOSED, ended_at=now)
                changed = replace(closed, outcome=f"refused_{reason.value}")
            case ev.WrapUpExpired() | ev.WrapUpDone():
                changed = replace(interaction, status=InteractionStatus.CLOSED, ended_at=interaction.ended_at or now)
                changed = replace(changed, outcome=changed.outcome or "handled")
        latest[contact_id] = changed
    for contact_id, interaction in latest.items():
        if interaction != read[contact_id]:
            uow.interactions.update(interaction)
