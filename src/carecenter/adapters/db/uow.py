"""SqlUnitOfWork: one connection and transaction shared by every repository for one command."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DataError

from carecenter.adapters.db.engine import READ_ONLY
from carecenter.adapters.db.repos.case_config import SqlCaseConfigRepository
from carecenter.adapters.db.repos.case_timers import SqlCaseTimerRepository
from carecenter.adapters.db.repos.cases import SqlCaseRepository
from carecenter.adapters.db.repos.customers import SqlCustomerRepository
from carecenter.adapters.db.repos.events import SqlEventLog, SqlOutbox
from carecenter.adapters.db.repos.imports import SqlImportRepository, SqlMergeRepository
from carecenter.adapters.db.repos.interactions import SqlInteractionRepository
from carecenter.adapters.db.repos.routing import SqlRoutingRepository
from carecenter.adapters.db.repos.routing_config import SqlRoutingConfigRepository
from carecenter.adapters.db.repos.segments import SqlSegmentRepository
from carecenter.adapters.db.repos.services import (
    SqlBillingRepository,
    SqlCatalogueRepository,
    SqlServiceRepository,
)
from carecenter.adapters.db.repos.users import SqlAuditRepository, SqlAuthRepository, SqlUserRepository
from carecenter.domain.errors import FieldProblem, InvalidInput
from carecenter.domain.events import Event


class SqlUnitOfWork:
    """Implements app.ports.UnitOfWork. Not re-entrant; make a new one per command.

    `on_commit` receives the events appended in this transaction once it is durable, so the live bus
    never announces something that was rolled back. A `read_only` unit reads a consistent snapshot
    without taking the write lock (SQLite) and refuses writes; it cannot commit.
    """

    def __init__(
        self,
        engine: Engine,
        tenant_id: int = 1,
        on_commit: Callable[[list[tuple[int, Event, datetime]]], None] | None = None,
        read_only: bool = False,
    ) -> None:
        self._engine = engine
        self._read_only = read_only
        self._tenant_id = tenant_id
        self._on_commit = on_commit
        self._connection: Connection | None = None

    def __enter__(self) -> SqlUnitOfWork:
        connection = self._engine.connect()
        if self._read_only:
            connection = connection.execution_options(**{READ_ONLY: True})
        connection.begin()
        self._connection = connection
        t = self._tenant_id
        self.customers = SqlCustomerRepository(connection, t)
        self.services = SqlServiceRepository(connection, t)
        self.billing = SqlBillingRepository(connection, t)
        self.catalogue = SqlCatalogueRepository(connection, t)
        self.interactions = SqlInteractionRepository(connection, t)
        self.users = SqlUserRepository(connection, t)
        self.auth = SqlAuthRepository(connection, t)
        self.audit = SqlAuditRepository(connection, t)
        self.segments = SqlSegmentRepository(connection, t)
        self.imports = SqlImportRepository(connection, t)
        self.merges = SqlMergeRepository(connection, t)
        self.routing = SqlRoutingRepository(connection, t)
        self.routing_config = SqlRoutingConfigRepository(connection, t)
        self.case_config = SqlCaseConfigRepository(connection, t)
        self.cases = SqlCaseRepository(connection, t, self.case_config)
        self.case_timers = SqlCaseTimerRepository(connection, t)
        self.events = _RecordingEventLog(connection, t)
        self.outbox = SqlOutbox(connection, t)
        return self

    def commit(self) -> None:
        assert self._connection is not None, "commit() outside `with uow:`"
        if self._read_only:
            raise RuntimeError("a read-only unit of work has nothing to commit: open ctx.uow() to write")
        self._connection.commit()
        appended, self.events.appended = self.events.appended, []
        if self._on_commit and appended:
            self._on_commit(appended)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._connection is not None
        try:
            if self._connection.in_transaction():
                self._connection.rollback()
        finally:
            self._connection.close()
            self._connection = None
        if isinstance(exc, DataError | OverflowError):
            # The database refused a value that validation let through (longer than its column, a
            # number beyond 64 bits): the request is at fault, so say so instead of failing with a 500.
            raise InvalidInput(FieldProblem("body", "a value is too long or too large")) from exc


class _RecordingEventLog(SqlEventLog):
    def __init__(self, connection: Connection, tenant_id: int) -> None:
        super().__init__(connection, tenant_id)
        self.appended: list[tuple[int, Event, datetime]] = []

    def append(self, event: Event, actor_id: int | None, at: datetime) -> int:
        position = super().append(event, actor_id, at)
        self.appended.append((position, event, at))
        return position

    def append_all(self, batch: list[Event], actor_id: int | None, at: datetime) -> list[int]:
        positions = super().append_all(batch, actor_id, at)
        self.appended.extend((position, event, at) for position, event in zip(positions, batch, strict=True))
        return positions
