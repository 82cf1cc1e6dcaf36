"""Rebuild a router from saved live state (after a restart or a crash of the process that ran it).

What is saved is what the database holds: each logged-in agent's presence, and each routed contact's
queue, place (arrival, seq), stage and agent. An offer that was ringing keeps ringing at the same agent
(the agent's screen still shows it) with its timeout counted from when it was made; if that agent is no
longer ready, the contact goes back to its place and the decisions say so (`OfferRevoked`, reason
"unavailable") so the caller can clear the claim. Relaxation and overflow that fell due while the process
was down happen at once; wrap-ups run to their saved deadline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from carecenter.domain.routing import events as ev
from carecenter.domain.routing.engine import Router
from carecenter.domain.routing.model import Capacity, Presence, QueueConfig, RefuseReason, RevokeReason
from carecenter.domain.routing.state import AgentState, ContactState, Stage, Timer


@dataclass(frozen=True, slots=True)
class SavedAgent:
    id: int
    skills: Mapping[str, int]
    capacity: Capacity
    presence: Presence
    reason: str | None
    free_since: float


@dataclass(frozen=True, slots=True)
class SavedContact:
    id: int
    queue: str
    priority: int
    segment: str | None
    seq: int
    arrived: float
    entered: float
    stage: Stage  # WAITING, OFFERED, CONNECTED or WRAP_UP
    agent: int | None = None
    callback: bool = False
    wrap_until: float | None = None
    offered_at: float | None = None


def restore(
    queues: Iterable[QueueConfig], agents: Iterable[SavedAgent], contacts: Iterable[SavedContact], now: float
) -> tuple[Router, list[ev.Decision]]:
    """A router in the saved state at `now`, and the decisions that rebuilding it took."""
    router = Router(queues)
    router.now = now
    out: list[ev.Decision] = []
    for saved in agents:
        if saved.presence is Presence.LOGGED_OUT:
            continue
        agent = AgentState(saved.id, saved.skills, saved.capacity, saved.free_since)
        agent.presence, agent.reason = saved.presence, saved.reason
        router._agents[agent.id] = agent
    for saved_contact in sorted(contacts, key=lambda c: c.seq):
        _restore_contact(router, saved_contact, out)
    for agent in router._agents.values():
        router._touch(agent)
    router._dispatch(out)
    return router, out


def _restore_contact(router: Router, saved: SavedContact, out: list[ev.Decision]) -> None:
    router._seq = max(router._seq, saved.seq)
    queue = router.queues.get(saved.queue)
    agent = router._agents.get(saved.agent) if saved.agent is not None else None
    if queue is None:
        out.append(ev.Refused(saved.id, saved.queue, RefuseReason.CLOSED, router.now))
        return
    contact = ContactState(saved.id, queue.code, saved.priority, saved.segment, saved.arrived, saved.seq)
    contact.entered, contact.callback = saved.entered, saved.callback
    router._contacts[contact.id] = contact
    if saved.stage in (Stage.CONNECTED, Stage.WRAP_UP) and agent is not None:
        contact.stage, contact.agent = saved.stage, agent.id
        agent.load[queue.media] += 1
        agent.held.add(contact.id)
        if saved.stage is Stage.WRAP_UP:
            contact.entry = router._token()
            due = saved.wrap_until if saved.wrap_until is not None else router.now
            contact.wrap_until = due
            router._timer(due, Timer.WRAP_UP, contact.id, contact.entry, 0)
        return
    if saved.stage is Stage.OFFERED and agent is not None and agent.offer is None and _ready(agent):
        contact.stage, contact.agent = Stage.OFFERED, agent.id
        contact.offers = router._token()
        agent.offer = contact.id
        _keep_levels(router, contact, queue)
        made = saved.offered_at if saved.offered_at is not None else router.now
        contact.offered_at = made
        router._timer(made + queue.offer_timeout_s, Timer.OFFER, contact.id, contact.offers, 0)
        return
    if saved.stage is Stage.OFFERED and saved.agent is not None:
        out.append(ev.OfferRevoked(contact.id, saved.agent, RevokeReason.UNAVAILABLE, router.now))
    _wait_again(router, contact, queue, out)


def _ready(agent: AgentState) -> bool:
    return agent.presence is Presence.READY


def _keep_levels(router: Router, contact: ContactState, queue: QueueConfig) -> None:
    """A ringing contact keeps earning relaxation (it applies if the offer ends without an answer)."""
    contact.entry = router._token()
    contact.level = queue.level_after(router.now - contact.entered)
    for after, level in queue.relax[1:]:
        if contact.entered + after > router.now:
            router._timer(contact.entered + after, Timer.RELAX, contact.id, contact.entry, level)


def _wait_again(router: Router, contact: ContactState, queue: QueueConfig, out: list[ev.Decision]) -> None:
    """Back in line at its place, with the relaxation it has earned and its remaining timers."""
    waited = router.now - contact.entered
    if queue.overflow_after_s is not None and waited >= queue.overflow_after_s:
        router._overflow(contact, queue, out)
        return
    contact.entry = router._token()
    contact.level = queue.level_after(waited)
    for after, level in queue.relax[1:]:
        if contact.entered + after > router.now:
            router._timer(contact.entered + after, Timer.RELAX, contact.id, contact.entry, level)
    if queue.overflow_after_s is not None:
        router._timer(contact.entered + queue.overflow_after_s, Timer.OVERFLOW, contact.id, contact.entry, 0)
    router._waiting.push(contact, router._priority(contact))
    router._dirty_contacts.add(contact.id)
