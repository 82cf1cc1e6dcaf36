"""The online traffic simulator: customers and agents played against the real application, in a thread.

Customers arrive (Poisson, shaped by the local hour), on a channel mix, from real customers' numbers or
unknown ones, and hang up when their patience runs out. Simulated agents log in ready, poll their desk,
answer offers after a few seconds (a few decline or let it ring out), talk, end, wrap up with a reason
code and now and then take a break. `speed` scales only what customers and agents do, never the router's
clock. A refused step (a 409 when the customer left just as the agent accepted) is dropped and logged at
debug: the thread never dies of one. `domain.routing.simulation` is the offline twin on a virtual clock.
"""

from __future__ import annotations

import heapq
import logging
import math
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar
from zoneinfo import ZoneInfo

from carecenter.adapters.jobs.traffic_drivers import Desk

log = logging.getLogger(__name__)
T = TypeVar("T")

# A care centre's day in local time, relative to the busiest hour: quiet at night, peaks 09–11 and 14–16.
INTRADAY: tuple[float, ...] = (0.2, 0.15, 0.12, 0.12, 0.15, 0.22, 0.35, 0.55, 0.8, 0.95, 1.0, 0.9)
INTRADAY += (0.7, 0.75, 0.92, 0.95, 0.85, 0.7, 0.55, 0.45, 0.4, 0.35, 0.3, 0.25)
CHANNEL_MIX: Mapping[str, float] = {"voice": 0.7, "chat": 0.2, "email": 0.1}


@dataclass(frozen=True)
class Behaviour:
    """How customers and agents behave (seconds at speed 1)."""

    per_hour: float = 240.0  # arrivals per hour at weight 1 (the busiest hour of INTRADAY)
    profile: Sequence[float] = INTRADAY  # 24 hourly weights by local hour; empty: per_hour all day
    mix: Mapping[str, float] = field(default_factory=lambda: dict(CHANNEL_MIX))
    unknown_share: float = 0.15  # callers not on file
    patience_s: Mapping[str, float | None] = field(default_factory=lambda: {"voice": 90.0, "chat": 300.0})
    handle_s: Mapping[str, float] = field(default_factory=lambda: {"voice": 180.0, "chat": 300.0, "email": 120.0})
    answer_s: tuple[float, float] = (2.0, 6.0)
    reject_share: float = 0.03
    miss_share: float = 0.03
    back_after_s: tuple[float, float] = (20.0, 40.0)  # after a missed or declined offer
    wrap_s: tuple[float, float] = (5.0, 20.0)
    break_every_s: float | None = 3600.0  # mean time between one agent's breaks; None: no breaks
    break_s: tuple[float, float] = (180.0, 480.0)
    max_on_break: float = 0.15  # share of the agents on break at once (at least one may go)
    speed: float = 1.0
    timezone: str = "Asia/Ho_Chi_Minh"


@dataclass
class _Agent:
    name: str
    pending: set[int] = field(default_factory=set)  # contacts with a step scheduled
    ignored: set[int] = field(default_factory=set)  # offers left to ring out
    returning: bool = False  # a "ready" is scheduled
    on_break: bool = False


