"""The unit of work: one transaction, the repositories that share it, and the event log."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol

from carecenter.app.ports.basics import EventLog, Outbox
from carecenter.app.ports.cases import CaseConfigRepository, CaseRepository, CaseTimerRepository
from carecenter.app.ports.customers import CustomerRepository
from carecenter.app.ports.imports import ImportRepository, MergeRepository
from carecenter.app.ports.interactions import InteractionRepository
from carecenter.app.ports.routing import RoutingConfigRepository, RoutingRepository
from carecenter.app.ports.segments import SegmentRepository
from carecenter.app.ports.services import BillingRepository, CatalogueRepository, ServiceRepository
from carecenter.app.ports.users import AuditRepository, AuthRepository, UserRepository


class UnitOfWork(Protocol):
    """`with uow:` opens a transaction; `uow.commit()` makes it durable; leaving without commit rolls back.

    Everything written inside one `with` block, events and outbox rows included, commits together or
    not at all.
    """

    customers: CustomerRepository
    services: ServiceRepository
    billing: BillingRepository
    catalogue: CatalogueRepository
    interactions: InteractionRepository
    users: UserRepository
    auth: AuthRepository
    audit: AuditRepository
    segments: SegmentRepository
    imports: ImportRepository
    merges: MergeRepository
    routing: RoutingRepository
    routing_config: RoutingConfigRepository
    cases: CaseRepository
    case_config: CaseConfigRepository
    case_timers: CaseTimerRepository
    events: EventLog
    outbox: Outbox

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...
