"""The routing engine: `handle(event, now)` -> decisions. Pure, deterministic, no clock, no I/O.

The rules (brute-force twin: domain.routing.reference, which must decide identically):
- Eligible pair: a waiting contact and an agent who is ready, has nothing ringing, has a free slot of the
  contact's media (a call needs an empty desk and blocks everything else) and has the queue's skill at
  the contact's current minimum level or above.
- After every input and every timer the engine offers until no eligible pair is left, each time taking the
  first contact in (-priority, arrival, seq) order that has an eligible agent, and giving it its best
  agent: highest proficiency, then the queue's policy (longest free, or least loaded then longest free),
  then the lowest agent id. Because no pair is left after each step, only the contacts and agents the step
  touched need looking at (the "dirty" sets) — that and the heaps make a decision cost microseconds.
- Timers (due, seq) fire before any input at or after their time: skill relaxation (the minimum level
  falls as the contact waits in its queue), overflow (a waiting contact moves to the next queue keeping its
  arrival as its place; one that is ringing then is moved when it comes back), offer timeout (agent goes
  not-ready "missed", the contact is back at its place), wrap-up timeout.
- A rejected offer makes the agent not-ready "rejected"; a contact that is abandoned while ringing frees
  the agent. Priority = the contact's priority + its queue's boost for the customer's segment.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from datetime import UTC, datetime

from carecenter.domain.errors import Conflict, FieldProblem, InvalidInput, NotFound
from carecenter.domain.routing import events as ev
from carecenter.domain.routing.apply import apply
from carecenter.domain.routing.index import MEDIA, FreeAgents, WaitingContacts
from carecenter.domain.routing.model import Presence, QueueConfig, RefuseReason, RevokeReason, check_queue_graph
from carecenter.domain.routing.state import AgentState, AgentView, ContactState, ContactView, Stage, Timer


class Router:
    def __init__(self, queues: Iterable[QueueConfig] = ()) -> None:
        self.queues: dict[str, QueueConfig] = {}
        self._agents: dict[int, AgentState] = {}
        self._contacts: dict[int, ContactState] = {}
        self._free = FreeAgents()
        self._waiting = WaitingContacts()
        self._by_skill: dict[tuple[str, object], list[QueueConfig]] = {}
        self._levels: dict[str, tuple[int, ...]] = {}
        self._timers: list[tuple[float, int, Timer, int, int, int]] = []  # due, seq, kind, contact, token, level
        self._seq = 0
        self._tokens = 0  # entry and offer tokens, never reused: a contact id that comes back gets fresh ones
        self._dirty_contacts: set[int] = set()
        self._dirty_agents: set[int] = set()
        self.gone: dict[int, ContactView] = {}  # contacts that left during the last handle/advance call
        self.now = float("-inf")
        given = {q.code: q for q in queues}
        check_queue_graph(given)
        self.queues.update(given)
        for queue in given.values():
            self.configure(queue)

    # ---- configuration and views ---------------------------------------------------------------

    def configure(self, queue: QueueConfig) -> list[ev.Decision]:
        """Add or replace a queue, effective at once: waiting contacts keep their place and level, and
        the offers the new configuration allows are made now (returned, stamped with the router's time)."""
        check_queue_graph({**self.queues, queue.code: queue})
        self.queues[queue.code] = queue
        # keep the old config's levels too: waiting contacts may hold them, and its relax timers still fire
        levels = {level for _, level in queue.relax} | set(self._levels.get(queue.code, ()))
        self._levels[queue.code] = tuple(sorted(levels))
        self._by_skill = {}
        for q in self.queues.values():
            self._by_skill.setdefault((q.skill, q.media), []).append(q)
            self._free.policies[(q.skill, q.media)].add(q.policy)
        for agent in self._agents.values():
            self._touch(agent)
        for contact in self._contacts.values():
            if contact.queue == queue.code and contact.stage is Stage.WAITING:
                self._waiting.push(contact, self._priority(contact))  # skill or boost may have changed
                self._dirty_contacts.add(contact.id)
        out: list[ev.Decision] = []
        self._dispatch(out)
        return out

    def agent(self, agent_id: int) -> AgentView | None:
        a = self._agents.get(agent_id)
        if a is None:
            return None
        return AgentView(a.id, a.presence, a.reason, dict(a.load), a.offer, a.free_since, dict(a.skills), a.capacity)

    def contact(self, contact_id: int) -> ContactView | None:
        c = self._contacts.get(contact_id)
        if c is None:
            return None
        return ContactView(
            c.id,
            c.queue,
            c.stage,
            c.agent,
            c.arrived,
            c.entered,
            c.seq,
            c.level,
            c.priority,
            c.segment,
            c.callback,
            c.wrap_until,
            c.offered_at,
        )

    def agent_ids(self) -> list[int]:
        return sorted(self._agents)

    def contact_ids(self) -> list[int]:
        return sorted(self._contacts)

    def held_by(self, agent_id: int) -> list[int]:
        """The contacts `agent_id` holds (connected or in wrap-up), by contact id."""
        agent = self._agents.get(agent_id)
        return sorted(agent.held) if agent is not None else []

    def waiting(self, queue: str) -> int:
        return self._waiting.count(queue)

    def next_due(self) -> float | None:
        """When the next timer fires (for a scheduler or a virtual clock), or None. Timers are not
        cancelled when what they guard goes away; such a timer fires as a no-op (dropping them here was
        measured slower in the simulation: the check costs more than the wake-up it saves)."""
        return self._timers[0][0] if self._timers else None

    # ---- driving -------------------------------------------------------------------------------

    def advance(self, now: float) -> list[ev.Decision]:
        """Fire every timer due at or before `now`, in (due, seq) order, each followed by offers."""
        out: list[ev.Decision] = []
        self.gone = {}
        timers = self._timers
        while timers and timers[0][0] <= now:
            due, _, kind, contact_id, token, level = heapq.heappop(timers)
            self.now = max(self.now, due)
            self._fire(kind, contact_id, token, level, out)
            self._dispatch(out)
        self.now = max(self.now, now)
        return out

    def handle(self, event: ev.RoutingInput, now: float) -> list[ev.Decision]:
        """Apply `event` at `now` (after any timers due by then) and return every decision it led to.

        Raises InvalidInput/NotFound/Conflict for an event that does not fit the state; the state is then
        unchanged (timers that were due have fired).
        """
        out = self.advance(now)  # (resets `gone`)
        apply(self, event, out)
        self._dispatch(out)
        return out

    # ---- shared steps (used by apply) ----------------------------------------------------------

    def _agent(self, agent_id: int) -> AgentState:
        agent = self._agents.get(agent_id)
        if agent is None:
            raise NotFound(f"agent {agent_id} is not logged in")
        return agent

    def _contact(self, contact_id: int, *stages: Stage) -> ContactState:
        contact = self._contacts.get(contact_id)
        if contact is None:
            raise NotFound(f"contact {contact_id} is not in routing")
        if contact.stage not in stages:
            raise Conflict(f"contact {contact_id} is {contact.stage.name.lower().replace('_', '-')}")
        return contact

    def _queue(self, code: str) -> QueueConfig:
        queue = self.queues.get(code)
        if queue is None:
            raise InvalidInput(FieldProblem("queue", f"no queue {code!r}"))
        return queue

    def _refusal(self, queue: QueueConfig) -> RefuseReason | None:
        if queue.emergency:
            return RefuseReason.EMERGENCY
        if queue.hours is not None and not queue.hours.is_open(datetime.fromtimestamp(self.now, UTC)):
            return RefuseReason.CLOSED
        return None

    def _enter(self, contact: ContactState, queue: QueueConfig, out: list[ev.Decision]) -> None:
        """`contact` starts waiting in `queue` now (arrival, overflow or transfer); its timers start."""
        now = self.now
        contact.queue, contact.entered, contact.stage, contact.agent = queue.code, now, Stage.WAITING, None
        contact.entry = self._token()
        contact.level = queue.relax[0][1]
        for after, level in queue.relax[1:]:
            self._timer(now + after, Timer.RELAX, contact.id, contact.entry, level)
        if queue.overflow_after_s is not None:
            self._timer(now + queue.overflow_after_s, Timer.OVERFLOW, contact.id, contact.entry, 0)
        self._waiting.push(contact, self._priority(contact))
        self._dirty_contacts.add(contact.id)

    def _requeue(self, contact: ContactState, out: list[ev.Decision]) -> None:
        """Back at its original place after an offer ended; an overflow missed while ringing happens now."""
        queue = self.queues[contact.queue]
        contact.stage, contact.agent = Stage.WAITING, None
        if queue.overflow_after_s is not None and self.now - contact.entered >= queue.overflow_after_s:
            self._overflow(contact, queue, out)
            return
        self._waiting.push(contact, self._priority(contact))
        self._dirty_contacts.add(contact.id)

    def _overflow(self, contact: ContactState, queue: QueueConfig, out: list[ev.Decision]) -> None:
        assert queue.overflow_to is not None
        out.append(ev.Overflowed(contact.id, queue.code, queue.overflow_to, self.now))
        self._enter(contact, self.queues[queue.overflow_to], out)

    def _revoke(self, contact: ContactState, reason: RevokeReason, out: list[ev.Decision]) -> AgentState:
        agent = self._agents[contact.agent]  # type: ignore[index]
        agent.offer = None
        out.append(ev.OfferRevoked(contact.id, agent.id, reason, self.now))
        return agent

    def _free_slot(self, contact: ContactState) -> None:
        agent = self._agents[contact.agent]  # type: ignore[index]
        agent.load[self.queues[contact.queue].media] -= 1
        agent.held.discard(contact.id)
        agent.free_since = self.now
        self._touch(agent)

    def _force_not_ready(self, agent: AgentState, reason: str, out: list[ev.Decision]) -> None:
        agent.presence, agent.reason = Presence.NOT_READY, reason
        out.append(ev.PresenceForced(agent.id, Presence.NOT_READY, reason, self.now))

    def _touch(self, agent: AgentState) -> None:
        self._free.index(agent)
        self._dirty_agents.add(agent.id)

    def _priority(self, contact: ContactState) -> int:
        boost = self.queues[contact.queue].priority_boost
        return contact.priority + (boost.get(contact.segment, 0) if contact.segment else 0)

    def _timer(self, due: float, kind: Timer, contact_id: int, token: int, level: int) -> None:
        self._seq += 1
        heapq.heappush(self._timers, (due, self._seq, kind, contact_id, token, level))

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _token(self) -> int:
        self._tokens += 1
        return self._tokens

    # ---- timers and offers ---------------------------------------------------------------------

    def _fire(self, kind: Timer, contact_id: int, token: int, level: int, out: list[ev.Decision]) -> None:
        contact = self._contacts.get(contact_id)
        if contact is None:
            return
        if kind is Timer.RELAX:
            if token == contact.entry and level < contact.level:
                contact.level = level
                if contact.stage is Stage.WAITING:
                    self._waiting.push(contact, self._priority(contact))
                    self._dirty_contacts.add(contact.id)
        elif kind is Timer.OVERFLOW:
            queue = self.queues[contact.queue]  # reconfigured since, it may overflow no more
            if token == contact.entry and contact.stage is Stage.WAITING and queue.overflow_to is not None:
                self._overflow(contact, queue, out)
        elif kind is Timer.OFFER:
            if token == contact.offers and contact.stage is Stage.OFFERED:
                agent = self._revoke(contact, RevokeReason.MISSED, out)
                self._force_not_ready(agent, RevokeReason.MISSED.value, out)
                self._free.index(agent)
                self._requeue(contact, out)
        elif token == contact.entry and contact.stage is Stage.WRAP_UP:
            out.append(ev.WrapUpExpired(contact.id, contact.agent, self.now))  # type: ignore[arg-type]
            self._free_slot(contact)
            self._forget(contact)

    def _forget(self, contact: ContactState) -> None:
        self.gone[contact.id] = self.contact(contact.id)  # type: ignore[assignment]
        contact.stage = Stage.GONE
        contact.version += 1
        del self._contacts[contact.id]

    def _dispatch(self, out: list[ev.Decision]) -> None:
        dirty_contacts, dirty_agents, contacts, agents = (
            self._dirty_contacts,
            self._dirty_agents,
            self._contacts,
            self._agents,
        )
        while dirty_contacts or dirty_agents:
            first: tuple[int, float, int] | None = None
            chosen: ContactState | None = None
            for contact_id in list(dirty_contacts):
                c = contacts.get(contact_id)
                if c is None or c.stage is not Stage.WAITING or self._best_agent(c) is None:
                    dirty_contacts.discard(contact_id)
                    continue
                key = (-self._priority(c), c.arrived, c.seq)
                if first is None or key < first:
                    first, chosen = key, c
            for agent_id in list(dirty_agents):
                a = agents.get(agent_id)
                entry = self._best_contact(a) if a is not None else None
                if entry is None:
                    dirty_agents.discard(agent_id)
                    continue
                if first is None or entry[:3] < first:
                    first, chosen = entry[:3], entry[4]
            if chosen is None:
                return
            best = self._best_agent(chosen)
            assert best is not None
            self._offer(chosen, best, out)

    def _best_agent(self, contact: ContactState) -> AgentState | None:
        q = self.queues[contact.queue]
        return self._free.best(q.skill, q.media, q.policy, contact.level)

    def _best_contact(self, agent: AgentState) -> tuple[int, float, int, int, ContactState] | None:
        best = None
        for media in MEDIA:
            if not agent.can_take(media):
                continue
            for skill, have in agent.skills.items():
                for queue in self._by_skill.get((skill, media), ()):
                    for level in self._levels[queue.code]:
                        if level > have:
                            break
                        head = self._waiting.head(queue.code, level)
                        if head is not None and (best is None or head[:3] < best[:3]):
                            best = head
        return best

    def _offer(self, contact: ContactState, agent: AgentState, out: list[ev.Decision]) -> None:
        queue = self.queues[contact.queue]
        contact.stage, contact.agent, contact.offered_at = Stage.OFFERED, agent.id, self.now
        contact.version += 1
        contact.offers = self._token()
        agent.offer = contact.id
        self._free.index(agent)
        self._timer(self.now + queue.offer_timeout_s, Timer.OFFER, contact.id, contact.offers, 0)
        out.append(ev.Offered(contact.id, agent.id, queue.code, self.now, contact.callback))
