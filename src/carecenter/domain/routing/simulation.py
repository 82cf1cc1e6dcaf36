"""Virtual-clock simulation: customers and agents played against the real routing engine, offline.

Poisson arrivals (rate per queue, optionally shaped by an hourly profile), exponential handle times and
patience, agents who answer after a ring delay. Deterministic for a seed. Used for what-if studies, the
workforce-management check against Erlang, the wallboard's event-cut test and the benchmarks; the online
traffic simulator plays the same customers and agents against the running application instead.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from carecenter.domain.routing import events as ev
from carecenter.domain.routing.engine import Router
from carecenter.domain.routing.model import Capacity, QueueConfig

Step = ev.RoutingInput | ev.Decision


@dataclass(frozen=True)
class Traffic:
    queue: str
    per_hour: float  # mean arrivals per hour
    handle_s: float  # mean talk time (exponential)
    patience_s: float | None = None  # mean patience (exponential); None: nobody abandons
    profile: Sequence[float] = ()  # 24 hourly weights (mean 1); empty: flat
    vip_share: float = 0.0  # share of callers in the "vip" segment


@dataclass(frozen=True)
class SimAgent:
    id: int
    skills: Mapping[str, int]
    capacity: Capacity = field(default_factory=Capacity)
    answer_delay_s: float = 2.0
    wrap_s: float = 0.0  # time to finish wrap-up (0: done at once)
    reject_share: float = 0.0  # share of offers this agent declines (they go not-ready "rejected")
    miss_share: float = 0.0  # share of offers left ringing until they time out
    ready_after_s: float = 30.0  # a not-ready agent comes back after this long


@dataclass
class Outcome:
    offered: int = 0
    answered: int = 0
    abandoned: int = 0
    answered_in: dict[float, int] = field(default_factory=dict)  # threshold -> answered within it
    waits: list[float] = field(default_factory=list)
    steps: int = 0


def simulate(
    queues: Sequence[QueueConfig],
    agents: Sequence[SimAgent],
    traffic: Sequence[Traffic],
    duration_s: float,
    seed: int = 1,
    start: float = 0.0,
    thresholds: Sequence[float] = (20.0,),
    on_step: Callable[[Step, Router], None] | None = None,
) -> Outcome:
    """Run `duration_s` of arrivals from `start` (then let the queues drain) and count what happened."""
    rng = random.Random(seed)
    router = Router(queues)
    outcome = Outcome(answered_in={t: 0 for t in thresholds})
    actions: list[tuple[float, int, str, int, int]] = []  # (time, seq, what, contact, agent)
    seq = 0
    arrived: dict[int, float] = {}
    by_id = {a.id: a for a in agents}
    handle = {t.queue: t for t in traffic}

    def later(at: float, what: str, contact: int = 0, agent: int = 0) -> None:
        nonlocal seq
        seq += 1
        heapq.heappush(actions, (at, seq, what, contact, agent))

    def feed(step: ev.RoutingInput, now: float) -> None:
        decisions = router.handle(step, now)  # a refusal here is a bug in the simulation: let it raise
        outcome.steps += 1
        if on_step is not None:
            on_step(step, router)
        react(decisions, now)

    def react(decisions: list[ev.Decision], now: float) -> None:
        for decision in decisions:
            if on_step is not None:
                on_step(decision, router)
            if isinstance(decision, ev.Offered):
                agent = by_id[decision.agent]
                roll = rng.random()
                if roll < agent.miss_share:
                    continue  # leaves it ringing: the router's offer timeout takes it back
                what = "reject" if roll < agent.miss_share + agent.reject_share else "accept"
                later(now + agent.answer_delay_s, what, decision.contact, decision.agent)
            elif isinstance(decision, ev.PresenceForced):
                later(now + by_id[decision.agent].ready_after_s, "ready", 0, decision.agent)

    for agent in agents:
        feed(ev.AgentLoggedIn(agent.id, agent.skills, agent.capacity, ready=True), start)
    next_contact = 1
    for t in traffic:
        later(start + _gap(rng, t, start), "arrive:" + t.queue)
    while actions:
        at, _, what, contact, agent_id = heapq.heappop(actions)
        due = router.next_due()
        while due is not None and due <= at:
            react(router.advance(due), due)
            due = router.next_due()
        if what.startswith("arrive:"):
            t = handle[what[7:]]
            if at > start + duration_s:
                continue
            contact, next_contact = next_contact, next_contact + 1
            arrived[contact] = at
            outcome.offered += 1
            segment = "vip" if rng.random() < t.vip_share else None
            feed(ev.ContactArrived(contact, t.queue, 0, segment), at)
            if t.patience_s is not None:
                later(at + rng.expovariate(1 / t.patience_s), "abandon", contact)
            later(at + _gap(rng, t, at), what)
            continue
        view = router.contact(contact) if contact else None
        if what == "accept" and view is not None and view.agent == agent_id and view.stage.name == "OFFERED":
            wait = at - arrived.pop(contact)
            outcome.answered += 1
            outcome.waits.append(wait)
            for threshold in outcome.answered_in:
                outcome.answered_in[threshold] += wait <= threshold
            feed(ev.OfferAccepted(contact, agent_id), at)
            later(at + rng.expovariate(1 / handle[view.queue].handle_s), "end", contact, agent_id)
        elif what == "reject" and view is not None and view.agent == agent_id and view.stage.name == "OFFERED":
            feed(ev.OfferRejected(contact, agent_id), at)
        elif what == "abandon" and view is not None and view.stage.name in ("WAITING", "OFFERED"):
            outcome.abandoned += 1
            arrived.pop(contact, None)
            feed(ev.ContactAbandoned(contact), at)
        elif what == "end" and view is not None:
            feed(ev.ContactEnded(contact), at)
            if router.contact(contact) is not None:  # in wrap-up: the agent finishes it after wrap_s
                later(at + by_id[agent_id].wrap_s, "wrap", contact, agent_id)
        elif what == "wrap" and view is not None and view.stage.name == "WRAP_UP":
            feed(ev.WrapUpDone(contact), at)
        elif what == "ready" and router.agent(agent_id) is not None:
            feed(ev.PresenceChanged(agent_id, True), at)
    return outcome


def _gap(rng: random.Random, traffic: Traffic, at: float) -> float:
    """Time to the next arrival: exponential at the hour's rate (thinning keeps it a Poisson process)."""
    if not traffic.profile:
        return rng.expovariate(traffic.per_hour / 3600)
    peak = max(traffic.profile) * traffic.per_hour / 3600
    gap = 0.0
    while True:
        gap += rng.expovariate(peak)
        hour = int((at + gap) // 3600) % 24
        if rng.random() * peak <= traffic.profile[hour] * traffic.per_hour / 3600:
            return gap
