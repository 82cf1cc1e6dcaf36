"""Fires the router's timers (offer timeouts, relaxation, overflow, wrap-up) on time, in a thread.

It sleeps until the router's next due time, or until a submitted step may have brought that time
forward (`Acd.changed`), and never longer than a second so a stuck clock cannot stall it.
"""

from __future__ import annotations

import logging
import threading

from carecenter.app.acd.service import Acd
from carecenter.app.ports import Clock

log = logging.getLogger(__name__)


class AcdTicker:
    def __init__(self, acd: Acd, clock: Clock) -> None:
        self._acd = acd
        self._clock = clock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="acd-ticker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._acd.changed.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            due = self._acd.next_due()
            wait = 1.0 if due is None else min(1.0, max(0.0, (due - self._clock.now()).total_seconds()))
            if wait > 0:
                self._acd.changed.wait(wait)
            self._acd.changed.clear()
            if self._stop.is_set():
                return
            try:
                self._acd.tick()
            except Exception:  # a failed tick is rebuilt from the database by Acd; keep ticking
                log.exception("routing timers failed; retrying")