class TrafficSimulator:
    """`start()` runs it in a thread until `stop()` (which joins) or `duration_s` has passed."""

    def __init__(
        self,
        desk: Desk,
        agents: Sequence[str],
        behaviour: Behaviour | None = None,
        phones: Sequence[str] = (),
        emails: Sequence[str] = (),
        duration_s: float | None = None,
        poll_s: float = 0.5,
        seed: int | None = None,
        log_out_at_stop: bool = True,
    ) -> None:
        self.behaviour = behaviour or Behaviour()
        if self.behaviour.speed <= 0 or self.behaviour.per_hour < 0:
            raise ValueError("speed must be positive and per_hour not negative")
        self._desk = desk
        self._agents = [_Agent(name) for name in agents]
        self._phones, self._emails = list(phones), list(emails)
        self._duration_s, self._log_out = duration_s, log_out_at_stop
        self._poll_s = max(0.02, poll_s / max(self.behaviour.speed, 1.0))
        self._rng = random.Random(seed)
        self._zone = ZoneInfo(self.behaviour.timezone)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="traffic-simulator", daemon=True)
        self._actions: list[tuple[float, int, Callable[[], None]]] = []
        self._seq, self._reasons = 0, ["general"]
        self._start_wall, self._start_mono = datetime.now(self._zone), time.monotonic()
        self.stats: Counter[str] = Counter()

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 30.0) -> None:
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout_s)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout_s: float | None = None) -> None:
        """Block until the run ends (its duration passed or someone stopped it)."""
        self._thread.join(timeout_s)

    def _run(self) -> None:
        self._start_wall, self._start_mono = datetime.now(self._zone), time.monotonic()
        self._reasons = self._ask("reasons", self._desk.reason_codes) or ["general"]
        for i, agent in enumerate(self._agents):
            self._try("log in", partial(self._desk.set_presence, agent.name, True))
            self._later(self._poll_s * (i + 1) / len(self._agents), partial(self._poll, agent), scaled=False)
        if self.behaviour.per_hour > 0 and self.behaviour.mix:
            self._later(self._gap(), self._arrive)
        try:
            while not self._stop.is_set():
                now = time.monotonic()
                if self._duration_s is not None and now - self._start_mono >= self._duration_s:
                    break
                if self._actions and self._actions[0][0] <= now:
                    _, _, action = heapq.heappop(self._actions)
                    action()
                    continue
                due = self._actions[0][0] if self._actions else now + 1.0
                self._stop.wait(min(max(0.0, due - now), 1.0))
        finally:
            if self._log_out:
                for agent in self._agents:
                    self._leave(agent)
            log.info("traffic simulator stopped: %s", dict(self.stats))

    def _later(self, delay_s: float, action: Callable[[], None], scaled: bool = True) -> None:
        """Run `action` after `delay_s` of behaviour time (real seconds unless `scaled` is off)."""
        self._seq += 1
        real = delay_s / self.behaviour.speed if scaled else delay_s
        heapq.heappush(self._actions, (time.monotonic() + real, self._seq, action))

    def _ask(self, what: str, step: Callable[[], T]) -> T | None:
        try:
            return step()
        except Exception as exc:  # a race with a customer, a timer or the network: drop this step
            self.stats["refused"] += 1
            log.debug("traffic step %r dropped: %s", what, exc)
            return None

    def _try(self, what: str, step: Callable[[], object]) -> bool:
        return self._ask(what, lambda: step() or True) is not None

    def _virtual_now(self) -> datetime:
        elapsed = (time.monotonic() - self._start_mono) * self.behaviour.speed
        return self._start_wall + timedelta(seconds=elapsed)

    def _gap(self) -> float:
        """Seconds (behaviour time) to the next arrival: Poisson, thinned to the hour's weight."""
        rate, profile, rng = self.behaviour.per_hour / 3600, self.behaviour.profile, self._rng
        if not profile:
            return rng.expovariate(rate)
        peak = max(profile) * rate
        moment = self._virtual_now()
        of_day = moment.hour * 3600 + moment.minute * 60 + moment.second
        gap = 0.0
        while True:
            gap += rng.expovariate(peak)
            if rng.random() * peak <= profile[int((of_day + gap) // 3600) % 24] * rate:
                return gap

    def _arrive(self) -> None:
        self._later(self._gap(), self._arrive)
        b, rng = self.behaviour, self._rng
        channel = rng.choices(list(b.mix), weights=list(b.mix.values()))[0]
        identity = self._identity(channel)
        contact = self._ask("arrive", lambda: self._desk.new_contact(channel, identity))
        if contact is None:
            return
        self.stats["arrived"] += 1
        patience = b.patience_s.get(channel)
        if patience:
            self._later(rng.expovariate(1 / patience), lambda: self._abandon(contact))

    def _identity(self, channel: str) -> str:
        rng = self._rng
        known = self._emails if channel == "email" else self._phones
        if known and rng.random() >= self.behaviour.unknown_share:
            return rng.choice(known)
        if channel == "email":
            return f"khach{rng.randrange(10**6)}@example.vn"
        return "0" + rng.choice("35789") + "".join(rng.choices("0123456789", k=8))

    def _abandon(self, contact_id: int) -> None:
        if self._ask("abandon", lambda: self._desk.abandon(contact_id)):
            self.stats["abandoned"] += 1

    def _poll(self, agent: _Agent) -> None:
        self._later(self._poll_s, lambda: self._poll(agent), scaled=False)
        view, b, rng = self._ask("desk", lambda: self._desk.desk(agent.name)), self.behaviour, self._rng
        if view is None:
            return
        if view.presence == "logged_out":
            self._try("log in", lambda: self._desk.set_presence(agent.name, True))
            return
        visible = {c.contact_id for c in view.held} | ({view.offer} if view.offer is not None else set())
        agent.ignored &= visible
        offer = view.offer
        if offer is not None and offer not in agent.pending and offer not in agent.ignored:
            roll = rng.random()
            if roll < b.miss_share:
                agent.ignored.add(offer)
                self.stats["ignored"] += 1
            else:
                agent.pending.add(offer)
                if roll < b.miss_share + b.reject_share:
                    self._later(rng.uniform(*b.answer_s), lambda: self._reject(agent, offer))
                else:
                    queue = view.offer_queue
                    self._later(rng.uniform(*b.answer_s), lambda: self._accept(agent, offer, queue))
        for held in view.held:
            if held.contact_id in agent.pending:
                continue
            agent.pending.add(held.contact_id)
            if held.stage == "connected":
                self._later(self._handle_s(held.queue), partial(self._end, agent, held.contact_id))
            else:
                self._later(rng.uniform(*b.wrap_s), partial(self._wrap, agent, held.contact_id))
        if view.presence == "not_ready" and not agent.returning:
            agent.returning = True
            pause = b.break_s if view.reason == "break" else b.back_after_s
            self._later(rng.uniform(*pause), lambda: self._ready(agent))
        elif view.presence == "ready" and offer is None and not view.held and not agent.pending:
            self._maybe_break(agent)

    def _handle_s(self, queue: str) -> float:
        mean = self.behaviour.handle_s.get(queue.split(".", 1)[0], self.behaviour.handle_s.get("voice", 180.0))
        sigma = 0.6
        return min(self._rng.lognormvariate(math.log(mean) - sigma**2 / 2, sigma), 6 * mean)

    def _accept(self, agent: _Agent, contact_id: int, queue: str) -> None:
        if self._try("accept", lambda: self._desk.accept(agent.name, contact_id)):
            self.stats["accepted"] += 1
            self._later(self._handle_s(queue), lambda: self._end(agent, contact_id))
        else:
            agent.pending.discard(contact_id)

    def _reject(self, agent: _Agent, contact_id: int) -> None:
        if self._try("reject", lambda: self._desk.reject(agent.name, contact_id)):
            self.stats["rejected"] += 1
        agent.pending.discard(contact_id)

    def _end(self, agent: _Agent, contact_id: int) -> None:
        if self._try("end", lambda: self._desk.end(agent.name, contact_id)):
            self.stats["ended"] += 1
            self._later(self._rng.uniform(*self.behaviour.wrap_s), lambda: self._wrap(agent, contact_id))
        else:
            agent.pending.discard(contact_id)

    def _wrap(self, agent: _Agent, contact_id: int) -> None:
        code = self._rng.choice(self._reasons)
        if self._try("wrap up", lambda: self._desk.wrap_up(agent.name, contact_id, code, "simulated")):
            self.stats["wrapped"] += 1
        agent.pending.discard(contact_id)

    def _ready(self, agent: _Agent) -> None:
        self._try("ready", lambda: self._desk.set_presence(agent.name, True))
        agent.returning = agent.on_break = False

    def _maybe_break(self, agent: _Agent) -> None:
        every = self.behaviour.break_every_s
        if every is None or self._rng.random() >= self._poll_s * self.behaviour.speed / every:
            return
        allowed = max(1, int(self.behaviour.max_on_break * len(self._agents)))
        if sum(a.on_break for a in self._agents) >= allowed:
            return
        if self._try("break", lambda: self._desk.set_presence(agent.name, False, "break")):
            self.stats["breaks"] += 1
            agent.on_break = agent.returning = True
            self._later(self._rng.uniform(*self.behaviour.break_s), lambda: self._ready(agent))

    def _leave(self, agent: _Agent) -> None:
        """Finish what the agent holds and log them out (best effort, at the end of a run)."""
        view = self._ask("desk", lambda: self._desk.desk(agent.name))
        if view is None:
            return
        for held in view.held:
            if held.stage == "connected":
                self._try("end", partial(self._desk.end, agent.name, held.contact_id))
            code = self._rng.choice(self._reasons)
            self._try("wrap up", partial(self._desk.wrap_up, agent.name, held.contact_id, code, "simulated"))
        if view.presence != "logged_out":
            self._try("log out", lambda: self._desk.log_out(agent.name))
