"""Erasure on request (Vietnam's Decree 13/2023 on personal data protection)."""

from __future__ import annotations

from dataclasses import replace

from carecenter.app.context import AppContext
from carecenter.domain.access.permissions import Actor
from carecenter.domain.errors import Conflict, FieldProblem, InvalidInput
from carecenter.domain.events import event


def erase_customer(ctx: AppContext, actor: Actor, customer_id: int, reason: str) -> None:
    """Remove the personal data of a customer who asked for it.

    Name, identities, date of birth and house-number lines go; billing and interaction records stay
    (accounting and dispute obligations) but no longer point to a recognisable person. The event keeps
    who erased and why, not what was erased.
    """
    actor.require("customers.erase")
    reason = " ".join(reason.split())
    if not reason or len(reason) > 500:
        raise InvalidInput(FieldProblem("reason", "say why (the customer's request), in at most 500 characters"))
    with ctx.uow() as uow:
        customer = uow.customers.get(customer_id)
        if customer.is_erased:
            raise Conflict(f"customer {customer_id} was already erased")
        now = ctx.clock.now()
        erased = replace(
            customer,
            name=f"(erased #{customer_id})",
            date_of_birth=None,
            consent_marketing=False,
            consent_data_processing=False,
            erased_at=now,
        )
        uow.customers.update(erased, customer.version, now)
        uow.customers.erase_personal_data(customer_id)
        uow.customers.set_search_document(customer_id, "")
        uow.events.append(event("CustomerErased", "customer", customer_id, reason=reason), actor.user_id, now)
        uow.commit()
