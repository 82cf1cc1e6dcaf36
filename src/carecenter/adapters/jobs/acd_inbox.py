"""Several `serve` workers, one router: the database inbox between them and the election of the router.

Every worker hands routing steps to `SqlAcdInbox` (a row in `acd_inbox`, a NOTIFY on PostgreSQL) and
waits for the outcome. `AcdLeader`, started in every worker, competes for the tenant's routing lock
(a PostgreSQL advisory lock: several workers need PostgreSQL): the worker that holds it runs the router
and takes the steps in order; if it dies the lock goes with it and another worker takes over,
rebuilding the router from the database.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from dataclasses import replace
from typing import Any

from sqlalchemy import Engine, insert, select, text, update

from carecenter.adapters.db.tables import acd_inbox
from carecenter.adapters.jobs.acd_ticker import AcdTicker
from carecenter.app.acd.forwarding import error_payload, execute
from carecenter.app.acd.service import Acd
from carecenter.app.context import AppContext
from carecenter.domain.errors import Conflict

log = logging.getLogger(__name__)
CHANNEL = "carecenter_acd_inbox"
LOCK_KEY = 0x0CA2E  # with the tenant id as the second key of pg_try_advisory_lock
WAIT_S = 10.0


class SqlAcdInbox:
    """app.acd.forwarding.AcdInbox on the `acd_inbox` table."""

    def __init__(self, engine: Engine, ctx_clock: Any, tenant_id: int = 1) -> None:
        self._engine = engine
        self._clock = ctx_clock
        self._tenant = tenant_id

    def call(self, command: str, args: dict[str, Any]) -> tuple[bool, Any]:
        with self._engine.begin() as connection:
            step = connection.execute(
                insert(acd_inbox)
                .values(tenant_id=self._tenant, command=command, args=args, created_at=self._clock.now())
                .returning(acd_inbox.c.id)
            ).scalar_one()
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_notify(:channel, :step)"), {"channel": CHANNEL, "step": str(step)})
        deadline, pause = time.monotonic() + WAIT_S, 0.001
        with self._engine.connect() as connection:
            while time.monotonic() < deadline:
                row = connection.execute(
                    select(acd_inbox.c.status, acd_inbox.c.result).where(acd_inbox.c.id == step)
                ).one()
                connection.rollback()  # a fresh snapshot on the next read
                if row.status != "pending" and (row.status == "failed" or row.result is not None):
                    return row.status == "done", row.result
                time.sleep(pause)
                pause = min(pause * 1.5, 0.02)
            withdrawn = connection.execute(
                update(acd_inbox)
                .where(acd_inbox.c.id == step, acd_inbox.c.status == "pending")
                .values(status="failed", result=error_payload(Conflict("routing did not answer in time")))
            ).rowcount
            connection.commit()
        if withdrawn:
            raise Conflict("contact routing did not answer in time; nothing was done, try again")
        return self.call_result(step)

    def call_result(self, step: int) -> tuple[bool, Any]:
        """The outcome of a step that was taken just as its caller gave up waiting."""
        with self._engine.connect() as connection:
            for _ in range(500):
                row = connection.execute(
                    select(acd_inbox.c.status, acd_inbox.c.result).where(acd_inbox.c.id == step)
                ).one()
                connection.rollback()
                if row.result is not None or row.status == "failed":
                    return row.status == "done", row.result
                time.sleep(0.01)
        raise Conflict("contact routing took the step but its outcome was lost; check the desk")


class AcdLeader:
    """Runs the router in this process while it holds the tenant's routing lock, and takes the inbox."""

    def __init__(self, engine: Engine, ctx: AppContext, tenant_id: int = 1) -> None:
        self._engine = engine
        self._ctx = ctx
        self._tenant = tenant_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="acd-leader", daemon=True)
        self.routing = threading.Event()  # set while this process is the one routing

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with self._lock() as held:
                    if held is None:
                        self._stop.wait(2.0)
                        continue
                    self._lead(held)
            except Exception:  # a lost database connection: let go, try again shortly
                log.exception("routing leader stopped; retrying")
                self.routing.clear()
                self._stop.wait(2.0)

    @contextlib.contextmanager
    def _lock(self) -> Any:
        """The routing lock's session (LISTENing for new steps), or None while another worker holds it."""
        connection = self._engine.raw_connection()
        try:
            driver: Any = connection.driver_connection
            driver.autocommit = True
            got = driver.execute("SELECT pg_try_advisory_lock(%s, %s)", (LOCK_KEY, self._tenant)).fetchone()[0]
            if got:
                driver.execute(f"LISTEN {CHANNEL}")
            yield driver if got else None
        finally:
            connection.invalidate()  # closing the session releases the advisory lock

    def _lead(self, held: Any) -> None:
        acd = Acd(self._ctx.uow, self._ctx.clock)
        acd.start()
        ticker = AcdTicker(acd, self._ctx.clock)
        ticker.start()
        routed = replace(self._ctx, acd=acd, acd_inbox=None)
        self.routing.set()
        log.info("this worker routes contacts")
        try:
            while not self._stop.is_set():
                if not self._take(routed):
                    self._wait(held)
        finally:
            self.routing.clear()
            ticker.stop()

    def _wait(self, held: Any) -> None:
        for _ in held.notifies(timeout=0.5, stop_after=1):
            pass
        held.execute("SELECT 1")  # the lock's session is still alive, or this raises

    def _take(self, routed: AppContext) -> int:
        """Take the pending steps in order; how many there were."""
        with self._engine.connect() as connection:
            steps = connection.execute(
                select(acd_inbox.c.id, acd_inbox.c.command, acd_inbox.c.args)
                .where(acd_inbox.c.tenant_id == self._tenant, acd_inbox.c.status == "pending")
                .order_by(acd_inbox.c.id)
                .limit(100)
            ).all()
        for step in steps:
            try:
                ok, result = execute(routed, step.command, step.args, step.id)
            except Exception:  # a bug must not stop routing for everyone: the caller gets a 409
                log.exception("routing step %s failed", step.command)
                ok, result = False, error_payload(Conflict("routing failed on this step"))
            with self._engine.begin() as connection:
                connection.execute(
                    update(acd_inbox)
                    .where(acd_inbox.c.id == step.id)
                    .values(
                        status="done" if ok else "failed",
                        result=result if result is not None else {},
                        done_at=routed.clock.now(),
                    )
                )
        return len(steps)
