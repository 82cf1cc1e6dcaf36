"""The live wallboard of this process: today's events folded once, then kept current as events arrive.

Events come from the live bus (`feed`, any order of workers, possibly with gaps) and, when a gap shows or
the day turns, from the event log itself, so a lost notification costs a catch-up read, never a wrong
figure. The fold is `domain.reporting.wallboard`; snapshots plus later events equal fresh folds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from carecenter.app.ports import Clock, UnitOfWork
from carecenter.domain.access.permissions import Actor
from carecenter.domain.reporting.wallboard import Wallboard
from carecenter.domain.reporting.wallboard_view import BoardView, view

AGGREGATES = ("contact", "agent")


class LiveWallboard:
    def __init__(self, uow: Callable[[], UnitOfWork], clock: Clock, timezone: str = "Asia/Ho_Chi_Minh") -> None:
        self._uow = uow
        self._clock = clock
        self._zone = ZoneInfo(timezone)
        self._lock = threading.Lock()
        self._board: Wallboard | None = None
        self._day_start: datetime | None = None
        self._targets: dict[str, tuple[float, float]] = {}
        self.version = 0  # bumps whenever the board changes: streams re-render when it moves

    def feed(self, position: int, type_: str, aggregate: str, payload: dict[str, Any], at: datetime) -> None:
        """Apply one event from the live bus (ignored if not an ACD event or already applied)."""
        if aggregate not in AGGREGATES:
            return
        with self._lock:
            board = self._current()
            if position <= board.position:
                return
            if position > board.position + 1:
                self._catch_up(board)  # something was missed (or is still committing): read the log
            board.apply(position, type_, payload, at.timestamp())
            self.version += 1

    def show(self, actor: Actor) -> BoardView:
        """The board as of now, with colours against each queue's threshold and target."""
        actor.require("acd.wallboard")
        with self._lock:
            board = self._current()
            self._catch_up(board)
            return view(board, self._clock.now().timestamp(), self._targets)

    def day_start(self) -> datetime:
        """Local midnight of the day the board covers (the intraday chart's origin)."""
        with self._lock:
            self._current()
            assert self._day_start is not None
            return self._day_start

    def my_day(self, actor: Actor) -> tuple[int, float | None]:
        """The actor's contacts handled today and their mean handle time (talk + wrap-up), seconds."""
        actor.require("acd.desk")
        with self._lock:
            board = self._current()
            self._catch_up(board)
            handled, seconds = board.handled_by.get(actor.user_id, [0, 0.0])
        return int(handled), (seconds / handled if handled else None)

    def _current(self) -> Wallboard:
        now = self._clock.now()
        day_start = datetime.combine(now.astimezone(self._zone).date(), time(0), self._zone)
        if self._board is None or self._day_start != day_start:
            with self._uow() as uow:
                queues = uow.routing.queues()
            self._targets = {q.code: (q.sl_threshold_s, q.sl_target) for q in queues}
            self._board = Wallboard(thresholds={code: t for code, (t, _) in self._targets.items()})
            self._day_start = day_start
            self._catch_up(self._board)
            self.version += 1
        return self._board

    def _catch_up(self, board: Wallboard) -> None:
        assert self._day_start is not None
        with self._uow() as uow:
            while True:
                batch = uow.events.since(board.position, AGGREGATES, self._day_start)
                for logged in batch:
                    e = logged.event
                    board.apply(logged.position, e.type, e.payload, logged.at.timestamp())
                if len(batch) < 5000:
                    break
        if self._day_start + timedelta(days=1) <= self._clock.now():
            self._board = None  # the day turned while reading: start over on the next call
