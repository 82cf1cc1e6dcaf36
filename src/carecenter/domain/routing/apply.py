"""How each input changes the router's state. Every handler checks before it changes anything, so an
input that does not fit (unknown agent, accepting an offer made to someone else) leaves the state as it was.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from carecenter.domain.errors import Conflict, FieldProblem, InvalidInput
from carecenter.domain.routing import events as ev
from carecenter.domain.routing.model import Presence, RevokeReason, check_skills
from carecenter.domain.routing.state import AgentState, ContactState, Stage, Timer

if TYPE_CHECKING:
    from carecenter.domain.routing.engine import Router

Out = list[ev.Decision]


def apply(router: Router, event: ev.RoutingInput, out: Out) -> None:
    match event:
        case ev.ContactArrived():
            _arrive(router, event, out)
        case ev.OfferAccepted():
            _accept(router, event)
        case ev.ContactEnded():
            _end(router, event)
        case ev.WrapUpDone():
            contact = router._contact(event.contact, Stage.WRAP_UP)
            router._free_slot(contact)
            router._forget(contact)
        case ev.ContactAbandoned():
            _abandon(router, event, out)
        case ev.OfferRejected():
            contact = _offered_to(router, event.contact, event.agent)
            agent = router._revoke(contact, RevokeReason.REJECTED, out)
            router._force_not_ready(agent, RevokeReason.REJECTED.value, out)
            router._free.index(agent)
            router._requeue(contact, out)
        case ev.PresenceChanged():
            _presence(router, event, out)
        case ev.AgentLoggedIn():
            _log_in(router, event)
        case ev.AgentLoggedOut():
            _log_out(router, event, out)
        case ev.SkillsChanged():
            check_skills(event.skills)
            agent = router._agent(event.agent)
            agent.skills = dict(event.skills)
            if event.capacity is not None:
                agent.capacity = event.capacity
            router._touch(agent)
        case ev.CallbackRequested():
            router._contact(event.contact, Stage.WAITING).callback = True
        case ev.ContactTransferred():
            _transfer(router, event, out)
        case ev.EmergencySet():
            router.queues[event.queue] = replace(router._queue(event.queue), emergency=event.on)


def _arrive(router: Router, event: ev.ContactArrived, out: Out) -> None:
    queue = router._queue(event.queue)
    if event.contact in router._contacts:
        raise Conflict(f"contact {event.contact} is already in routing")
    refusal = router._refusal(queue)
    if refusal is not None:
        out.append(ev.Refused(event.contact, queue.code, refusal, router.now))
        return
    contact = ContactState(event.contact, queue.code, event.priority, event.segment, router.now, router._next_seq())
    router._contacts[contact.id] = contact
    out.append(ev.Queued(contact.id, queue.code, router.now))
    router._enter(contact, queue, out)


def _offered_to(router: Router, contact_id: int, agent_id: int) -> ContactState:
    contact = router._contact(contact_id, Stage.OFFERED)
    if contact.agent != agent_id:
        raise Conflict(f"contact {contact_id} is offered to another agent")
    return contact


def _accept(router: Router, event: ev.OfferAccepted) -> None:
    contact = _offered_to(router, event.contact, event.agent)
    agent = router._agents[event.agent]
    contact.stage = Stage.CONNECTED
    agent.offer = None
    agent.load[router.queues[contact.queue].media] += 1
    agent.held.add(contact.id)
    router._touch(agent)  # it may take another chat or email


def _end(router: Router, event: ev.ContactEnded) -> None:
    contact = router._contact(event.contact, Stage.CONNECTED)
    wrap_up = router.queues[contact.queue].wrap_up_s
    if wrap_up == 0:
        router._free_slot(contact)
        router._forget(contact)
        return
    contact.stage, contact.wrap_until = Stage.WRAP_UP, router.now + wrap_up
    contact.entry = router._token()  # the slot stays held until the wrap-up is done or times out
    router._timer(router.now + wrap_up, Timer.WRAP_UP, contact.id, contact.entry, 0)


def _abandon(router: Router, event: ev.ContactAbandoned, out: Out) -> None:
    contact = router._contact(event.contact, Stage.WAITING, Stage.OFFERED)
    if contact.stage is Stage.OFFERED:
        agent = router._revoke(contact, RevokeReason.ABANDONED, out)
        router._touch(agent)
    router._forget(contact)


def _presence(router: Router, event: ev.PresenceChanged, out: Out) -> None:
    agent = router._agent(event.agent)
    if event.ready:
        if agent.presence is not Presence.READY:
            agent.presence, agent.reason, agent.free_since = Presence.READY, None, router.now
            router._touch(agent)
        return
    agent.presence, agent.reason = Presence.NOT_READY, event.reason
    _withdraw_offer(router, agent, out)
    router._free.index(agent)


def _withdraw_offer(router: Router, agent: AgentState, out: Out) -> None:
    if agent.offer is not None:
        contact = router._contacts[agent.offer]
        router._revoke(contact, RevokeReason.UNAVAILABLE, out)
        router._requeue(contact, out)


def _log_in(router: Router, event: ev.AgentLoggedIn) -> None:
    if event.agent in router._agents:
        raise Conflict(f"agent {event.agent} is already logged in")
    check_skills(event.skills)
    agent = AgentState(event.agent, event.skills, event.capacity, router.now)
    if event.ready:
        agent.presence = Presence.READY
    router._agents[agent.id] = agent
    router._touch(agent)


def _log_out(router: Router, event: ev.AgentLoggedOut, out: Out) -> None:
    agent = router._agent(event.agent)
    if agent.holds_contacts():
        raise Conflict(f"agent {event.agent} still has contacts: end and wrap them up first")
    agent.presence = Presence.LOGGED_OUT
    _withdraw_offer(router, agent, out)
    agent.version += 1  # every index entry goes stale
    del router._agents[agent.id]
    router._dirty_agents.discard(agent.id)


def _transfer(router: Router, event: ev.ContactTransferred, out: Out) -> None:
    contact = router._contact(event.contact, Stage.CONNECTED)
    queue = router._queue(event.queue)
    if queue.media is not router.queues[contact.queue].media:
        raise InvalidInput(FieldProblem("queue", f"queue {queue.code} takes {queue.media.value} contacts"))
    router._free_slot(contact)
    refusal = router._refusal(queue)
    if refusal is not None:
        out.append(ev.Refused(contact.id, queue.code, refusal, router.now))
        router._forget(contact)
        return
    contact.arrived, contact.seq = router.now, router._next_seq()  # a new place at the end of the line
    out.append(ev.Queued(contact.id, queue.code, router.now))
    router._enter(contact, queue, out)
