"""THE composition root: settings -> adapters -> application context -> web app / CLI workers.

Nothing else constructs adapters; tests build their apps through `build` too, so what is tested is
what runs.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from litestar import Litestar
from litestar.channels.backends.base import ChannelsBackend
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.psycopg import PsycoPgChannelsBackend
from sqlalchemy import Engine, text

from carecenter.adapters.db.engine import make_engine
from carecenter.adapters.db.migrate import upgrade
from carecenter.adapters.db.uow import SqlUnitOfWork
from carecenter.adapters.importers.tabular import TabularFiles
from carecenter.adapters.jobs.acd_inbox import AcdLeader, SqlAcdInbox
from carecenter.adapters.jobs.acd_ticker import AcdTicker
from carecenter.adapters.jobs.sla_timers import SlaTimers
from carecenter.adapters.security.argon2_hasher import Argon2Hasher
from carecenter.app.acd.service import Acd
from carecenter.app.commands.case_sla import DEFAULT_LEASE_S
from carecenter.app.context import AppContext
from carecenter.app.live.wallboard import LiveWallboard
from carecenter.app.ports import Clock, SystemClock, UnitOfWork
from carecenter.app.ports.basics import Logged
from carecenter.config import Settings, load_settings
from carecenter.domain.events import Event


@dataclass
class Container:
    settings: Settings
    engine: Engine
    context: AppContext
    committed: CommitForwarder = field(default_factory=lambda: CommitForwarder())
    _ticker: AcdTicker | None = None
    _leader: AcdLeader | None = None
    _sla_timers: SlaTimers | None = None

    def database_ok(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except Exception:  # any driver error means "not reachable" to a health check
            return False

    def start_jobs(self) -> None:
        """Start this process's background work (routing timers, SLA timers); serving processes call it.

        Every serving process runs the SLA timers: several are safe together (cases are claimed)."""
        if self.context.acd is not None and self._ticker is None:
            self._ticker = AcdTicker(self.context.acd, self.context.clock)
            self._ticker.start()
        if self.context.acd_inbox is not None and self._leader is None:
            self._leader = AcdLeader(self.engine, self.context)
            self._leader.start()
        if self._sla_timers is None:
            self._sla_timers = SlaTimers(self.context, lease_s=_sla_lease_s())
            self._sla_timers.start()

    def dispose(self) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        if self._leader is not None:
            self._leader.stop()
            self._leader = None
        if self._sla_timers is not None:
            self._sla_timers.stop()
            self._sla_timers = None
        self.engine.dispose()


def _sla_lease_s() -> float:
    """How long a claim on due SLA timers holds (CARECENTER_SLA_LEASE_S, default 30 s): a worker killed
    mid-batch leaves its cases to the others (or to itself restarted) after that long."""
    return float(os.environ.get("CARECENTER_SLA_LEASE_S", DEFAULT_LEASE_S))


def build(
    settings: Settings | None = None,
    clock: Clock | None = None,
    migrate: bool = True,
    fast_hashing: bool = False,
    routing: bool = False,
    forwarding: bool = False,
) -> Container:
    """Wire everything for `settings` (default: from the environment). Migrates the schema first.

    With `routing`, this process runs the contact router (rebuilt from the database now). Exactly one
    process may route a tenant: `serve` with one worker and `demo` do; tools (seed, import…) must not.
    With `forwarding` (several `serve` workers), routing steps go through the database inbox to
    whichever worker holds the routing lock; `start_jobs` enters this worker in that election.
    """
    settings = settings or load_settings()
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)

    committed = CommitForwarder()

    def unit_of_work() -> UnitOfWork:
        return SqlUnitOfWork(engine, on_commit=committed)

    def read_only() -> UnitOfWork:
        return SqlUnitOfWork(engine, read_only=True)

    clock = clock or SystemClock()
    acd = Acd(unit_of_work, clock) if routing else None
    if acd is not None:
        acd.start()
    context = AppContext(
        uow=unit_of_work,
        read=read_only,
        clock=clock,
        hasher=Argon2Hasher(fast=fast_hashing or settings.demo),
        session_hours=settings.session_hours,
        demo=settings.demo,
        readers=TabularFiles(),
        acd=acd,
        acd_inbox=SqlAcdInbox(engine, clock) if forwarding else None,
        wallboard=LiveWallboard(read_only, clock, settings.timezone),
    )
    return Container(settings, engine, context, committed)


class CommitForwarder:
    """The units of work's `on_commit`: hands committed events to the live hub once a web app serves."""

    def __init__(self) -> None:
        self.target: Callable[[list[Logged]], None] | None = None

    def __call__(self, appended: list[tuple[int, Event, datetime]]) -> None:
        if self.target is not None:
            self.target([Logged(position, event, at) for position, event, at in appended])


def live_backend(engine: Engine) -> ChannelsBackend:
    """In-memory fan-out for SQLite (one process); LISTEN/NOTIFY when several workers share PostgreSQL."""
    if engine.dialect.name == "postgresql":
        dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        return PsycoPgChannelsBackend(pg_dsn=dsn)
    return MemoryChannelsBackend()


def web_app(container: Container, jobs: bool = False) -> Litestar:
    """The web app over `container`; with `jobs`, its start-up also starts the background work
    (routing timers) and its shutdown stops it — what a serving process wants, not a test client."""
    from carecenter.web.app import create_app
    from carecenter.web.live import LiveHub

    wallboard = container.context.wallboard
    hub = LiveHub(live_backend(container.engine), feeds=[wallboard.feed] if wallboard else [])
    container.committed.target = hub.publish
    return create_app(
        container.context,
        health=container.database_ok,
        secure_cookies=container.settings.secure_cookies,
        default_locale=container.settings.default_locale,
        timezone=container.settings.timezone,
        live=hub,
        on_startup=[container.start_jobs] if jobs else [],
        on_shutdown=[container.dispose] if jobs else [],
    )


def asgi() -> Litestar:
    """Entry point for `uvicorn --factory carecenter.bootstrap:asgi` (serve workers).

    A lone worker routes contacts itself; of several (`serve --workers N` sets CARECENTER_WORKERS), the
    one holding the routing lock routes and the others hand it their routing steps.
    """
    single = os.environ.get("CARECENTER_WORKERS", "1") == "1"
    app = web_app(build(routing=single, forwarding=not single), jobs=True)
    _settle_garbage_collector()
    return app


def _settle_garbage_collector() -> None:
    """Keep the collector's full passes short in a long-running server.

    Everything made while starting (modules, the schema, compiled statements, the rebuilt router) lives
    as long as the process; frozen, it is no longer walked by every full collection. Measured with 1,000
    desk streams open: full collections of 100–290 ms stalled every request in flight, the worst figures
    of the end-to-end latency benchmark."""
    gc.collect()
    gc.freeze()
