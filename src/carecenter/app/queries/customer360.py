"""Customer 360: everything an agent needs on one screen, and the audit entry for reading it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from carecenter.app.access import require_customer_access
from carecenter.app.context import AppContext
from carecenter.app.ports import UnitOfWork
from carecenter.app.ports.services import Payment, ServiceChange
from carecenter.domain.access.permissions import Actor
from carecenter.domain.customers.identities import mask
from carecenter.domain.customers.model import (
    Address,
    Bill,
    Customer,
    Identity,
    Premise,
    ServiceAccount,
)
from carecenter.domain.errors import NotFound
from carecenter.domain.interactions.model import Interaction, InteractionStatus, timeline_order


@dataclass(frozen=True)
class Customer360:
    customer: Customer
    premises: list[Premise]
    services: list[tuple[ServiceAccount, int]]  # with row version, for compare-and-set actions
    bills: list[Bill]
    payments: list[Payment]
    timeline: list[Interaction]
    masked: bool
    merged_into_id: int | None = None

    @property
    def open_items(self) -> list[Interaction]:
        return [i for i in self.timeline if i.status == InteractionStatus.OPEN]

    @property
    def arrears_vnd(self) -> int:
        return sum(b.arrears_vnd for b in self.bills)


def _masked_address(address: Address) -> Address:
    """Roles without `customers.read_address` see the ward and province, not the house number."""
    return replace(address, line="•••", old_ward=None)


def _mask_customer(customer: Customer) -> Customer:
    identities = tuple(replace(i, value=mask(i.kind, i.value)) for i in customer.identities)
    return replace(customer, identities=identities, date_of_birth=None)


def customer_360(ctx: AppContext, actor: Actor, customer_id: int, screen: str, timeline_limit: int = 50) -> Customer360:
    """The customer's 360 view, masked for roles without `customers.read_sensitive`.

    Records who read it, when and on which screen (`screen`: a page path or an API endpoint) in the
    same transaction: no read of personal data goes unaudited. Raises NotFound, Forbidden.
    """
    with ctx.uow() as uow:
        view = load_360(uow, actor, customer_id, timeline_limit)
        uow.audit.record_read(actor.user_id, customer_id, screen, ctx.clock.now())
        uow.commit()
    return view


def load_360(uow: UnitOfWork, actor: Actor, customer_id: int, timeline_limit: int = 50) -> Customer360:
    """The 360 inside the caller's unit of work; the caller writes the read-audit row and commits."""
    customer = uow.customers.get(customer_id)
    require_customer_access(uow, actor, customer)
    if customer.merged_into_id is not None:
        raise NotFound(f"customer {customer_id} was merged into customer {customer.merged_into_id}")
    masked = not actor.can("customers.read_sensitive")
    premises = uow.customers.premises_of(customer_id)
    if not actor.can("customers.read_address"):
        premises = [replace(p, address=_masked_address(p.address)) for p in premises]
        masked = True
    return Customer360(
        customer=_mask_customer(customer) if not actor.can("customers.read_sensitive") else customer,
        premises=premises,
        services=uow.services.of_customer(customer_id),
        bills=uow.billing.bills_of(customer_id),
        payments=uow.billing.payments_of(customer_id),
        timeline=timeline_order(uow.interactions.of_customer(customer_id, timeline_limit)),
        masked=masked,
    )


def service_history(ctx: AppContext, actor: Actor, service_id: int) -> list[ServiceChange]:
    with ctx.uow() as uow:
        service, _ = uow.services.get(service_id)
        assert service.customer_id is not None
        require_customer_access(uow, actor, uow.customers.get(service.customer_id))
        return uow.services.changes_of(service_id)


def primary_phone(customer: Customer) -> Identity | None:
    phones = [i for i in customer.identities if i.kind.value == "phone"]
    return phones[0] if phones else None
