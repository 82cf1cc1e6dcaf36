"""The live wallboard as a fold over the day's lifecycle events: `board.apply(event)` for each, in order.

A snapshot plus the events after it equals a fresh fold (the property the SSE resume relies on and a
test checks on thousands of random cuts), so the state holds only what the events say — never the clock;
`view(now)` adds the clock-dependent figures (longest wait, time in state) when it is shown.

Definitions (per queue, for the day): offered = contacts that entered the queue (overflow in included);
answered = offers accepted there; service level = answered within the queue's threshold ÷ offered;
ASA = mean wait of answered contacts; AHT = mean time from acceptance to the end of wrap-up; an
abandon within SHORT_ABANDON_S of arriving is counted apart as a short abandon.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

SHORT_ABANDON_S = 5.0
INTERVAL_S = 900  # the intraday chart's 15-minute buckets


@dataclass
class QueueFigures:
    offered: int = 0
    answered: int = 0
    answered_in_sl: int = 0
    abandoned: int = 0
    short_abandoned: int = 0
    overflowed_out: int = 0
    refused: int = 0
    handled: int = 0
    wait_answered_s: float = 0.0
    handle_s: float = 0.0
    longest_answered_wait_s: float = 0.0


@dataclass
class Wallboard:
    thresholds: dict[str, float] = field(default_factory=dict)  # queue -> service-level threshold, s
    position: int = 0  # id of the last event applied
    queues: dict[str, QueueFigures] = field(default_factory=dict)
    waiting: dict[int, list[Any]] = field(default_factory=dict)  # contact -> [queue, arrived, callback]
    held: dict[int, list[Any]] = field(default_factory=dict)  # contact -> [queue, agent, accepted, ended]
    ringing: dict[int, int] = field(default_factory=dict)  # contact -> agent
    agents: dict[int, list[Any]] = field(default_factory=dict)  # agent -> [presence, reason, since]
    intervals: dict[int, list[int]] = field(default_factory=dict)  # start -> [offered, answered, abandoned]
    handled_by: dict[int, list[float]] = field(default_factory=dict)  # agent -> [handled, handle seconds]

    def apply(self, position: int, type_: str, payload: Mapping[str, Any], at: float) -> None:
        """Fold one event in. Events at or before `position` were already applied and are ignored."""
        if position <= self.position:
            return
        self.position = position
        handler = _HANDLERS.get(type_)
        if handler is not None:
            handler(self, payload, at)

    def queue(self, code: str) -> QueueFigures:
        figures = self.queues.get(code)
        if figures is None:
            figures = self.queues[code] = QueueFigures()
        return figures

    def bucket(self, at: float) -> list[int]:
        start = int(at // INTERVAL_S * INTERVAL_S)
        counts = self.intervals.get(start)
        if counts is None:
            counts = self.intervals[start] = [0, 0, 0]
        return counts

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Wallboard:
        raw = json.loads(text)
        board = cls(thresholds=dict(raw["thresholds"]), position=raw["position"])
        board.queues = {q: QueueFigures(**f) for q, f in raw["queues"].items()}
        board.waiting = {int(k): v for k, v in raw["waiting"].items()}
        board.held = {int(k): v for k, v in raw["held"].items()}
        board.ringing = {int(k): v for k, v in raw["ringing"].items()}
        board.agents = {int(k): v for k, v in raw["agents"].items()}
        board.intervals = {int(k): v for k, v in raw["intervals"].items()}
        board.handled_by = {int(k): v for k, v in raw["handled_by"].items()}
        return board


def _queued(board: Wallboard, p: Mapping[str, Any], at: float) -> None:
    board.queue(p["queue"]).offered += 1
    board.bucket(at)[0] += 1
    board.waiting[p["contact"]] = [p["queue"], at, False]


def _overflowed(board: Wallboard, p: Mapping[str, Any], at: float) -> None:
    entry = board.waiting.get(p["contact"])
    board.queue(p["from_queue"]).overflowed_out += 1
    board.queue(p["to_queue"]).offered += 1
    if entry is not None:
        entry[0] = p["to_queue"]  # the caller's wait goes on from their first arrival


def _offered(board: Wallboard, p: Mapping[str, Any], at: float) -> None:
    board.ringing[p["contact"]] = p["agent"]
    _agent_changed(board, p["agent"], at)


def _revoked(board: Wallboard, p: Mapping[str, Any], at: float) -> None:
    if board.ringing.pop(p["contact"], None) is not None:
        _agent_changed(board, p["agent"], at)


def _accepted(board: Wallboard, p: Mapping[str, Any], at: float) -> None:
    entry = board.waiting.pop(p["contact"], None)
    board.ringing.pop(p["contact"], None)
    if entry is None:
        return
    queue, arrived = entry[0], entry[1]
    waited = at - arrived
    figures = board.queue(queue)
    figures.answered += 1
    figures.wait_answered_s += waited
    figures.longest_answered_wait_s = max(figures.longest_answered_wait_s, waited)
    if waited <= board.thresholds.get(queue, 20.0):
        figures.answered_in_sl += 1
    board.bucket(at)[1] += 1
    board.held[p["contact"]] = [queue, p["agent"], at, None]
    _agent_changed(board, p["agent"], at)


def _abandoned(board: Wallboard, p: Mapping[str, Any], at: float) -> None:
    entry = board.waiting.pop(p["contact"], None)
    board.ringing.pop(p["contact"], None)
    if entry is None:
        return
    figures = board.queue(entry[0])
    figures.abandoned += 1
    if at - entry[1] < SHORT_ABANDON_S:
        figures.short_abandoned += 1
    board.bucket(at)[2] += 1


def _refused(board: Wallboard, p: Mapping[str, Any], at: float) -> None:
    board.queue(p["queue"]).refused += 1


def _callback(board: Wallboard, p: Mapping[str, Any], at: float) -> None:
    entry = board.waiting.get(p["contact"])
    if entry is not None:
        entry[2] = True


def _ended(board: Wallboard, p: Mapping[str, Any], at: float) -> None:
    entry = board.held.get(p["contact"])
    if entry is not None:
        entry[3] = at
        _agent_changed(board, entry[1], at)


def _finished(board: Wallboard, p: Mapping[str, Any], at: float) -> None:
    """Wrapped up, or transferred away: this agent's handling of the contact is over."""
    entry = board.held.pop(p["contact"], None)
    if entry is None:
        return
    figures = board.queue(entry[0])
    figures.handled += 1
    figures.handle_s += at - entry[2]
    mine = board.handled_by.setdefault(entry[1], [0, 0.0])
    mine[0] += 1
    mine[1] += at - entry[2]
    _agent_changed(board, entry[1], at)


