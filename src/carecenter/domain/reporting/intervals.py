"""The ACD interval report: per queue and per agent, per 15, 30 or 60 minutes, folded from lifecycle events.

Queue figures follow the live wallboard (`domain.reporting.wallboard`) word for word: offered = contacts
that entered the queue (overflow in included), counted in the interval they entered it; answered = offers
accepted, counted in the interval of the acceptance; service level = answered within the queue's
threshold ÷ offered; ASA = mean wait of the answered from their arrival in line (an overflow keeps the
first arrival, a transfer starts a new wait); abandoned counts every abandon in the interval it happened,
and those within SHORT_ABANDON_S of arriving are also counted apart as short abandons; AHT = mean time
from acceptance to the end of wrap-up (or to a transfer away), counted in the interval the handling
finished; longest wait = the longest wait of the contacts answered or abandoned in the interval.

Agent figures: handled counts in the interval the handling finished; talk = acceptance → end, wrap-up =
end → wrapped, both summed per contact (concurrent chats each count, so occupancy can pass 100 %) and
split exactly across interval boundaries, like every duration here. Logged-in time is cut into exclusive
states: busy (holding at least one contact), else not ready (by reason code, "" when none was given),
else ready (idle or ringing) — so an agent who goes not ready during a call counts as not ready only
once the call is wrapped up. Occupancy = (talk + wrap-up) ÷ (logged in − not ready), None when that is 0.
Hold is always 0: there is no hold event yet (voice hold comes with the voice integration).

Events before `start` only set the scene (who is logged in, who is waiting since when); events at or
after `end` are ignored. An agent whose first event is not a log-in was logged in (and ready) before
the events begin. A contact answered or abandoned whose arrival lies before the events takes its wait
and queue from the event's own payload (`waited_s`, `queue`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, TypeVar

from carecenter.domain.reporting.wallboard import SHORT_ABANDON_S

INTERVAL_MINUTES = (15, 30, 60)
DEFAULT_THRESHOLD_S = 20.0  # what the wallboard assumes for a queue without a configured threshold

Event = tuple[str, Mapping[str, Any], float]  # (type, payload, at as Unix seconds)


@dataclass
class QueueRow:
    """One queue in one interval (`start` is None for the whole report; `queue` "" for all queues)."""

    queue: str
    start: float | None
    offered: int = 0
    answered: int = 0
    answered_in_sl: int = 0
    abandoned: int = 0
    short_abandoned: int = 0
    handled: int = 0
    wait_answered_s: float = 0.0
    handle_s: float = 0.0
    longest_wait_s: float = 0.0

    @property
    def service_level(self) -> float | None:
        return self.answered_in_sl / self.offered if self.offered else None

    @property
    def asa_s(self) -> float | None:
        return self.wait_answered_s / self.answered if self.answered else None

    @property
    def aht_s(self) -> float | None:
        return self.handle_s / self.handled if self.handled else None


@dataclass
class AgentRow:
    """One agent in one interval (`start` is None for the whole report); durations in seconds."""

    agent: int
    start: float | None
    handled: int = 0
    talk_s: float = 0.0
    hold_s: float = 0.0  # always 0 until hold is an event
    wrap_s: float = 0.0
    not_ready_s: dict[str, float] = field(default_factory=dict)  # reason code -> seconds
    ready_s: float = 0.0
    busy_s: float = 0.0
    logged_in_s: float = 0.0

    @property
    def not_ready_total_s(self) -> float:
        return sum(self.not_ready_s.values())

    @property
    def occupancy(self) -> float | None:
        available = self.logged_in_s - self.not_ready_total_s
        return (self.talk_s + self.wrap_s) / available if available > 1e-9 else None


@dataclass(frozen=True)
class IntervalReport:
    """Rows only where something happened, ordered by queue (agent) then interval start."""

    start: float
    end: float
    minutes: int
    queues: list[QueueRow]
    agents: list[AgentRow]
    answered_by: dict[int, frozenset[str]]  # agent -> queues whose contacts they accepted in the window

    @property
    def interval_starts(self) -> list[float]:
        step = self.minutes * 60
        return [self.start + i * step for i in range(max(0, int(-(-(self.end - self.start) // step))))]

    def queue_totals(self) -> list[QueueRow]:
        return _totals(self.queues, lambda r: QueueRow(r.queue, None), lambda r: r.queue)

    def agent_totals(self) -> list[AgentRow]:
        return _totals(self.agents, lambda r: AgentRow(r.agent, None), lambda r: r.agent)

    def overall(self) -> QueueRow:
        total = QueueRow("", None)
        for row in self.queues:
            _add(total, row)
        return total

    def series(self) -> list[QueueRow]:
        """Every interval with all queues together (zeros where nothing happened): the charts' data."""
        by_start = {start: QueueRow("", start) for start in self.interval_starts}
        for row in self.queues:
            if row.start in by_start:
                _add(by_start[row.start], row)
        return list(by_start.values())

    def only(self, queue: str) -> IntervalReport:
        """The report narrowed to one queue, with the agents who answered its contacts (all their work)."""
        agents = {a for a, queues in self.answered_by.items() if queue in queues}
        return replace(
            self,
            queues=[r for r in self.queues if r.queue == queue],
            agents=[r for r in self.agents if r.agent in agents],
            answered_by={a: q for a, q in self.answered_by.items() if a in agents},
        )


