"""What the wallboard shows at a moment: the fold's figures plus the clock-dependent ones, with colours.

Colours: a queue's service level is green at or above its target, amber within 10 points below it,
red further below; its longest wait is amber past the threshold and red past three times it. An agent
not ready for over 15 minutes, or in wrap-up for over 2 minutes, turns amber.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from carecenter.domain.reporting.wallboard import Wallboard

NOT_READY_AMBER_S = 15 * 60
WRAP_UP_AMBER_S = 120


@dataclass(frozen=True)
class QueueLine:
    code: str
    waiting: int
    callbacks: int
    longest_wait_s: float
    offered: int
    answered: int
    abandoned: int
    short_abandoned: int
    service_level: float | None  # None before anything was offered
    asa_s: float | None
    aht_s: float | None
    sl_colour: str  # green | amber | red | none
    wait_colour: str


@dataclass(frozen=True)
class AgentLine:
    agent: int
    state: str  # ready | not_ready | offered | busy | wrap_up
    reason: str | None
    in_state_s: float
    colour: str


@dataclass(frozen=True)
class BoardView:
    queues: list[QueueLine]
    agents: list[AgentLine]
    intraday: list[tuple[int, int, int, int]]  # (interval start, offered, answered, abandoned)
    position: int


def view(board: Wallboard, now: float, targets: Mapping[str, tuple[float, float]]) -> BoardView:
    """`targets`: queue -> (service-level threshold in s, target share); queues without figures show zeros."""
    waiting: dict[str, list[tuple[float, bool]]] = {}
    for queue, arrived, callback in board.waiting.values():
        waiting.setdefault(queue, []).append((arrived, callback))
    lines = []
    for code in sorted(set(targets) | set(board.queues)):
        figures = board.queue(code) if code in board.queues else None
        threshold, target = targets.get(code, (20.0, 0.8))
        here = waiting.get(code, [])
        longest = max((now - arrived for arrived, _ in here), default=0.0)
        offered = figures.offered if figures else 0
        answered = figures.answered if figures else 0
        sl = figures.answered_in_sl / offered if figures and offered else None
        lines.append(
            QueueLine(
                code=code,
                waiting=len(here),
                callbacks=sum(1 for _, callback in here if callback),
                longest_wait_s=longest,
                offered=offered,
                answered=answered,
                abandoned=figures.abandoned if figures else 0,
                short_abandoned=figures.short_abandoned if figures else 0,
                service_level=sl,
                asa_s=figures.wait_answered_s / answered if figures and answered else None,
                aht_s=figures.handle_s / figures.handled if figures and figures.handled else None,
                sl_colour=_sl_colour(sl, target),
                wait_colour="red" if longest > 3 * threshold else "amber" if longest > threshold else "green",
            )
        )
    return BoardView(lines, _agents(board, now), _intraday(board), board.position)


def _sl_colour(sl: float | None, target: float) -> str:
    if sl is None:
        return "none"
    return "green" if sl >= target else "amber" if sl >= target - 0.10 else "red"


def _agents(board: Wallboard, now: float) -> list[AgentLine]:
    ringing = set(board.ringing.values())
    busy = {agent: ended for _, agent, _, ended in board.held.values()}
    out = []
    for agent, (presence, reason, since) in sorted(board.agents.items()):
        if agent in busy:
            state = "wrap_up" if busy[agent] is not None and not _talking(board, agent) else "busy"
        elif agent in ringing:
            state = "offered"
        else:
            state = presence
        in_state = max(0.0, now - since)
        limit = NOT_READY_AMBER_S if state == "not_ready" else WRAP_UP_AMBER_S if state == "wrap_up" else None
        out.append(AgentLine(agent, state, reason, in_state, "amber" if limit and in_state > limit else "green"))
    return out


def _talking(board: Wallboard, agent: int) -> bool:
    return any(a == agent and ended is None for _, a, _, ended in board.held.values())


def _intraday(board: Wallboard) -> list[tuple[int, int, int, int]]:
    return [(start, *counts) for start, counts in sorted(board.intervals.items())]  # type: ignore[misc]
