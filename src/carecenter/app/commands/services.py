"""Agents suspend, restore or re-package a service; each change is logged and the customer told."""

from __future__ import annotations

from carecenter.app.access import require_customer_access
from carecenter.app.commands.notices import notice_address
from carecenter.app.context import AppContext
from carecenter.app.ports.services import ServiceChange
from carecenter.domain.access.permissions import Actor
from carecenter.domain.customers.model import ServiceAccount
from carecenter.domain.errors import FieldProblem, InvalidInput
from carecenter.domain.events import event

ACTIONS = ("suspend", "restore", "change_package")


def change_service(
    ctx: AppContext,
    actor: Actor,
    service_id: int,
    action: str,
    expected_version: int,
    reason: str = "",
    product_code: str | None = None,
) -> tuple[ServiceAccount, int]:
    """Apply `action` to a service with compare-and-set on its version; returns it with the new version.

    Records a service change, emits `ServiceSuspended`/`ServiceRestored`/`ServicePackageChanged` and
    queues a notice to the customer (SMS to the primary phone, else email) in the outbox; real sending
    arrives with the channels. Raises InvalidInput, NotFound, Forbidden, Conflict.
    """
    actor.require("services.change")
    if action not in ACTIONS:
        raise InvalidInput(FieldProblem("action", f"must be one of {', '.join(ACTIONS)}"))
    if action == "change_package" and not product_code:
        raise InvalidInput(FieldProblem("product_code", "required to change the package"))
    with ctx.uow() as uow:
        service, _version = uow.services.get(service_id)
        assert service.customer_id is not None
        customer = uow.customers.get(service.customer_id)
        require_customer_access(uow, actor, customer)
        before: str | None
        after: str
        if action == "suspend":
            changed, before, after, kind = service.suspended(), service.status.value, "suspended", "ServiceSuspended"
        elif action == "restore":
            changed, before, after, kind = service.restored(), service.status.value, "active", "ServiceRestored"
        else:
            assert product_code is not None
            product = uow.catalogue.product(product_code)
            if product is None or not product.active:
                raise InvalidInput(FieldProblem("product_code", f"no active package {product_code!r}"))
            if product.service_kind != service.kind.value:
                raise InvalidInput(
                    FieldProblem(
                        "product_code",
                        f"{product_code} is a {product.service_kind} package, this service is {service.kind.value}",
                    )
                )
            changed, before, after, kind = (
                service.with_package(product_code),
                service.product_code,
                product_code,
                "ServicePackageChanged",
            )
        now = ctx.clock.now()
        new_version = uow.services.save(changed, expected_version)
        uow.services.record_change(ServiceChange(service_id, action, before, after, reason, actor.user_id, now))
        uow.events.append(
            event(kind, "service", service_id, customer_id=customer.id, before=before, after=after),
            actor.user_id,
            now,
        )
        channel, recipient = notice_address(customer)
        uow.outbox.add(
            channel,
            f"service.{action}",
            {"account": service.account_number, "before": before, "after": after, "at": now.isoformat()},
            now,
            recipient=recipient,
            customer_id=customer.id,
        )
        uow.commit()
    return changed, new_version