Row = TypeVar("Row", QueueRow, AgentRow)


def _add(into: Row, other: Row) -> None:
    """Sum `other` into `into`: counts and durations add up, the longest wait is the longer one."""
    for name in [f.name for f in fields(into)][2:]:
        mine, theirs = getattr(into, name), getattr(other, name)
        if isinstance(mine, dict):
            for reason, seconds in theirs.items():
                mine[reason] = mine.get(reason, 0.0) + seconds
        else:
            setattr(into, name, max(mine, theirs) if name.startswith("longest") else mine + theirs)


def _totals(rows: list[Row], new: Callable[[Row], Row], key: Callable[[Row], object]) -> list[Row]:
    totals: dict[object, Row] = {}
    for row in rows:
        if key(row) not in totals:
            totals[key(row)] = new(row)
        _add(totals[key(row)], row)
    return list(totals.values())


def interval_report(
    events: Iterable[Event], start: float, end: float, minutes: int, thresholds: Mapping[str, float]
) -> IntervalReport:
    """Fold `events` (oldest first) into the report of [start, end); `thresholds`: queue -> SL threshold, s."""
    if minutes not in INTERVAL_MINUTES:
        raise ValueError(f"minutes must be one of {INTERVAL_MINUTES}")
    fold = _Fold(start, end, minutes * 60.0, thresholds)
    for type_, payload, at in events:
        if at < end:
            handler = _HANDLERS.get(type_)
            if handler is not None:
                handler(fold, payload, at)
    return fold.finish(minutes)


@dataclass
class _Agent:
    presence: str  # ready | not_ready
    reason: str
    since: float
    holding: int = 0


@dataclass
class _Held:
    queue: str
    agent: int
    accepted: float
    ended: float | None = None


