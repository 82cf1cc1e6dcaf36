"""REST: service accounts (suspend/restore/change package), bills, catalogue."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, get, post

from carecenter.app.commands.services import change_service
from carecenter.app.context import AppContext
from carecenter.app.queries.catalogue import list_products, list_promotions, list_regions
from carecenter.app.queries.customer360 import customer_360, service_history
from carecenter.web.access import current, rule
from carecenter.web.api import serialise


class ServiceActionIn(msgspec.Struct):
    action: str  # suspend | restore | change_package
    version: int
    reason: str = ""
    product_code: str | None = None


@get(
    "/api/v1/customers/{customer_id:int}/services",
    opt=rule("customers.read", reads_customer=True),
    sync_to_thread=True,
)
def services_of(request: Request[Any, Any, Any], ctx: AppContext, customer_id: int) -> dict[str, Any]:
    view = customer_360(ctx, current(request).actor, customer_id, screen=f"GET {request.url.path}")
    return {"services": [serialise.service(s, v) for s, v in view.services]}


@get(
    "/api/v1/customers/{customer_id:int}/bills",
    opt=rule("customers.read", reads_customer=True),
    sync_to_thread=True,
)
def bills_of(request: Request[Any, Any, Any], ctx: AppContext, customer_id: int) -> dict[str, Any]:
    view = customer_360(ctx, current(request).actor, customer_id, screen=f"GET {request.url.path}")
    return {"bills": [serialise.bill(b) for b in view.bills], "arrears_vnd": view.arrears_vnd}


@post(
    "/api/v1/services/{service_id:int}/actions",
    opt=rule("services.change"),
    sync_to_thread=True,
    status_code=200,
)
def act_on_service(
    request: Request[Any, Any, Any], ctx: AppContext, service_id: int, data: ServiceActionIn
) -> dict[str, Any]:
    """Suspend, restore or change the package; `version` is the service's version you saw (409 if stale)."""
    service, version = change_service(
        ctx, current(request).actor, service_id, data.action, data.version, data.reason, data.product_code
    )
    return serialise.service(service, version)


@get("/api/v1/services/{service_id:int}/changes", opt=rule("customers.read"), sync_to_thread=True)
def changes_of(request: Request[Any, Any, Any], ctx: AppContext, service_id: int) -> dict[str, Any]:
    changes = service_history(ctx, current(request).actor, service_id)
    return {
        "changes": [
            {
                "action": c.action,
                "from": c.from_value,
                "to": c.to_value,
                "reason": c.reason,
                "actor_id": c.actor_id,
                "at": c.at.isoformat(),
            }
            for c in changes
        ]
    }


@get("/api/v1/products", opt=rule("customers.read"), sync_to_thread=True)
def products(ctx: AppContext) -> dict[str, Any]:
    return {
        "products": [
            msgspec.structs.asdict(p) if isinstance(p, msgspec.Struct) else p.__dict__ for p in list_products(ctx)
        ]
    }


@get("/api/v1/promotions", opt=rule("customers.read"), sync_to_thread=True)
def promotions(ctx: AppContext) -> dict[str, Any]:
    return {
        "promotions": [
            {**p.__dict__, "valid_from": p.valid_from.isoformat(), "valid_to": p.valid_to.isoformat()}
            for p in list_promotions(ctx)
        ]
    }


@get("/api/v1/regions", opt=rule("customers.read"), sync_to_thread=True)
def regions(ctx: AppContext) -> dict[str, Any]:
    """Regions and their branches (one shared customer database across all of them)."""
    return {
        "regions": [
            {"code": r.code, "name": r.name, "branches": [{"code": c, "name": n} for c, n in r.branches]}
            for r in list_regions(ctx)
        ]
    }


ROUTES = [regions, services_of, bills_of, act_on_service, changes_of, products, promotions]
