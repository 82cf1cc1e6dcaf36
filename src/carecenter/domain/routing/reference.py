"""A brute-force twin of the routing engine (`engine.Router`), kept only to check it.

`ReferenceRouter` has the engine's public API and follows the rules in engine.py's docstring, but by the
most literal means: plain dicts of agents and contacts, a plain list of timers (always take the smallest),
and after every input and every timer the global greedy written out as the rules say it — sort every
waiting contact, scan every agent, offer, start again. It is slow on purpose: there are no heaps, indexes
or dirty sets to get wrong, so a differential test can feed random streams to both and demand the same
decisions and the same views. Do not use it to route.

Timers carry tokens drawn from one counter that never repeats, so a timer outlived by its queue entry,
offer or wrap-up (or by the contact itself, whose id may come back) is simply ignored when it fires.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime

from carecenter.domain.errors import Conflict, FieldProblem, InvalidInput, NotFound
from carecenter.domain.routing import events as ev
from carecenter.domain.routing.model import (
    Capacity,
    Media,
    Policy,
    Presence,
    QueueConfig,
    RefuseReason,
    RevokeReason,
    check_queue_graph,
    check_skills,
)
from carecenter.domain.routing.state import AgentView, ContactView, Stage, Timer

WAITING, OFFERED, CONNECTED, WRAP_UP = Stage.WAITING, Stage.OFFERED, Stage.CONNECTED, Stage.WRAP_UP


@dataclass
class _Agent:
    id: int
    skills: dict[str, int]
    capacity: Capacity
    presence: Presence
    free_since: float
    reason: str | None = None
    offer: int | None = None  # the contact ringing at this agent
    load: dict[Media, int] = field(default_factory=lambda: {Media.VOICE: 0, Media.CHAT: 0, Media.EMAIL: 0})


@dataclass
class _Contact:
    id: int
    queue: str
    priority: int
    segment: str | None
    arrived: float  # its place in line
    seq: int  # breaks ties of `arrived`
    entered: float = 0.0  # when it entered its current queue
    level: int = 1
    stage: Stage = WAITING
    agent: int | None = None
    callback: bool = False
    entry: int = 0  # token of its current queue entry, then of its wrap-up
    ringing: int = 0  # token of its current offer
    wrap_until: float | None = None
    offered_at: float | None = None  # when it was last offered


class ReferenceRouter:
    def __init__(self, queues: Iterable[QueueConfig] = ()) -> None:
        self.queues: dict[str, QueueConfig] = {}
        self.now = float("-inf")
        self._agents: dict[int, _Agent] = {}
        self._contacts: dict[int, _Contact] = {}
        self._timers: list[tuple[float, int, Timer, int, int, int]] = []  # due, seq, kind, contact, token, level
        self._seq = 0  # ONE counter for timers and places, as in the engine, so that ties break alike
        self._tokens = 0  # never reused, so a timer of an earlier entry, offer or contact can never match
        self.gone: dict[int, ContactView] = {}  # contacts that left during the last handle/advance call
        given = {q.code: q for q in queues}
        check_queue_graph(given)
        self.queues.update(given)

    def configure(self, queue: QueueConfig) -> list[ev.Decision]:
        """Add or replace a queue. Contacts keep their place and level, and timers already set still fire
        (an overflow is void if the queue overflows no more); offers the new config allows are made now."""
        check_queue_graph({**self.queues, queue.code: queue})
        self.queues[queue.code] = queue
        out: list[ev.Decision] = []
        self._offer_all(out)
        return out

    # ---- views -----------------------------------------------------------------------------------

    def agent(self, agent_id: int) -> AgentView | None:
        a = self._agents.get(agent_id)
        if a is None:
            return None
        return AgentView(a.id, a.presence, a.reason, dict(a.load), a.offer, a.free_since, dict(a.skills), a.capacity)

    def contact(self, contact_id: int) -> ContactView | None:
        c = self._contacts.get(contact_id)
        if c is None:
            return None
        return ContactView(**{f.name: getattr(c, f.name) for f in fields(ContactView)})

    def agent_ids(self) -> list[int]:
        return sorted(self._agents)

    def contact_ids(self) -> list[int]:
        return sorted(self._contacts)

    def held_by(self, agent_id: int) -> list[int]:
        held = (c for c in self._contacts.values() if c.agent == agent_id and c.stage in (CONNECTED, WRAP_UP))
        return sorted(c.id for c in held)

    def waiting(self, queue: str) -> int:
        return sum(1 for c in self._contacts.values() if c.queue == queue and c.stage is WAITING)

    def next_due(self) -> float | None:
        return min(self._timers)[0] if self._timers else None

    # ---- driving ---------------------------------------------------------------------------------

    def advance(self, now: float) -> list[ev.Decision]:
        out: list[ev.Decision] = []
        self.gone = {}
        while self._timers and min(self._timers)[0] <= now:
            timer = min(self._timers)
            self._timers.remove(timer)
            self.now = max(self.now, timer[0])
            self._fire(*timer[2:], out)
            self._offer_all(out)
        self.now = max(self.now, now)
        return out

    def handle(self, event: ev.RoutingInput, now: float) -> list[ev.Decision]:
        out = self.advance(now)
        self._apply(event, out)
        self._offer_all(out)
        return out

    # ---- the greedy ------------------------------------------------------------------------------

    def _offer_all(self, out: list[ev.Decision]) -> None:
        """Offer the first contact that has an eligible agent to its best agent, until there is none."""
        while True:
            waiting = [c for c in self._contacts.values() if c.stage is WAITING]
            waiting.sort(key=lambda c: (-self._priority(c), c.arrived, c.seq))
            for c in waiting:
                queue = self.queues[c.queue]
                eligible = [a for a in self._agents.values() if self._eligible(a, c, queue)]
                if eligible:
                    self._offer(c, min(eligible, key=lambda a: self._rank(a, queue)), queue, out)
                    break
            else:
                return

    def _eligible(self, a: _Agent, c: _Contact, queue: QueueConfig) -> bool:
        if a.presence is not Presence.READY or a.offer is not None or a.skills.get(queue.skill, 0) < c.level:
            return False
        if queue.media is Media.VOICE:
            return a.capacity.voice > 0 and sum(a.load.values()) == 0
        return a.load[Media.VOICE] == 0 and a.load[queue.media] < a.capacity.of(queue.media)

    def _rank(self, a: _Agent, queue: QueueConfig) -> tuple[int, float, float, int]:
        total = a.capacity.total
        held = a.load[Media.VOICE] + a.load[Media.CHAT] + a.load[Media.EMAIL]
        share = (held / total if total else 1.0) if queue.policy is Policy.LEAST_LOADED else 0.0
        return (-a.skills[queue.skill], share, a.free_since, a.id)

    def _priority(self, c: _Contact) -> int:
        return c.priority + (self.queues[c.queue].priority_boost.get(c.segment, 0) if c.segment else 0)

    def _offer(self, c: _Contact, a: _Agent, queue: QueueConfig, out: list[ev.Decision]) -> None:
        c.stage, c.agent, c.ringing, a.offer, c.offered_at = OFFERED, a.id, self._token(), c.id, self.now
        self._timer(self.now + queue.offer_timeout_s, Timer.OFFER, c.id, c.ringing, 0)
        out.append(ev.Offered(c.id, a.id, queue.code, self.now, c.callback))

    # ---- timers ----------------------------------------------------------------------------------

    def _fire(self, kind: Timer, contact_id: int, token: int, level: int, out: list[ev.Decision]) -> None:
        c = self._contacts.get(contact_id)
        if c is None:
            return
        if kind is Timer.RELAX and token == c.entry:  # also while it rings: it takes effect when it is back
            c.level = min(c.level, level)
        elif kind is Timer.OVERFLOW and token == c.entry and c.stage is WAITING:
            if self.queues[c.queue].overflow_to is not None:  # (a queue reconfigured since may overflow no more)
                self._overflow(c, out)
        elif kind is Timer.OFFER and token == c.ringing and c.stage is OFFERED:
            self._take_back(c, RevokeReason.MISSED, out)
        elif kind is Timer.WRAP_UP and token == c.entry and c.stage is WRAP_UP:
            assert c.agent is not None
            out.append(ev.WrapUpExpired(c.id, c.agent, self.now))
            self._release(c)

    def _timer(self, due: float, kind: Timer, contact_id: int, token: int, level: int) -> None:
        self._seq += 1
        self._timers.append((due, self._seq, kind, contact_id, token, level))

    def _token(self) -> int:
        self._tokens += 1
        return self._tokens

    # ---- steps -----------------------------------------------------------------------------------

    def _enter(self, c: _Contact, queue: QueueConfig) -> None:
        c.queue, c.entered, c.stage, c.agent = queue.code, self.now, WAITING, None
        c.entry, c.level = self._token(), queue.relax[0][1]
        for after, level in queue.relax[1:]:
            self._timer(self.now + after, Timer.RELAX, c.id, c.entry, level)
        if queue.overflow_after_s is not None:
            self._timer(self.now + queue.overflow_after_s, Timer.OVERFLOW, c.id, c.entry, 0)

    def _overflow(self, c: _Contact, out: list[ev.Decision]) -> None:
        queue = self.queues[c.queue]
        assert queue.overflow_to is not None
        out.append(ev.Overflowed(c.id, queue.code, queue.overflow_to, self.now))
        self._enter(c, self.queues[queue.overflow_to])

    def _requeue(self, c: _Contact, out: list[ev.Decision]) -> None:
        """Back at its old place; if it should have overflowed while it rang, it overflows now."""
        c.stage, c.agent = WAITING, None
        after = self.queues[c.queue].overflow_after_s
        if after is not None and self.now - c.entered >= after:
            self._overflow(c, out)

    def _revoke(self, c: _Contact, reason: RevokeReason, out: list[ev.Decision]) -> _Agent:
        a = self._agents[c.agent]  # type: ignore[index]
        a.offer = None
        out.append(ev.OfferRevoked(c.id, a.id, reason, self.now))
        return a

    def _take_back(self, c: _Contact, reason: RevokeReason, out: list[ev.Decision]) -> None:
        """Missed or rejected: the agent goes not-ready with that reason, the contact back to its place."""
        a = self._revoke(c, reason, out)
        a.presence, a.reason = Presence.NOT_READY, reason.value
        out.append(ev.PresenceForced(a.id, Presence.NOT_READY, reason.value, self.now))
        self._requeue(c, out)

    def _withdraw(self, a: _Agent, out: list[ev.Decision]) -> None:
        if a.offer is not None:
            c = self._contacts[a.offer]
            self._revoke(c, RevokeReason.UNAVAILABLE, out)
            self._requeue(c, out)

    def _free_slot(self, c: _Contact) -> None:
        a = self._agents[c.agent]  # type: ignore[index]
        a.load[self.queues[c.queue].media] -= 1
        a.free_since = self.now

    def _release(self, c: _Contact) -> None:
        self._free_slot(c)
        self._forget(c)

    def _forget(self, c: _Contact) -> None:
        self.gone[c.id] = self.contact(c.id)  # type: ignore[assignment]
        del self._contacts[c.id]

    def _refusal(self, queue: QueueConfig) -> RefuseReason | None:
        if queue.emergency:
            return RefuseReason.EMERGENCY
        if queue.hours is not None and not queue.hours.is_open(datetime.fromtimestamp(self.now, UTC)):
            return RefuseReason.CLOSED
        return None

    # ---- inputs: every check comes before any change ---------------------------------------------

    def _get_agent(self, agent_id: int) -> _Agent:
        if agent_id not in self._agents:
            raise NotFound(f"agent {agent_id} is not logged in")
        return self._agents[agent_id]

    def _get_contact(self, contact_id: int, *stages: Stage) -> _Contact:
        if contact_id not in self._contacts:
            raise NotFound(f"contact {contact_id} is not in routing")
        if self._contacts[contact_id].stage not in stages:
            raise Conflict(f"contact {contact_id} is {self._contacts[contact_id].stage.name.lower()}")
        return self._contacts[contact_id]

    def _get_queue(self, code: str) -> QueueConfig:
        if code not in self.queues:
            raise InvalidInput(FieldProblem("queue", f"no queue {code!r}"))
        return self.queues[code]

    def _offered_to(self, contact_id: int, agent_id: int) -> _Contact:
        c = self._get_contact(contact_id, OFFERED)
        if c.agent != agent_id:
            raise Conflict(f"contact {contact_id} is offered to another agent")
        return c

    def _apply(self, event: ev.RoutingInput, out: list[ev.Decision]) -> None:
        now = self.now
        match event:
            case ev.AgentLoggedIn():
                if event.agent in self._agents:
                    raise Conflict(f"agent {event.agent} is already logged in")
                check_skills(event.skills)
                presence = Presence.READY if event.ready else Presence.NOT_READY
                self._agents[event.agent] = _Agent(event.agent, dict(event.skills), event.capacity, presence, now)
            case ev.AgentLoggedOut():
                a = self._get_agent(event.agent)
                if any(a.load.values()):
                    raise Conflict(f"agent {event.agent} still has contacts")
                self._withdraw(a, out)
                del self._agents[a.id]
            case ev.PresenceChanged():
                a = self._get_agent(event.agent)
                if event.ready and a.presence is not Presence.READY:
                    a.presence, a.reason, a.free_since = Presence.READY, None, now
                elif not event.ready:
                    a.presence, a.reason = Presence.NOT_READY, event.reason
                    self._withdraw(a, out)
            case ev.SkillsChanged():
                check_skills(event.skills)
                a = self._get_agent(event.agent)
                a.skills = dict(event.skills)
                if event.capacity is not None:
                    a.capacity = event.capacity
            case ev.ContactArrived():
                queue = self._get_queue(event.queue)
                if event.contact in self._contacts:
                    raise Conflict(f"contact {event.contact} is already in routing")
                refusal = self._refusal(queue)
                if refusal is not None:
                    out.append(ev.Refused(event.contact, queue.code, refusal, now))
                    return
                self._seq += 1
                c = _Contact(event.contact, queue.code, event.priority, event.segment, now, self._seq)
                self._contacts[c.id] = c
                out.append(ev.Queued(c.id, queue.code, now))
                self._enter(c, queue)
            case ev.ContactAbandoned():
                c = self._get_contact(event.contact, WAITING, OFFERED)
                if c.stage is OFFERED:
                    self._revoke(c, RevokeReason.ABANDONED, out)
                self._forget(c)
            case ev.CallbackRequested():
                self._get_contact(event.contact, WAITING).callback = True
            case ev.OfferAccepted():
                c = self._offered_to(event.contact, event.agent)
                a = self._agents[event.agent]
                c.stage, a.offer = CONNECTED, None
                a.load[self.queues[c.queue].media] += 1
            case ev.OfferRejected():
                self._take_back(self._offered_to(event.contact, event.agent), RevokeReason.REJECTED, out)
            case ev.ContactEnded():
                c = self._get_contact(event.contact, CONNECTED)
                wrap_up = self.queues[c.queue].wrap_up_s
                if wrap_up == 0:
                    self._release(c)
                else:
                    c.stage, c.entry, c.wrap_until = WRAP_UP, self._token(), now + wrap_up
                    self._timer(now + wrap_up, Timer.WRAP_UP, c.id, c.entry, 0)
            case ev.WrapUpDone():
                self._release(self._get_contact(event.contact, WRAP_UP))
            case ev.ContactTransferred():
                c = self._get_contact(event.contact, CONNECTED)
                queue = self._get_queue(event.queue)
                if queue.media is not self.queues[c.queue].media:
                    raise InvalidInput(FieldProblem("queue", f"queue {queue.code} takes {queue.media.value} contacts"))
                self._free_slot(c)
                refusal = self._refusal(queue)
                if refusal is not None:
                    out.append(ev.Refused(c.id, queue.code, refusal, now))
                    self._forget(c)
                    return
                self._seq += 1
                c.arrived, c.seq = now, self._seq  # a new place, at the end of the line
                out.append(ev.Queued(c.id, queue.code, now))
                self._enter(c, queue)
            case ev.EmergencySet():
                self.queues[event.queue] = replace(self._get_queue(event.queue), emergency=event.on)