class _Fold:
    def __init__(self, start: float, end: float, step: float, thresholds: Mapping[str, float]) -> None:
        self.start, self.end, self.step, self.thresholds = start, end, step, thresholds
        self.queue_rows: dict[tuple[str, int], QueueRow] = {}
        self.agent_rows: dict[tuple[int, int], AgentRow] = {}
        self.waiting: dict[int, tuple[str, float]] = {}  # contact -> (queue, arrived)
        self.held: dict[int, _Held] = {}
        self.agents: dict[int, _Agent] = {}
        self.seen: set[int] = set()
        self.answered_by: dict[int, set[str]] = {}

    def index(self, at: float) -> int | None:
        return int((at - self.start) // self.step) if self.start <= at < self.end else None

    def queue_row(self, queue: str, at: float) -> QueueRow | None:
        i = self.index(at)
        if i is None:
            return None
        row = self.queue_rows.get((queue, i))
        if row is None:
            row = self.queue_rows[queue, i] = QueueRow(queue, self.start + i * self.step)
        return row

    def agent_row(self, agent: int, i: int) -> AgentRow:
        row = self.agent_rows.get((agent, i))
        if row is None:
            row = self.agent_rows[agent, i] = AgentRow(agent, self.start + i * self.step)
        return row

    def pieces(self, agent: int, begin: float, finish: float) -> Iterator[tuple[AgentRow, float]]:
        """[begin, finish) clipped to the report and cut at interval boundaries."""
        a, b = max(begin, self.start), min(finish, self.end)
        while a < b:
            i = int((a - self.start) // self.step)
            edge = self.start + (i + 1) * self.step
            if edge <= a:  # float rounding put `a` on the boundary: it belongs to the next interval
                i, edge = i + 1, edge + self.step
            cut = min(b, edge)
            yield self.agent_row(agent, i), cut - a
            a = cut

    def agent(self, agent: int, at: float) -> _Agent | None:
        """The agent's state with time accrued up to `at`; assumed logged in if never seen before."""
        state = self.agents.get(agent)
        if state is None and agent not in self.seen:
            state = self.agents[agent] = _Agent("ready", "", min(at, self.start))
        self.seen.add(agent)
        if state is not None:
            for row, seconds in self.pieces(agent, state.since, at):
                row.logged_in_s += seconds
                if state.holding:
                    row.busy_s += seconds
                elif state.presence == "ready":
                    row.ready_s += seconds
                else:
                    row.not_ready_s[state.reason] = row.not_ready_s.get(state.reason, 0.0) + seconds
            state.since = max(state.since, at)
        return state

    def entry(self, contact: int, p: Mapping[str, Any], at: float) -> tuple[str, float] | None:
        """Where and since when the contact waits: from its queueing, else from the payload."""
        known = self.waiting.pop(contact, None)
        if known is None and "queue" in p and "waited_s" in p:
            return p["queue"], at - float(p["waited_s"])
        return known

    def work(self, held: _Held, until: float) -> None:
        """Count the contact's talk (before its end) or wrap-up (after it) up to `until`."""
        talking = held.ended is None
        for row, seconds in self.pieces(held.agent, held.accepted if held.ended is None else held.ended, until):
            if talking:
                row.talk_s += seconds
            else:
                row.wrap_s += seconds

    def finish(self, minutes: int) -> IntervalReport:
        for held in self.held.values():  # still talking or in wrap-up at the end: count up to it
            self.work(held, self.end)
        for agent in list(self.agents):
            self.agent(agent, self.end)
        return IntervalReport(
            self.start,
            self.end,
            minutes,
            [self.queue_rows[k] for k in sorted(self.queue_rows)],
            [self.agent_rows[k] for k in sorted(self.agent_rows)],
            {agent: frozenset(queues) for agent, queues in sorted(self.answered_by.items())},
        )


def _queued(f: _Fold, p: Mapping[str, Any], at: float) -> None:
    if (row := f.queue_row(p["queue"], at)) is not None:
        row.offered += 1
    f.waiting[p["contact"]] = (p["queue"], at)


def _overflowed(f: _Fold, p: Mapping[str, Any], at: float) -> None:
    if (row := f.queue_row(p["to_queue"], at)) is not None:
        row.offered += 1
    entry = f.entry(p["contact"], p, at)
    if entry is not None:
        f.waiting[p["contact"]] = (p["to_queue"], entry[1])  # the wait goes on from the first arrival


def _accepted(f: _Fold, p: Mapping[str, Any], at: float) -> None:
    entry = f.entry(p["contact"], p, at)
    queue = entry[0] if entry is not None else str(p.get("queue", ""))
    if entry is not None and (row := f.queue_row(queue, at)) is not None:
        waited = at - entry[1]
        row.answered += 1
        row.wait_answered_s += waited
        row.longest_wait_s = max(row.longest_wait_s, waited)
        if waited <= f.thresholds.get(queue, DEFAULT_THRESHOLD_S):
            row.answered_in_sl += 1
    agent = f.agent(p["agent"], at)
    if agent is not None:
        agent.holding += 1
    f.held[p["contact"]] = _Held(queue, p["agent"], at)
    if f.index(at) is not None:
        f.answered_by.setdefault(p["agent"], set()).add(queue)


def _abandoned(f: _Fold, p: Mapping[str, Any], at: float) -> None:
    entry = f.entry(p["contact"], p, at)
    if entry is None or (row := f.queue_row(entry[0], at)) is None:
        return
    waited = at - entry[1]
    row.abandoned += 1
    if waited < SHORT_ABANDON_S:
        row.short_abandoned += 1
    row.longest_wait_s = max(row.longest_wait_s, waited)


def _ended(f: _Fold, p: Mapping[str, Any], at: float) -> None:
    held = f.held.get(p["contact"])
    if held is not None and held.ended is None:
        f.work(held, at)
        held.ended = at


def _finished(f: _Fold, p: Mapping[str, Any], at: float) -> None:
    """Wrapped up, or transferred away: this agent's handling of the contact is over."""
    held = f.held.pop(p["contact"], None)
    if held is None:
        return
    f.work(held, at)  # a transfer away while connected ends the talk; there is no wrap-up then
    agent = f.agent(held.agent, at)
    if agent is not None:
        agent.holding = max(0, agent.holding - 1)
    i = f.index(at)
    if i is not None and (figures := f.queue_row(held.queue, at)) is not None:
        figures.handled += 1
        figures.handle_s += at - held.accepted
        f.agent_row(held.agent, i).handled += 1


def _logged_in(f: _Fold, p: Mapping[str, Any], at: float) -> None:
    f.seen.add(p["agent"])  # a log-in starts the agent's time: nothing to assume before it
    previous = f.agent(p["agent"], at)
    holding = previous.holding if previous is not None else 0
    f.agents[p["agent"]] = _Agent("ready" if p.get("ready") else "not_ready", "", at, holding)


def _presence(f: _Fold, p: Mapping[str, Any], at: float) -> None:
    agent = f.agent(p["agent"], at)
    if agent is None:
        agent = f.agents[p["agent"]] = _Agent("ready", "", at)
    # Agents' own changes carry `ready`; the router's forced ones (missed, rejected) carry `presence`.
    presence = p["presence"] if "presence" in p else "ready" if p.get("ready") else "not_ready"
    agent.presence = "ready" if presence == "ready" else "not_ready"
    agent.reason = "" if agent.presence == "ready" else str(p.get("reason") or "")


def _logged_out(f: _Fold, p: Mapping[str, Any], at: float) -> None:
    f.agent(p["agent"], at)
    f.agents.pop(p["agent"], None)


def _touched(f: _Fold, p: Mapping[str, Any], at: float) -> None:
    """An offer to (or from) an agent: no change of state, but it shows the agent is logged in."""
    if "agent" in p:
        f.agent(p["agent"], at)


_HANDLERS = {
    "ContactQueued": _queued,
    "ContactOverflowed": _overflowed,
    "ContactOffered": _touched,
    "OfferRejected": _touched,
    "OfferRevoked": _touched,
    "OfferAccepted": _accepted,
    "ContactAbandoned": _abandoned,
    "ContactEnded": _ended,
    "ContactWrapped": _finished,
    "ContactTransferred": _finished,
    "AgentLoggedIn": _logged_in,
    "AgentPresenceChanged": _presence,
    "AgentLoggedOut": _logged_out,
}