def _presence(board: Wallboard, p: Mapping[str, Any], at: float) -> None:
    agent = p["agent"]
    # Agents' own changes carry `ready`; the router's forced ones (missed, rejected) carry `presence`.
    presence = p["presence"] if "presence" in p else "ready" if p.get("ready") else "not_ready"
    board.agents[agent] = [presence, p.get("reason"), at]


def _logged_out(board: Wallboard, p: Mapping[str, Any], at: float) -> None:
    board.agents.pop(p["agent"], None)


def _agent_changed(board: Wallboard, agent: int, at: float) -> None:
    """Work started or stopped: the agent's time in state starts again."""
    entry = board.agents.get(agent)
    if entry is not None:
        entry[2] = at


_HANDLERS = {
    "ContactQueued": _queued,
    "ContactOverflowed": _overflowed,
    "ContactOffered": _offered,
    "OfferRevoked": _revoked,
    "OfferAccepted": _accepted,
    "ContactAbandoned": _abandoned,
    "ContactRefused": _refused,
    "CallbackRequested": _callback,
    "ContactEnded": _ended,
    "ContactWrapped": _finished,
    "ContactTransferred": _finished,
    "AgentLoggedIn": _presence,
    "AgentPresenceChanged": _presence,
    "AgentLoggedOut": _logged_out,
}
