"""Access decisions that need the database: region scope with the "offered to me" exception."""

from __future__ import annotations

from carecenter.app.ports import UnitOfWork
from carecenter.domain.access.permissions import Actor
from carecenter.domain.customers.model import Customer


def require_customer_access(uow: UnitOfWork, actor: Actor, customer: Customer) -> None:
    """Forbidden unless `actor` may see `customer`: company-wide roles always; regional staff for their
    region, or for a customer whose open contact is assigned to them."""
    assert customer.id is not None
    if actor.sees_all_regions or customer.region_code == actor.region_code:
        actor.require_customer(customer.id, customer.region_code)
        return
    offered = frozenset({customer.id}) if uow.interactions.is_assigned_to(customer.id, actor.user_id) else frozenset()
    Actor(
        actor.user_id,
        actor.username,
        actor.role,
        actor.tenant_id,
        actor.region_code,
        actor.all_regions,
        offered,
    ).require_customer(customer.id, customer.region_code)
