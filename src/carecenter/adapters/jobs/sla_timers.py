"""Fires the cases' SLA timers (warnings, breaches, breach actions) in a background thread.

Every `interval_s` (or at once after `wake()`) it claims up to `batch` due cases and fires them through
app.commands.case_sla.fire_due; a full batch is followed at once by the next. Each serving process runs
one; several processes (or hosts) are safe together because a case is claimed by a conditional UPDATE
and its alarms are recorded in the transaction that acts on them. The worker id names the host and
process, so a claim left by a killed process is recognisably foreign and is taken over when its lease
runs out.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid

from carecenter.app.commands.case_sla import DEFAULT_LEASE_S, fire_due
from carecenter.app.context import AppContext

log = logging.getLogger(__name__)


class SlaTimers:
    def __init__(
        self,
        ctx: AppContext,
        interval_s: float = 1.0,
        batch: int = 100,
        lease_s: float = DEFAULT_LEASE_S,
        worker_id: str | None = None,
    ) -> None:
        self._ctx = ctx
        self._interval_s = interval_s
        self._batch = batch
        self._lease_s = lease_s
        self.worker_id = worker_id or f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sla-timers", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Look for due timers now rather than at the next interval."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)

    def run_once(self) -> int:
        """Claim and fire one batch; returns how many cases were claimed."""
        report = fire_due(self._ctx, self.worker_id, limit=self._batch, lease_s=self._lease_s)
        return report.claimed

    def _run(self) -> None:
        while not self._stop.is_set():
            claimed = 0
            try:
                claimed = self.run_once()
            except Exception:  # the database was away: try again at the next interval
                log.exception("SLA timers failed; retrying")
            if claimed < self._batch:  # a full batch: more may be due, go on at once
                self._wake.wait(self._interval_s)
                self._wake.clear()
